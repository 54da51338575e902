/**
 * Asking real k3d a question (`cluster list -o json`, `version -o json`): its stdout is
 * the answer; stdin is not given (it may hold a config meant for the command itself). Its
 * log lines on stderr are not shown, but the last one is kept: when k3d cannot answer, it
 * says why there ("Cannot connect to the Docker daemon…").
 */
import { IS_WINDOWS } from "../platform/paths.ts";
import { endOnAbort, signalOf } from "../process/end-on-abort.ts";
import { signalNumber } from "../process/exit-status.ts";
import { SIGNAL_GRACE_MS, signalProcessGroup } from "../process/interrupts.ts";
import { superviseGroup } from "../process/supervisor.ts";
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
 *
 * The question runs in a process group of its own, and the signals go to the group: the
 * `k3d` on PATH may be a shim (a version manager's) that starts the real k3d without
 * exec, and that k3d holds the answer's pipe. Once the grace is over k3dx stops waiting
 * for the pipe whatever holds it. The supervisor ends the group should k3dx be killed.
 */
export async function askK3d(k3d: string, args: string[], env: Record<string, string | undefined>, abort?: AbortSignal): Promise<K3dAnswer> {
  if (abort?.aborted) return { status: 1, stdout: "", lastErrorLine: "", killedBy: signalOf(abort.reason) };
  let proc: Bun.Subprocess<"ignore", "pipe", "pipe">;
  try {
    proc = spawnExact({ cmd: [k3d, ...args], env, stdin: "ignore", stdout: "pipe", stderr: "pipe", detached: !IS_WINDOWS });
  } catch (error) {
    return { status: 127, stdout: "", lastErrorLine: (error as Error).message, killedBy: undefined };
  }
  const pid = proc.pid;
  const supervision = superviseGroup(pid);
  const group = IS_WINDOWS ? proc : { kill: (signal: NodeJS.Signals) => signalProcessGroup(pid, signal) };
  const stopWatching = endOnAbort(group, abort);
  const answered = Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  try {
    const answer = await Promise.race([answered, givenUp(abort)]);
    if (answer === "given up") return { status: 128 + signalNumber(signalOf(abort!.reason)), stdout: "", lastErrorLine: "", killedBy: signalOf(abort!.reason) };
    const [stdout, stderr, status] = answer;
    return { status, stdout, lastErrorLine: lastLine(stderr), killedBy: (proc.signalCode as NodeJS.Signals | null) ?? undefined };
  } finally {
    stopWatching();
    supervision.releaseWhenEnded();
  }
}

/** Resolves a little after the grace that follows an abort: what still holds the pipes then is not waited for. */
function givenUp(abort: AbortSignal | undefined): Promise<"given up"> {
  return new Promise((resolve) => {
    if (!abort) return;
    const start = () => setTimeout(resolve, SIGNAL_GRACE_MS + 500, "given up").unref();
    if (abort.aborted) start();
    else abort.addEventListener("abort", start, { once: true });
  });
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
