/**
 * A child k3dx waits on, ended when the command is interrupted: it gets the signal k3dx
 * got (the abort's reason), SIGTERM when the abort names none, and SIGKILL if it is still
 * running SIGNAL_GRACE_MS later. k3d and plugins end on SIGTERM; the SIGKILL is for a
 * program that traps it and carries on.
 */
import { SIGNAL_GRACE_MS } from "./interrupts.ts";

interface Killable {
  kill(signal: NodeJS.Signals): void;
}

/** Watches `abort` for `child`; returns the function that stops watching (call it once the child has exited). */
export function endOnAbort(child: Killable, abort: AbortSignal | undefined): () => void {
  if (!abort) return () => {};
  let killTimer: ReturnType<typeof setTimeout> | undefined;
  const end = () => {
    child.kill(signalOf(abort.reason));
    killTimer = setTimeout(() => child.kill("SIGKILL"), SIGNAL_GRACE_MS);
    killTimer.unref();
  };
  if (abort.aborted) end();
  else abort.addEventListener("abort", end, { once: true });
  return () => {
    abort.removeEventListener("abort", end);
    clearTimeout(killTimer);
  };
}

/** The signal an abort's reason names (`"SIGINT"`…), else SIGTERM. */
export function signalOf(reason: unknown): NodeJS.Signals {
  return typeof reason === "string" && /^SIG[A-Z0-9]+$/.test(reason) ? (reason as NodeJS.Signals) : "SIGTERM";
}

/** Waits for `promise`, or `ms` at most, without a timer left behind to keep k3dx alive. */
export async function awaitAtMost(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/** Sleeps `ms`, or less if `abort` fires meanwhile. */
export async function sleepUnlessAborted(ms: number, abort: AbortSignal | undefined): Promise<void> {
  if (!abort) return Bun.sleep(ms);
  if (abort.aborted) return;
  let wake!: () => void;
  const woken = new Promise<void>((resolve) => (wake = resolve));
  abort.addEventListener("abort", wake, { once: true });
  await awaitAtMost(woken, ms);
  abort.removeEventListener("abort", wake);
}
