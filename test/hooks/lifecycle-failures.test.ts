/**
 * Black-box: what goes wrong around hooks (SPEC §4) — failing, hanging, loud and
 * misplaced hooks, clusters that do not exist, configs that do not parse, Ctrl-C.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readSignals, writeCluster } from "../helpers/fake-k3d.ts";
import { K3DX_BINARY, runK3dx, type Sandbox } from "../helpers/sandbox.ts";
import {
  cacheK3dVersion,
  callsWith,
  hookFolder,
  hookSandbox,
  installHookPlugin,
  k3dThatCannotList,
  NO_DOCKER_LINE,
  recorded,
  recordedKeys,
  recordingHook,
  startK3dx,
  waitFor,
} from "./hook-world.ts";

let box: Sandbox;
let env: Record<string, string>;
beforeEach(() => ({ box, env } = hookSandbox()));
afterEach(() => box.cleanup());

const callsOf = (word: string) => callsWith(box, word);
const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("a user's own hook script: settings in its k3dx-hook: line", () => {
  test("its timeout applies to it alone", async () => {
    recordingHook(box, "pre-cluster-create", "quick", "# k3dx-hook: timeout=1\nsleep 10");
    recordingHook(box, "pre-cluster-create", "patient", "sleep 1.5");
    const result = await runK3dx(box, ["cluster", "create", "dev"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^k3dx: pre-cluster-create quick timed out in \d+\.\d\ds \(limit 1s\)$/m);
    expect(result.stderr).toMatch(/^k3dx: pre-cluster-create patient ok in /m);
    expect(callsOf("create")).toEqual([]);
  }, 20_000);

  test("onError=warn: a failed post-hook is reported and the command succeeds", async () => {
    recordingHook(box, "post-cluster-create", "notify", "# k3dx-hook: onError=warn\nexit 4");
    const result = await runK3dx(box, ["cluster", "create", "dev"], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^k3dx: post-cluster-create notify failed in .* \(exit 4; onError: warn, ignored\)$/m);
  });

  test("a mistake in the line is said before the event fires; the hook runs with the default", async () => {
    const path = recordingHook(box, "post-cluster-create", "typo", "# k3dx-hook: onError=warm\nexit 4");
    const result = await runK3dx(box, ["cluster", "create", "dev"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`k3dx: hook ${path}: its k3dx-hook: line: onError=warm must be fail or warn; the default applies\n`);
  });

  test("a plugin's hook takes its metadata, not a line in its executable", async () => {
    installHookPlugin(box, "strict", "name: strict\nhooks: [post-cluster-create]\n", "# k3dx-hook: onError=warn\nexit 4\n", ["post-cluster-create"]);
    expect((await runK3dx(box, ["cluster", "create", "dev"], { env })).code).toBe(1);
  });
});

describe("failing hooks", () => {
  test("a pre-hook that exits 1: k3d is not run, exit 1, the others still report", async () => {
    recordingHook(box, "pre-cluster-create", "broken", "exit 1");
    recordingHook(box, "pre-cluster-create", "fine");
    recordingHook(box, "post-cluster-create", "after");
    const result = await runK3dx(box, ["cluster", "create", "dev"], { env });
    expect(result.code).toBe(1);
    expect(callsOf("create")).toEqual([]);
    expect(result.stderr).toMatch(/^k3dx: pre-cluster-create broken failed in \d+\.\d\ds \(exit 1\)$/m);
    expect(result.stderr).toMatch(/^k3dx: pre-cluster-create fine ok in /m);
    expect(result.stderr).toMatch(/^k3dx: pre-cluster-create hook broken failed: k3d cluster create was not run\.$/m);
    expect(recordedKeys(box)).not.toContain("post-cluster-create.after.dev");
  });

  test("a post-hook that exits 1: k3d ran, the command fails with exit 1", async () => {
    recordingHook(box, "post-cluster-create", "broken", "exit 1");
    const result = await runK3dx(box, ["cluster", "create", "dev"], { env });
    expect(result.code).toBe(1);
    expect(callsOf("create")).toHaveLength(1);
    expect(result.stderr).toMatch(/^k3dx: post-cluster-create broken failed in .* \(exit 1\)$/m);
    expect(result.stderr).toMatch(/^k3dx: post-cluster-create hook broken failed after k3d cluster create succeeded\.$/m);
  });

  test("a failing post-hook whose plugin says onError: warn is reported, and the command succeeds", async () => {
    installHookPlugin(box, "notes", "name: notes\nhooks:\n  - { event: post-cluster-create, onError: warn }\n", "exit 4\n", ["post-cluster-create"]);
    const result = await runK3dx(box, ["cluster", "create", "dev"], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^k3dx: post-cluster-create notes failed in .* \(exit 4; onError: warn, ignored\)$/m);
  });

  test("onError: warn on a pre- event has no effect: k3d is not run, exit 1, and the summary says why", async () => {
    installHookPlugin(box, "check", "name: check\nhooks:\n  - { event: pre-cluster-create, onError: warn }\n", "exit 3\n", ["pre-cluster-create"]);
    const result = await runK3dx(box, ["cluster", "create", "dev"], { env });
    expect(result.code).toBe(1);
    expect(callsOf("create")).toEqual([]);
    expect(result.stderr).toMatch(/^k3dx: pre-cluster-create check failed in \d+\.\d\ds \(exit 3; onError: warn has no effect on a pre- event\)$/m);
  });

  test("a hook that is not executable is skipped with a warning; the others run", async () => {
    mkdirSync(hookFolder(box, "pre-cluster-create"), { recursive: true });
    writeFileSync(join(hookFolder(box, "pre-cluster-create"), "forgot-chmod"), "#!/bin/sh\nexit 0\n");
    recordingHook(box, "pre-cluster-create", "fine");
    const result = await runK3dx(box, ["cluster", "create", "dev"], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`k3dx: skipping hook ${join(hookFolder(box, "pre-cluster-create"), "forgot-chmod")}: not executable; chmod +x it to enable it\n`);
    expect(recordedKeys(box)).toEqual(["pre-cluster-create.fine.dev"]);
  });

  test("only hooks that cannot run: k3d runs alone, with the warning", async () => {
    const folder = hookFolder(box, "post-cluster-create");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "plain"), "echo\n");
    const result = await runK3dx(box, ["cluster", "create", "dev"], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("skipping hook");
    expect(result.stderr).not.toContain("post-cluster-create plain");
  });
});

describe("hooks that hang or shout", () => {
  test("a hook past its timeout: SIGTERM to its whole process group, reported as timed out", async () => {
    recordingHook(box, "pre-cluster-create", "hangs", `sleep 30 & echo $! > "$HOOK_LOG/child.pid"; wait`);
    const started = performance.now();
    const result = await runK3dx(box, ["cluster", "create", "dev"], { env: { ...env, K3DX_HOOK_TIMEOUT: "1" } });
    expect(performance.now() - started).toBeLessThan(4000);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^k3dx: pre-cluster-create hangs timed out in 1\.\d\ds \(limit 1s\)$/m);
    expect(callsOf("create")).toEqual([]);
    // The hook's own child was in its group, so it is gone too.
    const child = Number(readFileSync(join(env.HOOK_LOG!, "child.pid"), "utf8"));
    await waitFor(() => !isAlive(child) || isZombie(child), 2000);
  });

  test("a hook that ignores SIGTERM gets SIGKILL 5 s later", async () => {
    recordingHook(box, "pre-cluster-create", "stubborn", `trap '' TERM; sleep 30`);
    const started = performance.now();
    const result = await runK3dx(box, ["cluster", "create", "dev"], { env: { ...env, K3DX_HOOK_TIMEOUT: "0.5" } });
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThan(5000);
    expect(elapsed).toBeLessThan(9000);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^k3dx: pre-cluster-create stubborn timed out in 5\.\d\ds \(limit 0\.5s\)$/m);
  }, 15000);

  test("the timeout in a plugin's metadata wins over K3DX_HOOK_TIMEOUT", async () => {
    installHookPlugin(box, "slow", "name: slow\nhooks:\n  - { event: pre-cluster-create, timeout: 1 }\n", "sleep 30\n", ["pre-cluster-create"]);
    const result = await runK3dx(box, ["cluster", "create", "dev"], { env: { ...env, K3DX_HOOK_TIMEOUT: "600" } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^k3dx: pre-cluster-create slow timed out in 1\.\d\ds \(limit 1s\)$/m);
  });

  test("a hook that prints megabytes: every line arrives prefixed, nothing stalls", async () => {
    // ~5 MB in 100-byte lines on stdout, and one 1 MB line without a newline on stderr.
    recordingHook(box, "pre-cluster-create", "loud", `yes "$(head -c 99 /dev/zero | tr '\\0' x)" | head -n 50000; head -c 1048576 /dev/zero | tr '\\0' 'y' >&2`);
    const proc = startK3dx(box, ["cluster", "create", "dev"], env);
    const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    expect(code).toBe(0);
    expect(stdout).not.toContain("xxxx");
    const lines = stderr.split("\n");
    expect(lines.filter((line) => line === `[loud] ${"x".repeat(99)}`)).toHaveLength(50000);
    // The long line is split into 64 KiB pieces, each prefixed.
    const pieces = lines.filter((line) => line.startsWith("[loud] y"));
    expect(pieces.reduce((sum, line) => sum + line.length - "[loud] ".length, 0)).toBe(1048576);
    expect(pieces.length).toBe(16);
  });

  test("100 MB of hook output through a slow reader: k3dx waits for it instead of buffering", async () => {
    recordingHook(box, "pre-cluster-create", "loud", `yes "$(head -c 99 /dev/zero | tr '\\0' x)" | head -c 100000000`);
    // k3dx's stderr is a FIFO whose reader opens it at once but starts reading a second later.
    const fifo = join(box.root, "stderr.fifo");
    expect(Bun.spawnSync({ cmd: ["mkfifo", fifo] }).exitCode).toBe(0);
    const reader = Bun.spawn({ cmd: ["/bin/sh", "-c", `exec 3< "${fifo}"; sleep 1; wc -c <&3`], stdout: "pipe" });
    const writeEnd = openSync(fifo, "w");
    const proc = Bun.spawn({ cmd: [K3DX_BINARY, "cluster", "create", "dev"], env: { ...box.env, ...env }, stdout: "ignore", stderr: writeEnd });
    closeSync(writeEnd);
    expect(await proc.exited).toBe(0);
    expect(Number(await new Response(reader.stdout).text())).toBeGreaterThan(100_000_000);
    // Holding the output would take 100 MB more than k3dx's own ~35; streaming stays near 70.
    expect(proc.resourceUsage()!.maxRSS / (1024 * 1024)).toBeLessThan(110);
  });
});

describe("clusters and configs", () => {
  test("a cluster that does not exist: pre-hooks get {name} and empty docker vars; k3d fails; no post-hooks", async () => {
    recordingHook(box, "pre-cluster-start", "rec");
    recordingHook(box, "post-cluster-start", "rec");
    const result = await runK3dx(box, ["cluster", "start", "nope"], { env });
    expect(result.code).toBe(1);
    const pre = recorded(box, "pre-cluster-start", "rec", "nope")!;
    expect(pre.stdin.cluster).toEqual({ name: "nope" });
    expect([pre.env.K3D_DOCKER_NETWORK, pre.env.K3D_DOCKER_CONTROL, pre.env.K3D_DOCKER_AGENTS, pre.env.K3D_DOCKER_LOADBALANCER]).toEqual(["", "", "", ""]);
    expect(recordedKeys(box)).toEqual(["pre-cluster-start.rec.nope"]);
  });

  test("a config that does not parse: k3d's own error, no hook fires, and no name is guessed", async () => {
    recordingHook(box, "pre-cluster-create", "rec");
    const config = join(box.root, "broken.yaml");
    writeFileSync(config, "apiVersion: k3d.io/v1alpha5\nmetadata: [unclosed\n");
    const result = await runK3dx(box, ["cluster", "create", "dev", "-c", config], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Failed to read config file ${config}`);
    expect(result.stderr).toMatch(new RegExp(`^k3dx: k3d will refuse config file ${config}: it is not valid YAML: .*; running k3d without hooks$`, "m"));
    expect(recordedKeys(box)).toEqual([]);
    expect(callsOf("create")).toHaveLength(1);
  });

  test("a config k3d refuses at its schema check (kind, unknown field, bad name): one line, k3d's error, no hook", async () => {
    for (const event of ["pre-cluster-create", "post-cluster-create"]) recordingHook(box, event, "rec");
    const bodies = [
      "apiVersion: k3d.io/v1alpha5\nkind: Cluster\nmetadata:\n  name: dev\n",
      "apiVersion: k3d.io/v1alpha5\nkind: Simple\nmetadata:\n  name: dev\nservres: 3\n",
      "apiVersion: k3d.io/v1alpha5\nkind: Simple\nmetadata:\n  name: 42\n",
      "apiVersion: k3d.io/v1alpha5\nkind: Simple\nmetadata:\n  name: from_config\n",
    ];
    for (const [i, body] of bodies.entries()) {
      const config = join(box.root, `refused-${i}.yaml`);
      writeFileSync(config, body);
      const result = await runK3dx(box, ["cluster", "create", "-c", config], { env });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`Schema Validation failed for config file ${config}`);
      expect(result.stderr).toMatch(new RegExp(`^k3dx: k3d will refuse config file ${config}: it fails k3d's schema for k3d.io/v1alpha5: .*; running k3d without hooks$`, "m"));
    }
    expect(recordedKeys(box)).toEqual([]);
    expect(callsOf("list")).toEqual([]);
  });

  test("a config on stdin that does not parse: k3d still gets the bytes, and says what is wrong", async () => {
    recordingHook(box, "pre-cluster-create", "rec");
    const config = "metadata: [unclosed\n";
    const result = await runK3dx(box, ["cluster", "create", "-c", "-"], { env, stdin: config });
    expect(result.code).toBe(1);
    expect(callsOf("create")[0]!.stdin).toBe(config);
    expect(recordedKeys(box)).toEqual([]);
  });

  test("a config file that is not there: k3d's error, no hook", async () => {
    recordingHook(box, "pre-cluster-delete", "rec");
    const result = await runK3dx(box, ["cluster", "delete", "--config", join(box.root, "missing.yaml")], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Failed to stat config file");
    expect(recordedKeys(box)).toEqual([]);
  });

  test("a command line k3d refuses (flag without its value, bad name): no hook fires, k3d says what is wrong", async () => {
    for (const event of ["pre-cluster-create", "post-cluster-create", "pre-cluster-delete"]) recordingHook(box, event, "rec");
    const cases: [string[], string][] = [
      [["cluster", "create", "-c"], "flag needs an argument: 'c' in -c"],
      [["cluster", "create", "dev", "--agents"], "flag needs an argument: --agents"],
      [["cluster", "delete", "dev", "--config"], "flag needs an argument: --config"],
      [["cluster", "create", "Bad_Name"], "Invalid cluster name. name Bad_Name is not a valid hostname as per RFC 1123"],
      [["cluster", "create", "x".repeat(33)], "Cluster name must be <= 32 characters, but has 33"],
      [["cluster", "create", "dev", "--no-such-flag"], "Error: unknown flag: --no-such-flag"],
      [["cluster", "create", "a", "b"], "accepts between 0 and 1 arg(s), received 2"],
      [["cluster", "create", "--wait", "false", "x"], "accepts between 0 and 1 arg(s), received 2"],
    ];
    for (const [args, k3dSays] of cases) {
      const result = await runK3dx(box, args, { env });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(k3dSays);
      expect(result.stderr).not.toContain("k3dx:");
    }
    expect(recordedKeys(box)).toEqual([]);
    expect(callsOf("list")).toEqual([]);
  });

  test("--all when k3d cannot list the clusters: one line, exit 1, k3d is not run, no hook fires", async () => {
    writeCluster(box.state, "a");
    writeCluster(box.state, "b");
    for (const event of ["pre-cluster-stop", "post-cluster-stop", "post-cluster-delete"]) recordingHook(box, event, "rec");
    const k3d = k3dThatCannotList(box);
    for (const [verb, all] of [["stop", "--all"], ["delete", "-a"]]) {
      const result = await runK3dx(box, ["cluster", verb!, all!], { env: { ...env, K3DX_K3D: k3d } });
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`k3dx: cannot read the clusters from k3d: 'k3d cluster list -o json' exited 1 (${NO_DOCKER_LINE}); k3d cluster ${verb} was not run.\n`);
      expect(callsOf(verb!)).toEqual([]);
    }
    expect(recordedKeys(box)).toEqual([]);
  });

  test("a named cluster when k3d cannot list: the same, never taken for a cluster that does not exist", async () => {
    writeCluster(box.state, "dev");
    recordingHook(box, "pre-cluster-delete", "rec");
    const result = await runK3dx(box, ["cluster", "delete", "dev"], { env: { ...env, K3DX_K3D: k3dThatCannotList(box) } });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`k3dx: cannot read the clusters from k3d: 'k3d cluster list -o json' exited 1 (${NO_DOCKER_LINE}); k3d cluster delete was not run.\n`);
    expect(callsOf("delete")).toEqual([]);
    expect(recordedKeys(box)).toEqual([]);
  });

  test("when k3d cannot list the cluster it just created: post-hooks are not run, exit 1", async () => {
    recordingHook(box, "post-cluster-create", "rec");
    const result = await runK3dx(box, ["cluster", "create", "dev"], { env: { ...env, K3DX_K3D: k3dThatCannotList(box) } });
    expect(result.code).toBe(1);
    expect(callsOf("create")).toHaveLength(1);
    expect(result.stderr).toEndWith(
      `k3dx: cannot read the clusters from k3d after k3d cluster create succeeded: 'k3d cluster list -o json' exited 1 (${NO_DOCKER_LINE}); post-cluster-create hooks were not run.\n`,
    );
    expect(recordedKeys(box)).toEqual([]);
  });

  test("--all with no cluster: nothing for a hook to act on, k3d runs alone", async () => {
    recordingHook(box, "pre-cluster-delete", "rec");
    const result = await runK3dx(box, ["cluster", "delete", "--all"], { env });
    expect(result.code).toBe(0);
    expect(recordedKeys(box)).toEqual([]);
    expect(callsOf("delete")).toHaveLength(1);
  });
});

describe("Ctrl-C", () => {
  /** k3dx running `args` with a hook for `event`, caught while the (slow) stand-in answers its `cluster list`. */
  async function startWhileListing(args: string[], event: string) {
    writeCluster(box.state, "victim");
    recordingHook(box, event, "rec");
    await cacheK3dVersion(box);
    const proc = startK3dx(box, args, { ...env, FAKE_K3D_SLEEP: "5" });
    await waitFor(() => callsOf("list").length > 0);
    return { proc, list: callsOf("list")[0]! };
  }

  test("during pre-hooks: every hook gets SIGINT, k3d is not run, exit 130", async () => {
    for (const name of ["one", "two"]) {
      recordingHook(box, "pre-cluster-create", name, `trap 'echo INT > "$HOOK_LOG/${name}.got"; exit 130' INT; touch "$HOOK_LOG/${name}.ready"; while :; do sleep 0.05; done`);
    }
    const proc = startK3dx(box, ["cluster", "create", "dev"], env);
    await waitFor(() => ["one", "two"].every((name) => existsSync(join(env.HOOK_LOG!, `${name}.ready`))));
    proc.kill("SIGINT");
    expect(await proc.exited).toBe(130);
    for (const name of ["one", "two"]) expect(readFileSync(join(env.HOOK_LOG!, `${name}.got`), "utf8")).toBe("INT\n");
    expect(callsOf("create")).toEqual([]);
  });

  test("during k3d: k3d gets SIGINT, no post-hook fires, exit 130", async () => {
    recordingHook(box, "post-cluster-create", "after");
    await runK3dx(box, ["cluster", "create", "warm-up"], { env }); // caches the version: the next run asks k3d nothing else
    const proc = startK3dx(box, ["cluster", "create", "dev"], { ...env, FAKE_K3D_SLEEP: "10" });
    await waitFor(() => callsOf("dev").length > 0);
    await Bun.sleep(100);
    proc.kill("SIGINT");
    expect(await proc.exited).toBe(130);
    expect(readSignals(box.state).map((record) => record.signal)).toContain("SIGINT");
    expect(recordedKeys(box)).toEqual(["post-cluster-create.after.warm-up"]);
  });

  test("while k3dx waits for a config on stdin: Ctrl-C ends it at once, as it would end k3d", async () => {
    recordingHook(box, "pre-cluster-create", "rec");
    const proc = Bun.spawn({ cmd: [K3DX_BINARY, "cluster", "create", "-c", "-"], env: { ...box.env, ...env }, stdin: "pipe", stdout: "ignore", stderr: "ignore" });
    await Bun.sleep(300);
    proc.kill("SIGINT");
    await proc.exited;
    expect(proc.signalCode).toBe("SIGINT");
    expect(recordedKeys(box)).toEqual([]);
  });

  test("Ctrl-C to the process group while k3dx reads the clusters from k3d: nothing more runs, exit 130", async () => {
    writeCluster(box.state, "victim");
    recordingHook(box, "pre-cluster-delete", "rec");
    recordingHook(box, "post-cluster-delete", "rec");
    await cacheK3dVersion(box);
    // Started with SIGINT ignored, as a job a script put in the background is: k3dx then
    // outlives a Ctrl-C that ends the `cluster list` it waits on, unless it watches for it.
    const proc = Bun.spawn({
      cmd: ["/bin/sh", "-c", `trap '' INT; exec "$0" cluster delete victim`, K3DX_BINARY],
      env: { ...box.env, ...env, FAKE_K3D_SLEEP: "3" },
      detached: true,
      stdout: "ignore",
      stderr: "pipe",
    });
    await waitFor(() => callsOf("list").length > 0);
    process.kill(-proc.pid, "SIGINT");
    expect(await proc.exited).toBe(130);
    expect(callsOf("delete")).toEqual([]);
    expect(recordedKeys(box)).toEqual([]);
    expect(await new Response(proc.stderr).text()).toBe("");
  });

  test("the cluster list k3dx waits on ends by SIGINT (Ctrl-C reached it first): an interrupt, exit 130", async () => {
    const { proc, list } = await startWhileListing(["cluster", "stop", "victim"], "pre-cluster-stop");
    process.kill(list.pid, "SIGINT");
    const [stderr, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
    expect(code).toBe(130);
    expect(stderr).toBe("");
    expect(callsOf("stop")).toEqual([]);
    expect(recordedKeys(box)).toEqual([]);
  });

  test("SIGTERM to k3dx alone while it reads the clusters: the cluster list ends too, exit 143", async () => {
    const { proc, list } = await startWhileListing(["cluster", "delete", "victim"], "pre-cluster-delete");
    const started = performance.now();
    proc.kill("SIGTERM");
    expect(await proc.exited).toBe(143);
    expect(performance.now() - started).toBeLessThan(3000);
    // Ended and awaited before k3dx exits, not left behind.
    expect(readSignals(box.state)).toContainEqual(expect.objectContaining({ pid: list.pid, signal: "SIGTERM" }));
    expect(isAlive(list.pid) && !isZombie(list.pid)).toBe(false);
    expect(callsOf("delete")).toEqual([]);
    expect(recordedKeys(box)).toEqual([]);
  });

  test("a second Ctrl-C kills hooks that ignore the first", async () => {
    recordingHook(box, "pre-cluster-create", "deaf", `trap '' INT; touch "$HOOK_LOG/ready"; sleep 30`);
    const proc = startK3dx(box, ["cluster", "create", "dev"], env);
    await waitFor(() => existsSync(join(env.HOOK_LOG!, "ready")));
    proc.kill("SIGINT");
    await Bun.sleep(200);
    proc.kill("SIGINT");
    const started = performance.now();
    expect(await proc.exited).toBe(130);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

describe("K3DX_NO_HOOKS and delete of a seeded cluster", () => {
  test("with hooks present but K3DX_NO_HOOKS=1, a delete is plain k3d", async () => {
    writeCluster(box.state, "dev");
    recordingHook(box, "pre-cluster-delete", "rec");
    const result = await runK3dx(box, ["cluster", "delete", "dev"], { env: { ...env, K3DX_NO_HOOKS: "1" } });
    expect(result.code).toBe(0);
    expect(recordedKeys(box)).toEqual([]);
    expect(callsOf("list")).toEqual([]);
  });
});

/** A zombie has exited; it waits only for a parent (here: init in a container) to reap it. */
function isZombie(pid: number): boolean {
  try {
    return /^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return false;
  }
}
