/**
 * At most `limit` tasks running at once, the rest waiting in the order they were
 * given: several plugins fetch in parallel without opening a socket per asset.
 */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

export function createLimiter(limit: number): Limiter {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((start) => waiting.push(start));
    else running++;
    try {
      return await task();
    } finally {
      // The slot passes straight to the next waiter, so `running` never dips between them.
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
