/**
 * Running a program we do not trust to behave, for its stdout: it gets a time limit and a
 * size limit, runs in its own process group so that a timeout also stops whatever it
 * started, and we stop listening when time is up even if an escaped child still holds
 * the pipe. Completion must answer promptly whatever the program does.
 */
import { exitStatus, type Env } from "../dispatch/hand-off.ts";

export interface BoundedOutput {
  status: number;
  stdout: string;
}

export interface OutputLimits {
  timeoutMs: number;
  maxBytes: number;
}

/** Its exit status and stdout; undefined when it could not start, ran out of time, or said too much. */
export async function captureBounded(cmd: string[], env: Env, limits: OutputLimits): Promise<BoundedOutput | undefined> {
  let child: Bun.Subprocess<"ignore", "pipe", "ignore">;
  try {
    // stderr is dropped: the shell scripts that ask for completions drop it too.
    child = Bun.spawn({ cmd, env, stdin: "ignore", stdout: "pipe", stderr: "ignore", detached: true });
  } catch {
    return undefined;
  }
  const reader = child.stdout.getReader();

  const readToEnd = async (): Promise<BoundedOutput | undefined> => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limits.maxBytes) return undefined;
      chunks.push(value);
    }
    await child.exited;
    return { status: exitStatus(child.exitCode, child.signalCode), stdout: Buffer.concat(chunks).toString("utf8") };
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  const outOfTime = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, limits.timeoutMs, undefined);
  });
  try {
    const output = await Promise.race([readToEnd(), outOfTime]);
    if (output === undefined) {
      killGroup(child);
      reader.cancel().catch(() => {});
      child.unref();
    }
    return output;
  } finally {
    clearTimeout(timer);
  }
}

/** The whole process group where there are groups (it leads its own), else the program alone. */
function killGroup(child: Bun.Subprocess<"ignore", "pipe", "ignore">): void {
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    child.kill("SIGKILL");
  }
}
