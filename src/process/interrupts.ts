/**
 * Signals while k3dx waits on others: k3d's answers, hooks, k3d itself, a plugin's answer
 * to a question, a download. SIGINT (Ctrl-C), SIGTERM (`timeout`, systemd, CI runners) and
 * SIGHUP (a closed terminal) often reach k3dx alone, and what k3dx started must not run
 * on without it. So, from the first of them on:
 *
 *   - every process group k3dx tracks gets the same signal (hooks lead their own process
 *     group, which takes them out of the terminal's: its Ctrl-C reaches k3dx and k3d only);
 *   - `abortSignal` fires, with the signal's name as its reason: questions to k3d and
 *     plugins are ended, downloads stop;
 *   - what is still running 5 s later (SIGNAL_GRACE_MS) gets SIGKILL, whatever it traps —
 *     and so does everything at once on a second signal.
 *
 * The command then ends with 128 + the signal's number (130 for Ctrl-C, 143 for SIGTERM).
 * Work that has to happen after an interrupt (undoing what was started) runs through
 * `afterInterrupt`, with its own, short, limit.
 */
import { K3dxError } from "../errors.ts";
import { IS_WINDOWS } from "../platform/paths.ts";
import { signalNumber } from "./exit-status.ts";

export const WATCHED_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * After a signal, how long what k3dx started has to end before SIGKILL: the grace a hook
 * gets after its timeout too. Long enough for a trap that cleans up; short enough that
 * `timeout`, systemd (90 s) and CI runners never need to send SIGKILL to k3dx itself.
 */
export const SIGNAL_GRACE_MS = 5_000;

/** A command stopped by a signal: one line saying what became of its work, and 128 + the signal's number. */
export class InterruptedError extends K3dxError {
  constructor(
    readonly signal: NodeJS.Signals,
    consequence: string,
  ) {
    super(`interrupted by ${signal}; ${consequence}`, 128 + signalNumber(signal));
  }
}

export interface Interrupts {
  /** The first signal received, if any. */
  readonly received: NodeJS.Signals | undefined;
  /** The exit status for that signal. */
  exitStatus(): number;
  /**
   * The exit status if the command was interrupted, else undefined: k3dx received a
   * signal, or `childSignal` (what ended a child k3dx waited on) is one watched here. A
   * terminal's Ctrl-C reaches k3dx and that child together, and the child's end may be
   * seen before k3dx's own handler runs.
   */
  interruptedStatus(childSignal?: NodeJS.Signals): number | undefined;
  /** Aborted at the first signal (its reason: the signal's name): what k3dx is asking or downloading is ended with it. */
  readonly abortSignal: AbortSignal;
  /**
   * Signals reach the process group `pid` leads (a hook's) until the returned function is
   * called. Tracked after a signal — it was being started as the signal came — it gets
   * that signal at once, unless it is part of `afterInterrupt`'s work.
   */
  track(pid: number): () => void;
  /**
   * Runs `work` after an interrupt (or at any time) with a limit of its own: what it
   * starts and tracks meanwhile is exempt from the interrupt's grace, gets SIGKILL once
   * `limitMs` have passed, and the `abort` it is handed fires then. A further signal ends
   * it at once, the same way.
   */
  afterInterrupt<T>(limitMs: number, work: (abort: AbortSignal) => Promise<T>): Promise<T>;
  /** Stops watching; the default actions come back. */
  stop(): void;
}

/** The watchers running now, newest last, for code that cannot be handed one (downloads). */
const watching: Interrupts[] = [];

/**
 * Aborted when the command being run is interrupted; undefined when nothing is watching.
 * Signals belong to the whole process, so this one is not passed down through every layer.
 */
export function interruptSignal(): AbortSignal | undefined {
  return watching.at(-1)?.abortSignal;
}

/** Work running under `afterInterrupt`: the groups it tracks, and how it is ended. */
interface Cleanup {
  targets: Set<number>;
  limit: AbortController;
}

export function watchInterrupts(): Interrupts {
  /** Process groups, by the pid of their leader. */
  const tracked = new Set<number>();
  /** Innermost last: what is tracked while one runs is its own. */
  const cleanups: Cleanup[] = [];
  const questions = new AbortController();
  let received: NodeJS.Signals | undefined;
  let graceTimer: ReturnType<typeof setTimeout> | undefined;

  const killAll = (groups: Iterable<number>) => {
    for (const group of groups) signalProcessGroup(group, "SIGKILL");
  };
  const handlers = WATCHED_SIGNALS.map((signal) => {
    const handler = () => {
      if (received !== undefined) {
        // A second signal: the user will not wait for anyone.
        killAll(tracked);
        for (const cleanup of cleanups) cleanup.limit.abort(signal);
        return;
      }
      received = signal;
      for (const group of tracked) signalProcessGroup(group, signal);
      questions.abort(signal);
      graceTimer = setTimeout(() => killAll(tracked), SIGNAL_GRACE_MS);
      // Nothing left to end must not keep k3dx waiting for the timer.
      graceTimer.unref();
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });

  const interrupts: Interrupts = {
    get received() {
      return received;
    },
    exitStatus: () => 128 + signalNumber(received ?? null),
    interruptedStatus(childSignal) {
      const signal = received ?? (WATCHED_SIGNALS as readonly string[]).find((watched) => watched === childSignal);
      return signal === undefined ? undefined : 128 + signalNumber(signal);
    },
    abortSignal: questions.signal,
    track(pid) {
      const set = cleanups.at(-1)?.targets ?? tracked;
      set.add(pid);
      if (received !== undefined && set === tracked) signalProcessGroup(pid, received);
      return () => set.delete(pid);
    },
    async afterInterrupt(limitMs, work) {
      const cleanup: Cleanup = { targets: new Set(), limit: new AbortController() };
      const end = () => killAll(cleanup.targets);
      cleanup.limit.signal.addEventListener("abort", end);
      cleanups.push(cleanup);
      const timer = setTimeout(() => cleanup.limit.abort("time limit"), limitMs);
      try {
        return await work(cleanup.limit.signal);
      } finally {
        clearTimeout(timer);
        cleanup.limit.signal.removeEventListener("abort", end);
        cleanups.splice(cleanups.indexOf(cleanup), 1);
      }
    },
    stop() {
      clearTimeout(graceTimer);
      for (const [signal, handler] of handlers) process.off(signal, handler);
      if (watching.includes(interrupts)) watching.splice(watching.indexOf(interrupts), 1);
    },
  };
  watching.push(interrupts);
  return interrupts;
}

/** Sends `signal` to the process group `pid` leads (to the process alone on Windows). Gone already is fine. */
export function signalProcessGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(IS_WINDOWS ? pid : -pid, signal);
  } catch {
    // The group has ended.
  }
}

/** Whether the process group `pgid` still has a member (a zombie counts until it is reaped). */
export function groupExists(pgid: number): boolean {
  try {
    process.kill(IS_WINDOWS ? pgid : -pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
