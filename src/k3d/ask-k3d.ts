/**
 * Asking real k3d a question (`cluster list -o json`, `version -o json`): its stdout is
 * the answer; stdin is not given (it may hold a config meant for the command itself). Its
 * log lines on stderr are not shown, but the last one is kept: when k3d cannot answer, it
 * says why there ("Cannot connect to the Docker daemon…").
 */
import { endOnAbort, signalOf } from "../process/end-on-abort.ts";
import { spawnExact } from "../process/spawn-exact.ts";

export interface K3dAnswer {
  /** The exit status; 128+N when signal N ended it, 127 when it could not be started. */
  status: number;
  stdout: string;
  /** The last non-blank line k3d wrote to stderr, trimmed ("" if none). */
  lastErrorLine: string;
  /** The signal that ended k3d, if one did. */
  killedBy: NodeJS.Signals | undefined;
}

/**
 * `abort`: once it fires, k3d is ended with the signal k3dx received (its reason), and
 * SIGKILL if it is still running 5 s later: the user pressed Ctrl-C, or `timeout` sent
 * SIGTERM. A question not yet asked when it fires is not asked.
 */
export async function askK3d(k3d: string, args: string[], env: Record<string, string | undefined>, abort?: AbortSignal): Promise<K3dAnswer> {
  if (abort?.aborted) return { status: 1, stdout: "", lastErrorLine: "", killedBy: signalOf(abort.reason) };
  let proc: Bun.Subprocess<"ignore", "pipe", "pipe">;
  try {
    proc = spawnExact({ cmd: [k3d, ...args], env, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  } catch (error) {
    return { status: 127, stdout: "", lastErrorLine: (error as Error).message, killedBy: undefined };
  }
  const stopWatching = endOnAbort(proc, abort);
  try {
    const [stdout, stderr, status] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    return { status, stdout, lastErrorLine: lastLine(stderr), killedBy: (proc.signalCode as NodeJS.Signals | null) ?? undefined };
  } finally {
    stopWatching();
  }
}

/** How a question that failed ended, for a message: "exited 1 (FATA[0000] …)", "was killed by SIGKILL". */
export function describeFailure(answer: K3dAnswer): string {
  const how = answer.killedBy ? `was killed by ${answer.killedBy}` : answer.status === 127 ? "could not be run" : `exited ${answer.status}`;
  return answer.lastErrorLine ? `${how} (${answer.lastErrorLine})` : how;
}

function lastLine(text: string): string {
  const lines = text.split("\n").map((line) => line.trim());
  return lines.findLast((line) => line !== "") ?? "";
}
