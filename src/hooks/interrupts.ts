/**
 * Ctrl-C while hooks run. Each hook leads its own process group (so a timeout can end
 * everything it started), which also takes it out of the terminal's foreground group:
 * the terminal's SIGINT reaches k3dx and k3d, not the hooks. So k3dx passes SIGINT,
 * SIGTERM and SIGHUP on to every running hook's group; a second signal kills them
 * outright. The command then ends with 128 + the signal's number (130 for Ctrl-C).
 */
import { signalNumber } from "../dispatch/hand-off.ts";
import { IS_WINDOWS } from "../platform/paths.ts";

const WATCHED = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

export interface Interrupts {
  /** The first signal received, if any. */
  readonly received: NodeJS.Signals | undefined;
  /** The exit status for that signal. */
  exitStatus(): number;
  /** Signals reach this hook's group until the returned function is called. */
  track(pid: number): () => void;
  /** Stops watching; the default actions come back. */
  stop(): void;
}

export function watchInterrupts(): Interrupts {
  const groups = new Set<number>();
  let received: NodeJS.Signals | undefined;
  const handlers = WATCHED.map((signal) => {
    const handler = () => {
      const passOn = received === undefined ? signal : "SIGKILL";
      received ??= signal;
      for (const pid of groups) signalProcessGroup(pid, passOn);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return {
    get received() {
      return received;
    },
    exitStatus: () => 128 + signalNumber(received ?? null),
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
