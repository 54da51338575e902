/**
 * Running a program we do not trust to behave, for its stdout: it gets a time limit and a
 * size limit, and runs in its own process group so that we can stop whatever it started.
 *
 * Its answer is complete once it has exited: all it wrote is then waiting in the pipe. A
 * background process it left behind may hold the pipe open for as long as it likes, so,
 * as the hook runner does, we stop reading once the pipe has gone quiet after the exit —
 * and then end its process group, leftovers included. Completion must answer promptly,
 * and with the answer the program gave, whatever it leaves behind.
 */
import type { Env } from "./env.ts";
import { exitStatus } from "./exit-status.ts";

export interface BoundedOutput {
  status: number;
  stdout: string;
}

export interface OutputLimits {
  timeoutMs: number;
  maxBytes: number;
}

/**
 * How long the pipe must stay quiet after the program exited before we stop reading: what
 * it wrote is already in the pipe, so this is only the time to drain it, with room for a
 * busy machine.
 */
export const QUIET_AFTER_EXIT_MS = 100;

type Child = Bun.Subprocess<"ignore", "pipe", "ignore">;
/** Why we stop reading before the pipe closes. */
type Stop = "out of time" | "quiet";

/**
 * Its exit status and stdout; undefined when it could not start, said too much, or had not
 * exited when time ran out.
 */
/** `windowsVerbatimArguments`: `cmd` is already quoted for cmd.exe (platform/executable.ts invocationFor). */
export async function captureBounded(cmd: string[], env: Env, limits: OutputLimits, windowsVerbatimArguments = false): Promise<BoundedOutput | undefined> {
  let child: Child;
  try {
    // stderr is dropped: the shell scripts that ask for completions drop it too.
    child = Bun.spawn({ cmd, env, stdin: "ignore", stdout: "pipe", stderr: "ignore", detached: true, windowsVerbatimArguments });
  } catch {
    return undefined;
  }
  const reader = child.stdout.getReader();
  const stopwatch = startStopwatch(child, limits.timeoutMs);
  // Cleared only when the pipe closed and the program exited on their own.
  let endGroup = true;
  try {
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const next = await Promise.race([reader.read(), stopwatch.stopped]);
      if (next === "quiet") return output(child, chunks);
      if (next === "out of time") return exited(child) ? output(child, chunks) : undefined;
      if (next.done) break;
      size += next.value.byteLength;
      if (size > limits.maxBytes) return undefined;
      chunks.push(next.value);
      stopwatch.heard();
    }
    // The pipe may close before the program ends (it closed its stdout early).
    if ((await Promise.race([child.exited, stopwatch.stopped])) === "out of time") return undefined;
    endGroup = false;
    return output(child, chunks);
  } finally {
    stopwatch.clear();
    if (endGroup) {
      killGroup(child);
      reader.cancel().catch(() => {});
      child.unref();
    }
  }
}

function exited(child: Child): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function output(child: Child, chunks: Uint8Array[]): BoundedOutput {
  return { status: exitStatus(child.exitCode, child.signalCode), stdout: Buffer.concat(chunks).toString("utf8") };
}

interface Stopwatch {
  /** Resolves when time is up, or when the pipe has been quiet for a while after the exit. */
  stopped: Promise<Stop>;
  /** Output came: the quiet starts again. */
  heard(): void;
  clear(): void;
}

function startStopwatch(child: Child, timeoutMs: number): Stopwatch {
  let stop!: (why: Stop) => void;
  const stopped = new Promise<Stop>((resolve) => (stop = resolve));
  let cleared = false;
  let exited = false;
  let quiet: ReturnType<typeof setTimeout> | undefined;
  const listenForQuiet = () => {
    if (cleared || !exited) return;
    clearTimeout(quiet);
    const armedAt = performance.now();
    quiet = setTimeout(() => {
      // Much later than asked: the machine was busy, and output may be waiting unread. Let the reads have a turn first.
      if (performance.now() - armedAt > 2 * QUIET_AFTER_EXIT_MS) listenForQuiet();
      else stop("quiet");
    }, QUIET_AFTER_EXIT_MS);
  };
  const deadline = setTimeout(stop, timeoutMs, "out of time");
  void child.exited.then(() => {
    exited = true;
    listenForQuiet();
  });
  return {
    stopped,
    heard: listenForQuiet,
    clear() {
      cleared = true;
      clearTimeout(deadline);
      clearTimeout(quiet);
    },
  };
}

/** The whole process group where there are groups (it leads its own), else the program alone. */
function killGroup(child: Child): void {
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    child.kill("SIGKILL");
  }
}
