/**
 * How many hooks run at once. An event fires every hook for every cluster — `cluster
 * delete --all` over 30 clusters with 10 hooks is 300 runs — and each running hook holds
 * descriptors in k3dx (DESCRIPTORS_PER_HOOK). Started all at once they ran out of them
 * (EMFILE) under an ordinary `ulimit -n`, and the hooks that could not start failed the
 * command. So runs start while the descriptors allow it, and the rest wait for a slot:
 *
 * - on Linux the limit is RLIMIT_NOFILE and what is open is counted in /proc/self/fd
 *   before each start, so whatever else holds descriptors is seen too. Bun frees a
 *   finished hook's stdin (a memory file) only when its object is collected, so when the
 *   count says no, a collection runs first, and only then does the run wait;
 * - elsewhere (no limit to read), HOOK_FAN_OUT_WITHOUT_LIMIT at a time;
 * - never more than HOOK_FAN_OUT_MAX at a time, and always at least one, so a limit too
 *   low for even one hook still lets each run in turn (and fail on its own, clearly).
 *
 * Results keep the order of the runs, whatever order they finish in.
 */
import { readdirSync } from "node:fs";
import { DESCRIPTORS_PER_HOOK, DESCRIPTORS_RESERVED, HOOK_FAN_OUT_MAX, HOOK_FAN_OUT_WITHOUT_LIMIT } from "../limits.ts";
import { linuxLibc } from "../process/libc.ts";

export interface FanOut {
  /** Whether one more run may start now, `running` being under way. */
  mayStart(running: number): boolean;
  /** A run ended: what it held may be free once collected. */
  ended(): void;
}

/** The fan-out of this process, from its descriptor limit. */
export function descriptorFanOut(): FanOut {
  const limit = linuxLibc()?.openFileLimit();
  if (limit === undefined || openDescriptorCount() === undefined) {
    return { mayStart: (running) => running < HOOK_FAN_OUT_WITHOUT_LIMIT, ended() {} };
  }
  let endedSinceCollection = 0;
  const fits = () => openDescriptorCount()! + DESCRIPTORS_PER_HOOK + DESCRIPTORS_RESERVED <= limit;
  return {
    mayStart(running) {
      if (running === 0) return true;
      if (running >= HOOK_FAN_OUT_MAX) return false;
      if (fits()) return true;
      if (endedSinceCollection === 0) return false;
      endedSinceCollection = 0;
      Bun.gc(true);
      return fits();
    },
    ended() {
      endedSinceCollection++;
    },
  };
}

/** Descriptors open in this process, on Linux; undefined where /proc cannot tell. */
function openDescriptorCount(): number | undefined {
  try {
    // The listing's own descriptor is among them while it reads.
    return readdirSync("/proc/self/fd").length - 1;
  } catch {
    return undefined;
  }
}

/**
 * Runs `start(0)` … `start(count - 1)` as `fanOut` allows, and resolves to their results
 * in that order. `skip(i)`: a result for a run that should no longer start (the user
 * pressed Ctrl-C), or undefined to start it. If a run throws, the others still end, and
 * then the first error is thrown.
 */
export async function runFannedOut<T>(count: number, start: (index: number) => Promise<T>, fanOut: FanOut, skip: (index: number) => T | undefined): Promise<T[]> {
  const results = new Array<T>(count);
  let failure: { error: unknown } | undefined;
  let next = 0;
  let running = 0;
  await new Promise<void>((allEnded) => {
    const pump = () => {
      while (next < count) {
        const skipped = skip(next);
        if (skipped !== undefined) {
          results[next++] = skipped;
          continue;
        }
        if (!fanOut.mayStart(running)) break;
        const index = next++;
        running++;
        start(index)
          .then(
            (result) => (results[index] = result),
            (error: unknown) => (failure ??= { error }),
          )
          .finally(() => {
            running--;
            fanOut.ended();
            pump();
          });
      }
      if (next >= count && running === 0) allEnded();
    };
    pump();
  });
  if (failure) throw failure.error;
  return results;
}
