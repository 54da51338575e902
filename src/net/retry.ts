/**
 * Retrying transient failures with exponential backoff: 0.25 s, 0.5 s, 1 s, …
 * A 429 or 503 that says how long to wait (Retry-After) is honoured when the wait is
 * short; a long one is not waited out: the user gets the error and can decide.
 */
import { RETRY_AFTER_MAX_MS } from "../limits.ts";
import { sleepUnlessAborted } from "../process/end-on-abort.ts";
import { interruptSignal } from "../process/interrupts.ts";
import { HttpStatusError, isTransientFailure } from "./network-errors.ts";

const BASE_DELAY_MS = 250;

export async function withRetries<T>(attempt: () => Promise<T>, retries: number): Promise<T> {
  for (let failures = 0; ; failures++) {
    try {
      return await attempt();
    } catch (error) {
      const delay = failures < retries ? retryDelayMs(error, failures) : undefined;
      // Interrupted (Ctrl-C, SIGTERM): no more attempts.
      if (delay === undefined || interruptSignal()?.aborted) throw error;
      await sleepUnlessAborted(delay, interruptSignal());
    }
  }
}

/** How long to wait before the next attempt, or undefined when retrying would not help. */
export function retryDelayMs(error: unknown, failures: number): number | undefined {
  if (!isTransientFailure(error)) return undefined;
  const backoff = BASE_DELAY_MS * 2 ** failures;
  if (!(error instanceof HttpStatusError)) return backoff;
  const retryAfter = retryAfterMs(error.headers.get("retry-after"));
  if (retryAfter === undefined) return error.status === 429 ? undefined : backoff;
  return retryAfter <= RETRY_AFTER_MAX_MS ? Math.max(retryAfter, backoff) : undefined;
}

/** Retry-After is seconds or an HTTP date. */
function retryAfterMs(value: string | null): number | undefined {
  if (value === null) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
