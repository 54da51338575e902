/**
 * Black-box: clean shutdown around hooks (SPEC §9: "a signal to k3dx reaches everything it
 * started; nothing it started outlives it"). Hooks' background jobs, signals sent to the
 * k3dx process alone (what `timeout`, systemd and CI runners do), hooks that trap
 * SIGTERM, and SIGKILL of k3dx — alone, and with its whole process group.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { readSignals, writeCluster } from "../helpers/fake-k3d.ts";
import { appears, endsWithin, exitWithin, killLeftovers, watchPidFile, type WatchedProcess } from "../helpers/processes.ts";
import { K3DX_BINARY, type Sandbox } from "../helpers/sandbox.ts";
import { cacheK3dVersion, callsWith, hookSandbox, recordedKeys, recordingHook, startK3dx, waitFor } from "./hook-world.ts";

let box: Sandbox;
let env: Record<string, string>;
/** Everything a hook wrote a pid for: killed after each test, whatever k3dx did. */
const started: WatchedProcess[] = [];
beforeEach(() => ({ box, env } = hookSandbox()));
afterEach(() => {
  killLeftovers(started);
  box.cleanup();
});

const log = (file: string) => join(env.HOOK_LOG!, file);
/** The process whose pid a hook wrote to `$HOOK_LOG/<file>`, once it is there. */
async function hookProcess(file: string): Promise<WatchedProcess> {
  expect(await appears(log(file))).toBe(true);
  const watched = watchPidFile(log(file));
  started.push(watched);
  return watched;
}

describe("a finished hook's leftovers", () => {
  test("a background job that keeps talking does not hold the command: k3d runs, the job is ended", async () => {
    recordingHook(box, "pre-cluster-create", "chatty", `( while :; do echo tick; sleep 0.1; done ) & echo $! > "$HOOK_LOG/job.pid"`);
    const proc = startK3dx(box, ["cluster", "create", "dev"], { ...env, K3DX_HOOK_TIMEOUT: "5" });
    const job = await hookProcess("job.pid");
    const stderr = new Response(proc.stderr).text();
    expect(await exitWithin(proc, 20_000)).toBe(0);
    expect(callsWith(box, "create")).toHaveLength(1);
    expect(await stderr).toMatch(/^\[chatty\] tick$/m);
    expect(await stderr).toMatch(/^k3dx: pre-cluster-create chatty ok in /m);
    expect(await endsWithin(job, 4500)).toBe(true);
  }, 30_000);

  test("a quiet background job is ended too, once the hook has exited", async () => {
    recordingHook(box, "post-cluster-create", "forgetful", `sleep 60 >/dev/null 2>&1 & echo $! > "$HOOK_LOG/job.pid"`);
    const proc = startK3dx(box, ["cluster", "create", "dev"], env);
    const job = await hookProcess("job.pid");
    expect(await exitWithin(proc, 20_000)).toBe(0);
    expect(await endsWithin(job, 4500)).toBe(true);
  });

  test("a daemon started in a session of its own, its stdio detached, is left running and holds nothing up", async () => {
    recordingHook(box, "post-cluster-create", "daemon", `setsid sleep 60 >/dev/null 2>&1 </dev/null & echo $! > "$HOOK_LOG/daemon.pid"`);
    const proc = startK3dx(box, ["cluster", "create", "dev"], env);
    const daemon = await hookProcess("daemon.pid");
    expect(await exitWithin(proc, 20_000)).toBe(0);
    await Bun.sleep(500);
    expect(daemon.ended()).toBe(false);
  });
});

describe("a signal to the k3dx process alone", () => {
  test("SIGTERM while k3dx asks k3d for its version: that question is ended too, exit 143", async () => {
    recordingHook(box, "pre-cluster-create", "rec");
    // Every call of the stand-in sleeps; the version is not cached yet, so k3dx asks it.
    const proc = startK3dx(box, ["cluster", "create", "dev"], { ...env, FAKE_K3D_SLEEP: "8" });
    await waitFor(() => callsWith(box, "version").length > 0);
    const version = callsWith(box, "version")[0]!;
    proc.kill("SIGTERM");
    expect(await exitWithin(proc, 20_000)).toBe(143);
    expect(readSignals(box.state)).toContainEqual(expect.objectContaining({ pid: version.pid, signal: "SIGTERM" }));
    expect(callsWith(box, "create")).toEqual([]);
    expect(recordedKeys(box)).toEqual([]);
  }, 30_000);

  test("SIGTERM while a k3d shim (no exec) is asked: the real k3d behind it gets the signal too", async () => {
    recordingHook(box, "pre-cluster-delete", "rec");
    writeCluster(box.state, "dev");
    // A version manager's shim runs the real k3d as its child, which holds the answer's pipe.
    const shim = box.script("k3d-shim", `#!/bin/sh\n"${box.k3d}" "$@"\n`, join(box.root, "shim"));
    await cacheK3dVersion(box, shim);
    const proc = startK3dx(box, ["cluster", "delete", "dev"], { ...env, K3DX_K3D: shim, FAKE_K3D_SLEEP: "20" });
    await waitFor(() => callsWith(box, "list").length > 0);
    const list = callsWith(box, "list")[0]!;
    proc.kill("SIGTERM");
    expect(await exitWithin(proc, 20_000)).toBe(143);
    expect(readSignals(box.state)).toContainEqual(expect.objectContaining({ pid: list.pid, signal: "SIGTERM" }));
    expect(callsWith(box, "delete")).toEqual([]);
  }, 30_000);

  test("a hook that traps SIGTERM is killed 5 s after it, not at its timeout; k3dx exits 143 and nothing is left", async () => {
    recordingHook(
      box,
      "pre-cluster-create",
      "stubborn",
      `trap 'echo TERM > "$HOOK_LOG/got"' TERM; sleep 60 & echo $! > "$HOOK_LOG/child.pid"; while :; do sleep 0.1; done`,
    );
    const proc = startK3dx(box, ["cluster", "create", "dev"], { ...env, K3DX_HOOK_TIMEOUT: "120" });
    const child = await hookProcess("child.pid");
    proc.kill("SIGTERM");
    const stderr = new Response(proc.stderr).text();
    expect(await exitWithin(proc, 15_000)).toBe(143);
    expect(await stderr).toMatch(/^k3dx: pre-cluster-create stubborn interrupted in 5\.\d\ds \(killed by SIGKILL\)$/m);
    expect(await Bun.file(log("got")).text()).toBe("TERM\n");
    expect(await endsWithin(child, 4500)).toBe(true);
    expect(callsWith(box, "create")).toEqual([]);
  }, 30_000);
});

describe("k3dx killed with SIGKILL while hooks run", () => {
  /** A hook that records itself and its child, then waits; `trap` runs first in the hook. */
  function waitingHook(trap = "") {
    recordingHook(box, "pre-cluster-create", "waits", `${trap}echo $$ > "$HOOK_LOG/hook.pid"; sleep 60 & echo $! > "$HOOK_LOG/child.pid"; wait`);
  }

  test("the hook and what it started end with k3dx", async () => {
    waitingHook();
    await cacheK3dVersion(box);
    const proc = startK3dx(box, ["cluster", "create", "dev"], env);
    const [hook, child] = [await hookProcess("hook.pid"), await hookProcess("child.pid")];
    proc.kill("SIGKILL");
    await proc.exited;
    expect(await endsWithin(hook, 4500)).toBe(true);
    expect(await endsWithin(child, 4500)).toBe(true);
  });

  test("a hook that traps SIGTERM is killed 5 s later", async () => {
    waitingHook(`trap '' TERM; `);
    await cacheK3dVersion(box);
    const proc = startK3dx(box, ["cluster", "create", "dev"], env);
    const [hook, child] = [await hookProcess("hook.pid"), await hookProcess("child.pid")];
    proc.kill("SIGKILL");
    await proc.exited;
    expect(await endsWithin(child, 8000)).toBe(true);
    expect(await endsWithin(hook, 1000)).toBe(true);
  }, 20_000);

  test("k3dx's whole process group killed, as a CI runner cancels a job: the hooks, in sessions of their own, end too", async () => {
    waitingHook();
    writeCluster(box.state, "one");
    await cacheK3dVersion(box);
    // k3dx leads a process group of its own here, as a job a CI runner starts does.
    const proc = Bun.spawn({ cmd: [K3DX_BINARY, "cluster", "create", "dev"], env: { ...box.env, ...env }, cwd: box.root, detached: true, stdout: "ignore", stderr: "ignore" });
    const [hook, child] = [await hookProcess("hook.pid"), await hookProcess("child.pid")];
    process.kill(-proc.pid, "SIGKILL");
    await proc.exited;
    expect(await endsWithin(hook, 4500)).toBe(true);
    expect(await endsWithin(child, 4500)).toBe(true);
  });
});
