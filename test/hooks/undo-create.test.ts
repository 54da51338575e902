/**
 * Black-box: `undo-cluster-create` (SPEC §9) — fired when a create whose pre-create phase
 * started did not complete: k3d failed, a pre-hook failed, Ctrl-C during the pre phase or
 * during k3d. Its context, its limits after an interrupt, and that it never changes the
 * exit status the command had.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readCalls, readSignals, writeCluster } from "../helpers/fake-k3d.ts";
import { appears, endsWithin, exitWithin, killLeftovers, watchPidFile, type WatchedProcess } from "../helpers/processes.ts";
import { K3DX_BINARY, runK3dx, type Sandbox } from "../helpers/sandbox.ts";
import {
  cacheK3dVersion,
  callsWith,
  hookSandbox,
  installHookPlugin,
  k3dThatCannotList,
  k3dThatFailsCreate,
  k3dWithSlowCreate,
  NO_DOCKER_LINE,
  recorded,
  recordedKeys,
  recordingHook,
  startK3dx,
  waitFor,
} from "./hook-world.ts";

let box: Sandbox;
let env: Record<string, string>;
const started: WatchedProcess[] = [];
beforeEach(() => ({ box, env } = hookSandbox()));
afterEach(() => {
  killLeftovers(started);
  box.cleanup();
});

const log = (file: string) => join(env.HOOK_LOG!, file);
const undoOf = (name: string, cluster = "dev") => recorded(box, "undo-cluster-create", name, cluster);
/** The times of the stand-in's `cluster create` calls, in ms. */
const createCalls = () => readCalls(box.state).filter((call) => call.argv[0] === "cluster" && call.argv[1] === "create");

describe("k3d fails", () => {
  test("every undo hook gets k3d-failed, k3d's exit status, the arguments k3d ran with; exit status is k3d's", async () => {
    recordingHook(box, "pre-cluster-create", "maker", `printf '%s\\n' --registry-use k3d-mine:5000 > "$K3D_RESULT"`);
    recordingHook(box, "undo-cluster-create", "maker");
    recordingHook(box, "undo-cluster-create", "other");
    const result = await runK3dx(box, ["cluster", "create", "dev"], { env: { ...env, K3DX_K3D: k3dThatFailsCreate(box), K3D_DRY_RUN: "1" } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("FATA[0000] Failed to create cluster");
    for (const name of ["maker", "other"]) {
      const undo = undoOf(name)!;
      expect(undo.env).toMatchObject({
        K3D_COMMAND: "EXEC",
        K3D_EVENT: "undo-cluster-create",
        K3D_CLUSTER: "dev",
        K3D_UNDO_REASON: "k3d-failed",
        K3D_EXIT_STATUS: "1",
        K3D_DOCKER_NETWORK: "",
        K3D_ARGS: JSON.stringify(["cluster", "create", "dev", "--registry-use", "k3d-mine:5000"]),
      });
      // Set by its event or not at all, whatever the user's environment holds.
      expect(undo.env.K3D_DRY_RUN).toBeUndefined();
      expect(undo.stdin).toEqual({ event: "undo-cluster-create", cluster: { name: "dev" }, args: ["cluster", "create", "dev", "--registry-use", "k3d-mine:5000"] });
      expect(undo.start).toBeGreaterThan(recorded(box, "pre-cluster-create", "maker", "dev")!.end);
    }
    expect(recorded(box, "pre-cluster-create", "maker", "dev")!.env.K3D_UNDO_REASON).toBeUndefined();
    expect(result.stderr).toMatch(/^k3dx: undo-cluster-create maker ok in \d+\.\d\ds$/m);
    expect(result.stderr).toMatch(/^k3dx: undo-cluster-create other ok in /m);
  });

  test("a name that is taken: the undo is told of the cluster that was already there, as k3d describes it now", async () => {
    writeCluster(box.state, "dev");
    recordingHook(box, "pre-cluster-create", "maker");
    recordingHook(box, "undo-cluster-create", "maker");
    const result = await runK3dx(box, ["cluster", "create", "dev"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("a cluster with that name already exists");
    const undo = undoOf("maker")!;
    expect(undo.env).toMatchObject({ K3D_UNDO_REASON: "k3d-failed", K3D_DOCKER_NETWORK: "k3d-dev", K3D_DOCKER_CONTROL: expect.stringContaining("k3d-dev-server-0=") });
    expect(undo.stdin.cluster).toMatchObject({ name: "dev", network: { name: "k3d-dev" } });
  });

  test("with only undo hooks registered, a failed create still fires them; a create that succeeds fires none", async () => {
    recordingHook(box, "undo-cluster-create", "cleaner");
    const k3d = k3dThatFailsCreate(box);
    const failed = await runK3dx(box, ["cluster", "create", "dev"], { env: { ...env, K3DX_K3D: k3d } });
    expect(failed.code).toBe(1);
    expect(undoOf("cleaner")!.env.K3D_UNDO_REASON).toBe("k3d-failed");

    const fine = await runK3dx(box, ["cluster", "create", "ok"], { env });
    expect(fine.code).toBe(0);
    expect(fine.stderr).not.toContain("undo-cluster-create");
    expect(recordedKeys(box)).toEqual(["undo-cluster-create.cleaner.dev"]);
  });

  test("a post-create hook that fails is no undo: the cluster was created", async () => {
    recordingHook(box, "post-cluster-create", "broken", "exit 1");
    recordingHook(box, "undo-cluster-create", "cleaner");
    const result = await runK3dx(box, ["cluster", "create", "dev"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^k3dx: post-cluster-create broken failed in /m);
    expect(result.stderr).not.toContain("undo-cluster-create");
    expect(undoOf("cleaner")).toBeUndefined();
  });

  test("an undo hook that fails is reported, with how to run it again; the exit status stays k3d's", async () => {
    recordingHook(box, "undo-cluster-create", "broken", "exit 7");
    recordingHook(box, "undo-cluster-create", "fine");
    const result = await runK3dx(box, ["cluster", "create", "dev"], { env: { ...env, K3DX_K3D: k3dThatFailsCreate(box) } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^k3dx: undo-cluster-create broken failed in \d+\.\d\ds \(exit 7\)$/m);
    expect(result.stderr).toContain(
      "k3dx: undo-cluster-create hook broken failed: what it made for cluster dev may be left behind ('k3d plugin trigger undo-cluster-create dev --reason k3d-failed' runs it again).\n",
    );
    expect(undoOf("fine")).toBeDefined();
  });

  test("when k3d cannot describe the cluster afterwards, no undo hook runs: one line says so and how to run them later", async () => {
    recordingHook(box, "pre-cluster-create", "maker");
    recordingHook(box, "undo-cluster-create", "maker");
    const noDocker = k3dThatCannotList(box);
    await cacheK3dVersion(box, noDocker);
    const result = await runK3dx(box, ["cluster", "create", "dev", "--servers", "0"], { env: { ...env, K3DX_K3D: noDocker } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `k3dx: cannot read cluster dev from k3d: 'k3d cluster list -o json' exited 1 (${NO_DOCKER_LINE}); its undo-cluster-create hooks were not run ('k3d plugin trigger undo-cluster-create dev --reason k3d-failed' runs them once k3d answers).\n`,
    );
    expect(recordedKeys(box)).toEqual(["pre-cluster-create.maker.dev"]);
  });
});

describe("stderr's reader goes away", () => {
  test("output is best effort: the undo still fires after `2>&1 | head`, and the status is k3d's own", async () => {
    box.script("chatty", "#!/bin/sh\nseq 3000\n", join(box.k3dxHome, "hooks", "pre-cluster-create"));
    recordingHook(box, "undo-cluster-create", "cleaner");
    const proc = Bun.spawn({
      cmd: ["/bin/bash", "-c", `"$0" cluster create dev 2>&1 | head -2 >/dev/null; exit \${PIPESTATUS[0]}`, K3DX_BINARY],
      env: { ...box.env, ...env, K3DX_K3D: k3dThatFailsCreate(box) },
      stdout: "ignore",
      stderr: "ignore",
    });
    // k3d itself writes to the closed pipe too: its status (141, SIGPIPE) is the answer, and the undo's.
    const code = await proc.exited;
    expect(code).not.toBe(0);
    expect(undoOf("cleaner")!.env).toMatchObject({ K3D_UNDO_REASON: "k3d-failed", K3D_EXIT_STATUS: String(code) });
  });
});

describe("a pre-hook fails", () => {
  test("k3d is not run; every undo hook gets hook-failed — those whose pre-hook succeeded too — and no exit status", async () => {
    installHookPlugin(box, "maker", "name: maker\nhooks: [pre-cluster-create, undo-cluster-create]\n", recordingBody(), ["pre-cluster-create", "undo-cluster-create"]);
    installHookPlugin(box, "broken", "name: broken\nhooks: [pre-cluster-create, undo-cluster-create]\n", recordingBody('[ "$K3D_EVENT" = pre-cluster-create ] && exit 1'), ["pre-cluster-create", "undo-cluster-create"]);
    const result = await runK3dx(box, ["cluster", "create", "dev", "--agents", "1"], { env });
    expect(result.code).toBe(1);
    expect(createCalls()).toEqual([]);
    expect(result.stderr).toContain("k3dx: pre-cluster-create hook broken failed: k3d cluster create was not run.\n");
    for (const name of ["maker", "broken"]) {
      const undo = undoOf(name)!;
      expect(undo.env).toMatchObject({ K3D_UNDO_REASON: "hook-failed", K3D_ARGS: JSON.stringify(["cluster", "create", "dev", "--agents", "1"]) });
      expect(undo.env.K3D_EXIT_STATUS).toBeUndefined();
      expect(undo.start).toBeGreaterThan(recorded(box, "pre-cluster-create", name, "dev")!.end);
    }
  });

  test("pre-hooks that hand back more than one command line can hold: that is a pre-hook failure, and undone", async () => {
    recordingHook(box, "pre-cluster-create", "a", `i=0; while [ $i -lt 6000 ]; do echo x; i=$((i+1)); done > "$K3D_RESULT"`);
    recordingHook(box, "pre-cluster-create", "b", `i=0; while [ $i -lt 6000 ]; do echo x; i=$((i+1)); done > "$K3D_RESULT"`);
    recordingHook(box, "undo-cluster-create", "a");
    const result = await runK3dx(box, ["cluster", "create", "dev"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("k3dx: pre-cluster-create hooks handed back 12000 arguments");
    expect(createCalls()).toEqual([]);
    expect(undoOf("a")!.env.K3D_UNDO_REASON).toBe("hook-failed");
  });
});

/** A hook body that records itself (as recordingHook does) and then runs `tail`. */
function recordingBody(tail = ""): string {
  return `#!/bin/sh
start=$(date +%s.%6N)
d="$HOOK_LOG/$K3D_EVENT.$K3D_PLUGIN_NAME.$K3D_CLUSTER"
cat > "$d.stdin"
env -0 > "$d.env"
echo "$start $(date +%s.%6N)" > "$d.time"
${tail}
exit 0
`;
}

describe("Ctrl-C", () => {
  test("during the pre phase: the pre-hooks end, k3d is not run, the undo runs (interrupted, no exit status), exit 130", async () => {
    recordingHook(box, "pre-cluster-create", "slow", `touch "$HOOK_LOG/slow.ready"; while :; do sleep 0.05; done`);
    recordingHook(box, "undo-cluster-create", "slow");
    const proc = startK3dx(box, ["cluster", "create", "dev"], env);
    expect(await appears(log("slow.ready"))).toBe(true);
    proc.kill("SIGINT");
    const stderr = new Response(proc.stderr).text();
    expect(await exitWithin(proc, 20_000)).toBe(130);
    expect(createCalls()).toEqual([]);
    const undo = undoOf("slow")!;
    expect(undo.env.K3D_UNDO_REASON).toBe("interrupted");
    expect(undo.env.K3D_EXIT_STATUS).toBeUndefined();
    expect(await stderr).toMatch(/^k3dx: pre-cluster-create slow interrupted in /m);
    expect(await stderr).toMatch(/^k3dx: undo-cluster-create slow ok in /m);
  });

  test("during k3d: k3d gets SIGINT, the undo gets interrupted and k3d's exit status, exit 130", async () => {
    const k3d = k3dWithSlowCreate(box);
    await cacheK3dVersion(box, k3d);
    recordingHook(box, "pre-cluster-create", "maker");
    recordingHook(box, "undo-cluster-create", "maker");
    recordingHook(box, "post-cluster-create", "after");
    const proc = startK3dx(box, ["cluster", "create", "dev"], { ...env, K3DX_K3D: k3d });
    await waitFor(() => createCalls().length > 0, 10_000);
    await Bun.sleep(100);
    proc.kill("SIGINT");
    expect(await exitWithin(proc, 20_000)).toBe(130);
    expect(readSignals(box.state).map((record) => record.signal)).toEqual(["SIGINT"]);
    const undo = undoOf("maker")!;
    expect(undo.env).toMatchObject({ K3D_UNDO_REASON: "interrupted", K3D_EXIT_STATUS: "130" });
    expect(recordedKeys(box)).toEqual(["pre-cluster-create.maker.dev", "undo-cluster-create.maker.dev"]);
  });

  test("an undo hook that fails after Ctrl-C is reported; the exit status stays 130", async () => {
    recordingHook(box, "pre-cluster-create", "slow", `touch "$HOOK_LOG/slow.ready"; while :; do sleep 0.05; done`);
    recordingHook(box, "undo-cluster-create", "broken", "exit 3");
    const proc = startK3dx(box, ["cluster", "create", "dev"], env);
    expect(await appears(log("slow.ready"))).toBe(true);
    proc.kill("SIGINT");
    const stderr = new Response(proc.stderr).text();
    expect(await exitWithin(proc, 20_000)).toBe(130);
    expect(await stderr).toMatch(/^k3dx: undo-cluster-create broken failed in \d+\.\d\ds \(exit 3\)$/m);
    expect(await stderr).toContain("k3dx: undo-cluster-create hook broken failed: what it made for cluster dev may be left behind");
  });

  test("an undo hook that hangs after Ctrl-C is killed at the undo's 10 s limit, whatever its own timeout; exit 130", async () => {
    recordingHook(box, "pre-cluster-create", "slow", `touch "$HOOK_LOG/slow.ready"; while :; do sleep 0.05; done`);
    recordingHook(box, "undo-cluster-create", "hangs", `trap '' INT TERM; echo $$ > "$HOOK_LOG/hangs.pid"; while :; do sleep 0.05; done`);
    const proc = startK3dx(box, ["cluster", "create", "dev"], { ...env, K3DX_HOOK_TIMEOUT: "600" });
    expect(await appears(log("slow.ready"))).toBe(true);
    proc.kill("SIGINT");
    const stderr = new Response(proc.stderr).text();
    expect(await appears(log("hangs.pid"))).toBe(true);
    const hook = watchPidFile(log("hangs.pid"));
    started.push(hook);
    expect(await exitWithin(proc, 25_000)).toBe(130);
    expect(hook.ended()).toBe(true);
    expect(await stderr).toMatch(/^k3dx: undo-cluster-create hangs interrupted in (9|1\d)\.\d\ds \(killed by SIGKILL\)$/m);
    expect(await stderr).toContain("k3dx: undoing the create of cluster dev was cut short (it may take 10 s after an interrupt); what is left may be collected by 'k3d plugin gc'.\n");
  }, 40_000);

  test("a further Ctrl-C during the undo ends it at once", async () => {
    recordingHook(box, "pre-cluster-create", "slow", `touch "$HOOK_LOG/slow.ready"; while :; do sleep 0.05; done`);
    recordingHook(box, "undo-cluster-create", "hangs", `trap '' INT TERM; echo $$ > "$HOOK_LOG/hangs.pid"; while :; do sleep 0.05; done`);
    const proc = startK3dx(box, ["cluster", "create", "dev"], env);
    expect(await appears(log("slow.ready"))).toBe(true);
    proc.kill("SIGINT");
    expect(await appears(log("hangs.pid"))).toBe(true);
    const hook = watchPidFile(log("hangs.pid"));
    started.push(hook);
    const stderr = new Response(proc.stderr).text();
    const secondAt = performance.now();
    proc.kill("SIGINT");
    expect(await exitWithin(proc, 20_000)).toBe(130);
    expect(performance.now() - secondAt).toBeLessThan(5_000);
    expect(await endsWithin(hook, 2000)).toBe(true);
    expect(await stderr).toContain("k3dx: undoing the create of cluster dev was cut short (SIGINT ended it); what is left may be collected by 'k3d plugin gc'.\n");
  }, 30_000);

  test("before the pre phase (k3dx still asking k3d for its version): nothing to undo", async () => {
    recordingHook(box, "pre-cluster-create", "maker");
    recordingHook(box, "undo-cluster-create", "maker");
    const proc = startK3dx(box, ["cluster", "create", "dev"], { ...env, FAKE_K3D_SLEEP: "8" });
    await waitFor(() => callsWith(box, "version").length > 0);
    proc.kill("SIGINT");
    expect(await exitWithin(proc, 20_000)).toBe(130);
    expect(recordedKeys(box)).toEqual([]);
    expect(existsSync(log("undo-cluster-create.maker.dev.time"))).toBe(false);
  }, 30_000);
});

describe("k3d plugin trigger undo-cluster-create", () => {
  test("hook-failed by default; --reason picks another (k3d-failed with exit status 1); the cluster as k3d describes it", async () => {
    recordingHook(box, "undo-cluster-create", "cleaner");
    writeCluster(box.state, "dev");
    const byDefault = await runK3dx(box, ["plugin", "trigger", "undo-cluster-create", "dev"], { env });
    expect(byDefault.code).toBe(0);
    expect(undoOf("cleaner")!.env).toMatchObject({ K3D_UNDO_REASON: "hook-failed", K3D_DOCKER_NETWORK: "k3d-dev", K3D_ARGS: '["cluster","create","dev"]' });
    expect(undoOf("cleaner")!.env.K3D_EXIT_STATUS).toBeUndefined();

    const k3dFailed = await runK3dx(box, ["plugin", "trigger", "undo-cluster-create", "gone", "--reason", "k3d-failed"], { env });
    expect(k3dFailed.code).toBe(0);
    expect(undoOf("cleaner", "gone")!.env).toMatchObject({ K3D_UNDO_REASON: "k3d-failed", K3D_EXIT_STATUS: "1", K3D_DOCKER_NETWORK: "" });
    expect(readFileSync(log("undo-cluster-create.cleaner.gone.stdin"), "utf8")).toBe('{"event":"undo-cluster-create","cluster":{"name":"gone"},"args":["cluster","create","gone"]}\n');
  });

  test("bad usage: an unknown reason, --reason for another event, --dry-run for it (exit 2, one line)", async () => {
    recordingHook(box, "undo-cluster-create", "cleaner");
    for (const [args, line] of [
      [["--reason", "oops"], /^k3dx: .*oops.*k3d-failed, hook-failed, interrupted.*Run 'k3d plugin trigger --help' for usage\.\n$/],
      [["--dry-run"], /^k3dx: --dry-run is for cluster-gc only\. Run 'k3d plugin trigger --help' for usage\.\n$/],
    ] as const) {
      const result = await runK3dx(box, ["plugin", "trigger", "undo-cluster-create", "dev", ...args], { env });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(line);
    }
    const other = await runK3dx(box, ["plugin", "trigger", "post-cluster-create", "dev", "--reason", "interrupted"], { env });
    expect(other.code).toBe(2);
    expect(other.stderr).toBe("k3dx: --reason is for undo-cluster-create only. Run 'k3d plugin trigger --help' for usage.\n");
    expect(recordedKeys(box)).toEqual([]);
  });
});
