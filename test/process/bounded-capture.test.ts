/**
 * captureBounded: a program we do not trust, for its stdout, within a time and size limit.
 * What it leaves behind must neither hold us up nor cost it its answer.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { captureBounded, QUIET_AFTER_EXIT_MS } from "../../src/process/bounded-capture.ts";
import { createSandbox, type Sandbox } from "../helpers/sandbox.ts";

let box: Sandbox;
beforeEach(() => {
  box = createSandbox({ withK3d: false });
});
afterEach(() => box.cleanup());

const LIMITS = { timeoutMs: 1000, maxBytes: 1024 };

/** Runs a shell script body under captureBounded; how long it took, too. */
async function capture(body: string, limits = LIMITS) {
  const script = box.script("program", body);
  const started = performance.now();
  const output = await captureBounded([script], box.env, limits);
  return { output, ms: performance.now() - started };
}

/** The pid a script wrote to `leftover.pid` in the sandbox. */
function leftoverPid(): number {
  return Number(readFileSync(join(box.root, "leftover.pid"), "utf8"));
}

/** Gone, or a zombie waiting for init to reap it: either way it has ended. */
function hasEnded(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    return /^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return true;
  }
}

async function endsSoon(pid: number): Promise<boolean> {
  for (let waited = 0; waited < 2000; waited += 20) {
    if (hasEnded(pid)) return true;
    await Bun.sleep(20);
  }
  return false;
}

describe("a program that behaves", () => {
  test("its stdout and exit status", async () => {
    const { output } = await capture("printf 'a\\nb\\n'; exit 3\n");
    expect(output).toEqual({ status: 3, stdout: "a\nb\n" });
  });

  test("a program that cannot start: undefined", async () => {
    expect(await captureBounded([join(box.root, "missing")], box.env, LIMITS)).toBeUndefined();
  });
});

describe("a program that exited but left a process holding its stdout", () => {
  test("its answer is kept, promptly, and the leftover is ended", async () => {
    const { output, ms } = await capture(`printf 'x\\n:4\\n'\n(sleep 30) &\necho $! > "${box.root}/leftover.pid"\n`);
    expect(output).toEqual({ status: 0, stdout: "x\n:4\n" });
    // Well before the time limit: only the quiet after the exit is waited for.
    expect(ms).toBeLessThan(LIMITS.timeoutMs - QUIET_AFTER_EXIT_MS);
    expect(await endsSoon(leftoverPid())).toBe(true);
  });

  test("a leftover that keeps talking until time is up: the answer is still kept", async () => {
    const { output } = await capture(
      `echo answer\n(while :; do echo more; sleep 0.02; done) &\necho $! > "${box.root}/leftover.pid"\n`,
      { timeoutMs: 500, maxBytes: 64 * 1024 },
    );
    expect(output?.status).toBe(0);
    expect(output?.stdout).toStartWith("answer\n");
    expect(await endsSoon(leftoverPid())).toBe(true);
  });

  test("a leftover that holds no pipe, of a program that closed its stdout and exited: ended all the same", async () => {
    const { output } = await capture(`echo done\nsleep 30 >/dev/null 2>&1 &\necho $! > "${box.root}/leftover.pid"\n`);
    expect(output).toEqual({ status: 0, stdout: "done\n" });
    expect(await endsSoon(leftoverPid())).toBe(true);
  });

  test("an aborted question (k3dx got a signal) yields nothing at once, and is ended", async () => {
    const abort = new AbortController();
    const script = box.script("program", `echo $$ > "${box.root}/leftover.pid"\nsleep 30\n`);
    const pending = captureBounded([script], box.env, { ...LIMITS, timeoutMs: 20_000, abort: abort.signal });
    while (!existsSync(join(box.root, "leftover.pid"))) await Bun.sleep(10);
    abort.abort("SIGTERM");
    // Not the 20 s time limit: the abort ends it.
    expect(await Promise.race([pending, Bun.sleep(10_000).then(() => "still waiting")])).toBeUndefined();
    expect(await endsSoon(leftoverPid())).toBe(true);
  });

  test("its exit status still counts", async () => {
    const { output } = await capture("echo no\n(sleep 30) &\nexit 2\n");
    expect(output).toEqual({ status: 2, stdout: "no\n" });
  });
});

describe("a program that does not answer", () => {
  test("one that hangs is cut off at the limit, with what it started", async () => {
    const { output, ms } = await capture(`echo partial\nsleep 30 &\necho $! > "${box.root}/leftover.pid"\nsleep 30\n`, {
      timeoutMs: 300,
      maxBytes: 1024,
    });
    expect(output).toBeUndefined();
    expect(ms).toBeGreaterThanOrEqual(300);
    expect(await endsSoon(leftoverPid())).toBe(true);
  });

  test("one that closes its stdout and keeps running has not answered", async () => {
    const { output } = await capture("echo early\nexec >&-\nsleep 30\n", { timeoutMs: 300, maxBytes: 1024 });
    expect(output).toBeUndefined();
  });

  test("one that says too much yields nothing", async () => {
    const { output, ms } = await capture("yes candidate\n");
    expect(output).toBeUndefined();
    expect(ms).toBeLessThan(LIMITS.timeoutMs);
  });
});
