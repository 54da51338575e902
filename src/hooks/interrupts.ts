/**
 * Ctrl-C while k3dx waits on others: k3d's answers about the clusters, hooks, k3d. Each
 * hook leads its own process group (so a timeout can end everything it started), which
 * also takes it out of the terminal's foreground group: the terminal's SIGINT reaches
 * k3dx and k3d, not the hooks. So k3dx passes SIGINT, SIGTERM and SIGHUP on to every
 * running hook's group; a second signal kills them outright. Questions to k3d are ended
 * (a signal sent to k3dx alone must not leave them running). The command then ends with
 * 128 + the signal's number (130 for Ctrl-C).
 */
import { signalNumber } from "../process/exit-status.ts";
import { IS_WINDOWS } from "../platform/paths.ts";

const WATCHED = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

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
  /** Aborted at the first signal: what k3dx is asking k3d is ended with it. */
  readonly abortSignal: AbortSignal;
  /** Signals reach this hook's group until the returned function is called. */
  track(pid: number): () => void;
  /** Stops watching; the default actions come back. */
  stop(): void;
}

export function watchInterrupts(): Interrupts {
  const groups = new Set<number>();
  const questions = new AbortController();
  let received: NodeJS.Signals | undefined;
  const handlers = WATCHED.map((signal) => {
    const handler = () => {
      const passOn = received === undefined ? signal : "SIGKILL";
      received ??= signal;
      for (const pid of groups) signalProcessGroup(pid, passOn);
      questions.abort();
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return {
    get received() {
      return received;
    },
    exitStatus: () => 128 + signalNumber(received ?? null),
    interruptedStatus(childSignal) {
      const signal = received ?? (WATCHED as readonly string[]).find((watched) => watched === childSignal);
      return signal === undefined ? undefined : 128 + signalNumber(signal);
    },
    abortSignal: questions.signal,
    track(pid) {
      groups.add(pid);
      return () => groups.delete(pid);
    },
    stop() {
      for (const [signal, handler] of handlers) process.off(signal, handler);
    },
  };
}

/** Sends `signal` to the process group `pid` leads (to the process alone on Windows). Gone already is fine. */
export function signalProcessGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(IS_WINDOWS ? pid : -pid, signal);
  } catch {
    // The group has ended.
  }
}
