/**
 * Running a program we do not trust to behave, for its stdout: it gets a time limit and a
 * size limit, and runs in its own process group so that we can stop whatever it started.
 *
 * Its answer is complete once it has exited: all it wrote is then waiting in the pipe. A
 * background process it left behind may hold the pipe open for as long as it likes, so,
 * as the hook runner does, we stop reading once the pipe has gone quiet after the exit.
 * Completion must answer promptly, and with the answer the program gave, whatever it
 * leaves behind.
 *
 * Nothing it started outlives the question: when it is over, its process group is ended
 * (SIGKILL), on Linux so is every process of its tree that left the group (see
 * adopted-orphans.ts), and should k3dx itself be killed meanwhile, the supervisor ends the
 * group (supervisor.ts). A signal to k3dx (`abort`) ends the question at once.
 */
import { catchOrphans } from "./adopted-orphans.ts";
import { awaitAtMost } from "./end-on-abort.ts";
import type { Env } from "./env.ts";
import { exitStatus } from "./exit-status.ts";
import { spawnExact } from "./spawn-exact.ts";
import { superviseGroup, supervisorPid } from "./supervisor.ts";

export interface BoundedOutput {
  status: number;
  stdout: string;
}

export interface OutputLimits {
  timeoutMs: number;
  maxBytes: number;
  /** Ends the question early: k3dx received a signal. */
  abort?: AbortSignal;
  /** Told why there is no answer, just before undefined is returned (for a message that says which). */
  onRefused?: (why: CaptureRefusal) => void;
}

/** Why a question got no answer. */
export type CaptureRefusal = "could not start" | "printed too much" | "out of time" | "aborted";

/**
 * How long the pipe must stay quiet after the program exited before we stop reading: what
 * it wrote is already in the pipe, so this is only the time to drain it, with room for a
 * busy machine.
 */
export const QUIET_AFTER_EXIT_MS = 100;

type Child = Bun.Subprocess<"ignore", "pipe", "ignore">;
/** Why we stop reading before the pipe closes. */
type Stop = "out of time" | "quiet" | "aborted";

/** How long a program killed with SIGKILL may take to be reaped before we stop waiting for it. */
const REAP_LIMIT_MS = 1_000;

/** The questions running now: k3dx's own children, which the orphan sweep must leave alone. */
const running = new Set<number>();

/**
 * Its exit status and stdout; undefined when it could not start, said too much, had not
 * exited when time ran out, or was aborted.
 */
/** `windowsVerbatimArguments`: `cmd` is already quoted for cmd.exe (platform/executable.ts invocationFor). */
export async function captureBounded(cmd: string[], env: Env, limits: OutputLimits, windowsVerbatimArguments = false): Promise<BoundedOutput | undefined> {
  const refused = (why: CaptureRefusal): undefined => {
    limits.onRefused?.(why);
    return undefined;
  };
  if (limits.abort?.aborted) return refused("aborted");
  const orphans = catchOrphans();
  let child: Child;
  try {
    // stderr is dropped: the shell scripts that ask for completions drop it too.
    child = spawnExact({ cmd, env, stdin: "ignore", stdout: "pipe", stderr: "ignore", detached: true, windowsVerbatimArguments });
  } catch {
    orphans?.stop();
    return refused("could not start");
  }
  running.add(child.pid);
  const supervision = superviseGroup(child.pid);
  const reader = child.stdout.getReader();
  const stopwatch = startStopwatch(child, limits);
  try {
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const next = await Promise.race([reader.read(), stopwatch.stopped]);
      if (next === "aborted") return refused("aborted");
      if (next === "quiet") return output(child, chunks);
      if (next === "out of time") return exited(child) ? output(child, chunks) : refused("out of time");
      if (next.done) break;
      size += next.value.byteLength;
      if (size > limits.maxBytes) return refused("printed too much");
      chunks.push(next.value);
      stopwatch.heard();
    }
    // The pipe may close before the program ends (it closed its stdout early).
    const ended = await Promise.race([child.exited, stopwatch.stopped]);
    if (ended === "out of time" || ended === "aborted") return refused(ended);
    return output(child, chunks);
  } finally {
    stopwatch.clear();
    // Whatever is left of its group, leftovers that kept quiet included.
    killGroup(child);
    reader.cancel().catch(() => {});
    // Reaped first: what it orphaned is re-parented to k3dx by the time it is.
    await awaitAtMost(child.exited, REAP_LIMIT_MS);
    running.delete(child.pid);
    if (orphans) {
      const own = new Set(running);
      const supervisor = supervisorPid();
      if (supervisor !== undefined) own.add(supervisor);
      await orphans.endOrphans(own);
      orphans.stop();
    }
    supervision.releaseWhenEnded();
    child.unref();
  }
}

function exited(child: Child): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function output(child: Child, chunks: Uint8Array[]): BoundedOutput {
  return { status: exitStatus(child.exitCode, child.signalCode), stdout: Buffer.concat(chunks).toString("utf8") };
}

interface Stopwatch {
  /** Resolves when time is up, when the pipe has been quiet for a while after the exit, or on abort. */
  stopped: Promise<Stop>;
  /** Output came: the quiet starts again. */
  heard(): void;
  clear(): void;
}

function startStopwatch(child: Child, limits: OutputLimits): Stopwatch {
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
  const deadline = setTimeout(stop, limits.timeoutMs, "out of time");
  const onAbort = () => stop("aborted");
  limits.abort?.addEventListener("abort", onAbort);
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
      limits.abort?.removeEventListener("abort", onAbort);
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
