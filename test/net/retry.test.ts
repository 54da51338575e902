import { describe, expect, test } from "bun:test";
import { CutShortError, HttpStatusError, StalledError } from "../../src/net/network-errors.ts";
import { retryDelayMs, withRetries } from "../../src/net/retry.ts";

const http = (status: number, headers: Record<string, string> = {}) => new HttpStatusError(status, new Headers(headers), "https://api.example/x");
const code = (name: string) => Object.assign(new Error(name), { code: name });

describe("retryDelayMs", () => {
  test("transient failures back off exponentially", () => {
    expect([0, 1, 2].map((n) => retryDelayMs(code("ECONNRESET"), n))).toEqual([250, 500, 1000]);
    expect(retryDelayMs(new StalledError(30), 0)).toBe(250);
    expect(retryDelayMs(new CutShortError(1, 2), 0)).toBe(250);
    expect(retryDelayMs(http(502), 1)).toBe(500);
  });

  test("what retrying cannot fix is not retried", () => {
    for (const error of [code("ECONNREFUSED"), code("ENOTFOUND"), http(404), http(403), http(401), new Error("plain")]) {
      expect(retryDelayMs(error, 0)).toBeUndefined();
    }
  });

  test("a short Retry-After is waited out, a long one or none on 429 is not", () => {
    expect(retryDelayMs(http(429, { "retry-after": "2" }), 0)).toBe(2000);
    expect(retryDelayMs(http(503, { "retry-after": "1" }), 0)).toBe(1000);
    expect(retryDelayMs(http(429, { "retry-after": "3600" }), 0)).toBeUndefined();
    expect(retryDelayMs(http(429), 0)).toBeUndefined();
  });
});

describe("withRetries", () => {
  test("retries transient failures up to the limit, then throws the last one", async () => {
    let attempts = 0;
    const failing = withRetries(async () => {
      attempts++;
      throw code("ECONNRESET");
    }, 2);
    await expect(failing).rejects.toThrow("ECONNRESET");
    expect(attempts).toBe(3);
  });

  test("returns as soon as an attempt succeeds; permanent failures are not repeated", async () => {
    let attempts = 0;
    expect(await withRetries(async () => (++attempts < 2 ? Promise.reject(http(500)) : "ok"), 3)).toBe("ok");
    attempts = 0;
    await expect(withRetries(async () => {
      attempts++;
      throw http(404);
    }, 3)).rejects.toBeInstanceOf(HttpStatusError);
    expect(attempts).toBe(1);
  });
});
