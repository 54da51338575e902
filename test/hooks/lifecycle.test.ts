/**
 * Black-box: hooks around `k3d cluster …` (SPEC §4) with the stand-in k3d — ordering,
 * parallelism, what a hook gets, which clusters, argument contributions, clean stdout.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readCalls, writeCluster } from "../helpers/fake-k3d.ts";
import { createSandbox, K3DX_BINARY, runK3dx, type Sandbox } from "../helpers/sandbox.ts";
import { WRAPPER_VERSION } from "../../src/version.ts";
import { callsWith, hookFolder, hookSandbox, installHookPlugin, recorded, recordedKeys, recordingHook, startK3dx } from "./hook-world.ts";

let box: Sandbox;
let env: Record<string, string>;
beforeEach(() => ({ box, env } = hookSandbox()));
afterEach(() => box.cleanup());

const callsOf = (word: string) => callsWith(box, word);

describe("no hook to fire", () => {
  test("with no hook installed, k3d replaces k3dx: same process, nothing added", async () => {
    const proc = startK3dx(box, ["cluster", "create", "dev"]);
    const [stderr, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    const calls = readCalls(box.state);
    expect(calls.map((call) => call.argv)).toEqual([["cluster", "create", "dev"]]);
    expect(calls[0]!.pid).toBe(proc.pid);
  });

  test("K3DX_NO_HOOKS=1, --help and -h: no hook fires", async () => {
    recordingHook(box, "pre-cluster-create", "rec");
    expect((await runK3dx(box, ["cluster", "create", "dev"], { env: { ...env, K3DX_NO_HOOKS: "1" } })).code).toBe(0);
    expect((await runK3dx(box, ["cluster", "create", "x", "--help"], { env })).code).toBe(0);
    expect((await runK3dx(box, ["cluster", "delete", "-h"], { env })).code).toBe(0);
    expect(recordedKeys(box)).toEqual([]);
  });
});

describe("order", () => {
  test("pre-hooks in parallel strictly before k3d, post-hooks in parallel strictly after", async () => {
    for (const name of ["a", "b", "c"]) recordingHook(box, "pre-cluster-create", name, "sleep 0.3");
    for (const name of ["x", "y"]) recordingHook(box, "post-cluster-create", name, "sleep 0.3");
    const result = await runK3dx(box, ["cluster", "create", "dev"], { env });
    expect(result.code).toBe(0);

    const created = callsOf("create")[0]!;
    const pre = ["a", "b", "c"].map((name) => recorded(box, "pre-cluster-create", name, "dev")!);
    const post = ["x", "y"].map((name) => recorded(box, "post-cluster-create", name, "dev")!);
    for (const hook of pre) {
      expect(hook.end).toBeLessThan(created.time);
      expect(hook.sawCluster).toBe(false);
    }
    for (const hook of post) {
      expect(hook.start).toBeGreaterThan(created.time);
      expect(hook.sawCluster).toBe(true);
    }
    // In parallel: every hook of a phase started before any of them ended.
    expect(Math.max(...pre.map((h) => h.start))).toBeLessThan(Math.min(...pre.map((h) => h.end)));
    expect(Math.max(...post.map((h) => h.start))).toBeLessThan(Math.min(...post.map((h) => h.end)));
    // One summary line per hook, per phase.
    for (const name of ["a", "b", "c"]) expect(result.stderr).toMatch(new RegExp(`^k3dx: pre-cluster-create ${name} ok in \\d+\\.\\d\\ds$`, "m"));
    for (const name of ["x", "y"]) expect(result.stderr).toMatch(new RegExp(`^k3dx: post-cluster-create ${name} ok in \\d+\\.\\d\\ds$`, "m"));
  });

  test("k3d fails: no post-hook, k3d's exit status", async () => {
    writeCluster(box.state, "dev");
    recordingHook(box, "post-cluster-create", "after");
    const result = await runK3dx(box, ["cluster", "create", "dev"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("already exists");
    expect(recordedKeys(box)).toEqual([]);
  });
});

describe("what a hook gets", () => {
  test("pre-create: the environment contract, empty docker variables, and {name} on stdin", async () => {
    recordingHook(box, "pre-cluster-create", "rec", `[ -f "$K3D_RESULT" ] && [ ! -s "$K3D_RESULT" ] && echo empty > "$HOOK_LOG/result-file"`);
    const args = ["--verbose", "cluster", "create", "dev", "--agents", "1"];
    expect((await runK3dx(box, args, { env })).code).toBe(0);
    const hook = recorded(box, "pre-cluster-create", "rec", "dev")!;
    expect(hook.env).toMatchObject({
      K3D_COMMAND: "EXEC",
      K3D_EVENT: "pre-cluster-create",
      K3D_CLUSTER: "dev",
      K3D_DOCKER_NETWORK: "",
      K3D_DOCKER_CONTROL: "",
      K3D_DOCKER_AGENTS: "",
      K3D_DOCKER_LOADBALANCER: "",
      K3D_ARGS: JSON.stringify(args),
      K3D_VERSION: "v5.9.0",
      K3D_PLUGIN_NAME: "rec",
      K3D_PLUGIN_DIR: hookFolder(box, "pre-cluster-create"),
      K3D_BINARY: box.k3d,
      K3D_WRAPPER: realpathSync(K3DX_BINARY),
      K3D_WRAPPER_VERSION: WRAPPER_VERSION,
      K3DX_DEPTH: "1",
      HOOK_LOG: env.HOOK_LOG!,
    });
    // An empty file in a private temporary folder, gone once the hooks are done.
    expect(readFileSync(join(env.HOOK_LOG!, "result-file"), "utf8")).toBe("empty\n");
    expect(hook.env.K3D_RESULT!.startsWith(box.env.TMPDIR!)).toBe(true);
    expect(existsSync(hook.env.K3D_RESULT!)).toBe(false);
    expect(hook.stdin).toEqual({ event: "pre-cluster-create", cluster: { name: "dev" }, args });
  });

  test("post-create: the cluster as k3d lists it after create, on stdin and in the docker variables", async () => {
    recordingHook(box, "post-cluster-create", "rec");
    expect((await runK3dx(box, ["cluster", "create", "dev", "--agents", "2"], { env })).code).toBe(0);
    const hook = recorded(box, "post-cluster-create", "rec", "dev")!;
    const listed = JSON.parse((await runK3dx(box, ["cluster", "list", "dev", "-o", "json"])).stdout)[0];
    expect(hook.stdin.cluster).toEqual(listed);
    expect(hook.env.K3D_DOCKER_NETWORK).toBe("k3d-dev");
    expect(hook.env.K3D_DOCKER_CONTROL).toBe(`k3d-dev-server-0=${nodeIp(listed, "k3d-dev-server-0")}`);
    expect(hook.env.K3D_DOCKER_AGENTS).toBe(["k3d-dev-agent-0", "k3d-dev-agent-1"].map((n) => `${n}=${nodeIp(listed, n)}`).join(";"));
    expect(hook.env.K3D_DOCKER_LOADBALANCER).toBe(`k3d-dev-serverlb=${nodeIp(listed, "k3d-dev-serverlb")}`);
  });

  test("delete: context read before k3d deletes, for pre- and post-hooks alike", async () => {
    writeCluster(box.state, "dev", { network: "team-net" });
    recordingHook(box, "pre-cluster-delete", "rec");
    recordingHook(box, "post-cluster-delete", "rec");
    expect((await runK3dx(box, ["cluster", "delete", "dev"], { env })).code).toBe(0);
    const pre = recorded(box, "pre-cluster-delete", "rec", "dev")!;
    const post = recorded(box, "post-cluster-delete", "rec", "dev")!;
    expect(post.sawCluster).toBe(false);
    expect(post.env.K3D_DOCKER_NETWORK).toBe("team-net");
    expect(post.stdin.cluster).toEqual(pre.stdin.cluster);
    expect((post.stdin.cluster.network as { name: string }).name).toBe("team-net");
    expect(post.env.K3D_DOCKER_CONTROL).toBe(pre.env.K3D_DOCKER_CONTROL);
    expect(post.env.K3D_DOCKER_CONTROL).toMatch(/^k3d-dev-server-0=\d/);
  });

  test("a hook linked to an installed plugin gets the plugin's folder as K3D_PLUGIN_DIR", async () => {
    const dir = installHookPlugin(box, "mirror", "name: mirror\nhooks: [pre-cluster-create]\n", `echo "$K3D_PLUGIN_NAME $K3D_PLUGIN_DIR"\n`, ["pre-cluster-create"]);
    const result = await runK3dx(box, ["cluster", "create", "dev"], { env });
    expect(result.stderr).toContain(`[mirror] mirror ${dir}\n`);
  });

  test("the version is asked of k3d once, then cached", async () => {
    recordingHook(box, "pre-cluster-create", "rec");
    await runK3dx(box, ["cluster", "create", "one"], { env });
    await runK3dx(box, ["cluster", "create", "two"], { env });
    expect(callsOf("version")).toHaveLength(1);
    expect(recorded(box, "pre-cluster-create", "rec", "two")!.env.K3D_VERSION).toBe("v5.9.0");
  });
});

describe("which clusters", () => {
  test("several names: one invocation per cluster per hook, all in parallel", async () => {
    writeCluster(box.state, "a");
    writeCluster(box.state, "b");
    for (const name of ["h1", "h2"]) recordingHook(box, "pre-cluster-stop", name, "sleep 0.3");
    const result = await runK3dx(box, ["cluster", "stop", "a", "b"], { env });
    expect(result.code).toBe(0);
    expect(recordedKeys(box)).toEqual(["pre-cluster-stop.h1.a", "pre-cluster-stop.h1.b", "pre-cluster-stop.h2.a", "pre-cluster-stop.h2.b"]);
    const runs = recordedKeys(box).map((key) => recorded(box, ...(key.split(".") as [string, string, string]))!);
    expect(Math.max(...runs.map((r) => r.start))).toBeLessThan(Math.min(...runs.map((r) => r.end)));
    expect(result.stderr).toMatch(/^k3dx: pre-cluster-stop h1:a ok in /m);
    expect(result.stderr).toMatch(/^k3dx: pre-cluster-stop h2:b ok in /m);
  });

  test("--all and -a: every cluster k3d lists", async () => {
    writeCluster(box.state, "a");
    writeCluster(box.state, "b");
    recordingHook(box, "post-cluster-start", "rec");
    expect((await runK3dx(box, ["cluster", "start", "--all"], { env })).code).toBe(0);
    expect(recordedKeys(box)).toEqual(["post-cluster-start.rec.a", "post-cluster-start.rec.b"]);
    recordingHook(box, "pre-cluster-restart", "rec");
    expect((await runK3dx(box, ["cluster", "restart", "-a"], { env })).code).toBe(0);
    expect(recordedKeys(box)).toContain("pre-cluster-restart.rec.b");
  });

  test("-a is --agents for create: the name is not its value", async () => {
    recordingHook(box, "pre-cluster-create", "rec");
    expect((await runK3dx(box, ["cluster", "create", "-a", "2"], { env })).code).toBe(0);
    expect(recordedKeys(box)).toEqual(["pre-cluster-create.rec.k3s-default"]);
  });

  test("the config's metadata.name, after env expansion; K3D_CONFIG too", async () => {
    recordingHook(box, "pre-cluster-create", "rec");
    const config = join(box.root, "cfg.yaml");
    writeFileSync(config, "apiVersion: k3d.io/v1alpha5\nkind: Simple\nmetadata:\n  name: ${CLUSTER_NAME}\n");
    expect((await runK3dx(box, ["cluster", "create", "--config", config], { env: { ...env, CLUSTER_NAME: "fromenv" } })).code).toBe(0);
    expect((await runK3dx(box, ["cluster", "create"], { env: { ...env, CLUSTER_NAME: "viaenvvar", K3D_CONFIG: config } })).code).toBe(0);
    expect(recordedKeys(box)).toEqual(["pre-cluster-create.rec.fromenv", "pre-cluster-create.rec.viaenvvar"]);
  });

  test("-c -: the name comes from stdin, and k3d still receives exactly the same bytes", async () => {
    recordingHook(box, "pre-cluster-create", "rec");
    recordingHook(box, "post-cluster-create", "rec");
    const config = "apiVersion: k3d.io/v1alpha5\nkind: Simple\nmetadata:\n  name: piped # ünïcode\nagents: 1\n";
    const result = await runK3dx(box, ["cluster", "create", "-c", "-"], { env, stdin: config });
    expect(result.code).toBe(0);
    expect(callsOf("create")[0]!.stdin).toBe(config);
    expect(recordedKeys(box)).toEqual(["post-cluster-create.rec.piped", "pre-cluster-create.rec.piped"]);
    expect(recorded(box, "post-cluster-create", "rec", "piped")!.env.K3D_DOCKER_AGENTS).toMatch(/^k3d-piped-agent-0=/);
  });
});

describe("arguments from pre-hooks", () => {
  test("appended to k3d's argv in hook-name order, whichever finished first; post-hooks see them", async () => {
    recordingHook(box, "pre-cluster-create", "a-slow", `sleep 0.3; printf '{"args": ["--agents", "2"]}' > "$K3D_RESULT"`);
    recordingHook(box, "pre-cluster-create", "b-fast", `printf -- '--api-port\\n6550\\n' > "$K3D_RESULT"`);
    recordingHook(box, "post-cluster-create", "rec");
    const result = await runK3dx(box, ["cluster", "create", "dev"], { env });
    expect(result.code).toBe(0);
    const argv = ["cluster", "create", "dev", "--agents", "2", "--api-port", "6550"];
    expect(callsOf("create")[0]!.argv).toEqual(argv);
    expect(recorded(box, "post-cluster-create", "rec", "dev")!.env.K3D_ARGS).toBe(JSON.stringify(argv));
    expect(recorded(box, "pre-cluster-create", "b-fast", "dev")!.end).toBeLessThan(recorded(box, "pre-cluster-create", "a-slow", "dev")!.end);
  });

  test("six hooks made in reverse name order, listed by the disk in its own order: run, summarized and merged in name order", async () => {
    const names = ["a-one", "b-two", "c-three", "d-four", "e-five", "f-six"];
    const folder = hookFolder(box, "pre-cluster-create");
    const make = (order: string[]) => {
      for (const name of order) {
        // The later in name order, the sooner it finishes: completion order is the reverse too.
        const delay = (0.05 * (names.length - names.indexOf(name))).toFixed(2);
        recordingHook(box, "pre-cluster-create", name, `sleep ${delay}; printf '%s\\n' --k3s-arg "${name}" > "$K3D_RESULT"`);
      }
    };
    make([...names].reverse());
    // Whatever the file system lists first (ext4: hash order; tmpfs: newest first), the
    // listing must not already be in name order, or the test would prove nothing.
    if (readdirSync(folder).join() === names.join()) {
      rmSync(folder, { recursive: true });
      make(names);
    }
    expect(readdirSync(folder).join()).not.toBe(names.join());

    const result = await runK3dx(box, ["cluster", "create", "dev"], { env });
    expect(result.code).toBe(0);
    const summaries = result.stderr.split("\n").filter((line) => line.startsWith("k3dx: pre-cluster-create "));
    expect(summaries.map((line) => line.split(" ")[2])).toEqual(names);
    expect(callsOf("create")[0]!.argv).toEqual(["cluster", "create", "dev", ...names.flatMap((name) => ["--k3s-arg", name])]);
    const listed = await runK3dx(box, ["plugin", "hooks", "pre-cluster-create"], { env });
    expect(listed.stdout.trimEnd().split("\n").slice(1).map((line) => line.split(/\s+/)[1])).toEqual(names);
  });

  test("--verbose shows the k3d command line that runs, with what pre-hooks added", async () => {
    recordingHook(box, "pre-cluster-create", "mirror", `printf '%s\\n' --registry-use 'k3d-mirror:5000' --registry-config '/a dir/r.yaml' > "$K3D_RESULT"`);
    const result = await runK3dx(box, ["--verbose", "cluster", "create", "dev"], { env });
    expect(result.code).toBe(0);
    const added = "--registry-use k3d-mirror:5000 --registry-config '/a dir/r.yaml'";
    expect(result.stderr).toContain(`k3dx: running ${box.k3d} --verbose cluster create dev ${added} (pre-cluster-create hooks added: ${added})\n`);
    expect(callsOf("create")[0]!.argv).toEqual(["--verbose", "cluster", "create", "dev", "--registry-use", "k3d-mirror:5000", "--registry-config", "/a dir/r.yaml"]);
    // Without --verbose, nothing of the kind.
    expect((await runK3dx(box, ["cluster", "create", "two"], { env })).stderr).not.toContain("k3dx: running");
  });

  test("what a post-hook writes to $K3D_RESULT changes nothing", async () => {
    recordingHook(box, "post-cluster-create", "rec", `echo --oops > "$K3D_RESULT"`);
    expect((await runK3dx(box, ["cluster", "create", "dev"], { env })).code).toBe(0);
    expect(readCalls(box.state).some((call) => call.argv.includes("--oops"))).toBe(false);
  });

  test("invalid JSON in $K3D_RESULT fails the pre-hook, and k3d is not run", async () => {
    recordingHook(box, "pre-cluster-create", "bad", `echo '{"args": [1' > "$K3D_RESULT"`);
    const result = await runK3dx(box, ["cluster", "create", "dev"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^k3dx: pre-cluster-create bad failed in .*invalid JSON/m);
    expect(callsOf("create")).toEqual([]);
  });
});

describe("output", () => {
  test("hook lines go to stderr prefixed with the hook's name; k3d's stdout is untouched", async () => {
    recordingHook(box, "pre-cluster-create", "talker", "echo 'to stdout'; echo 'to stderr' >&2; printf 'no newline'");
    const hooked = await runK3dx(box, ["cluster", "create", "dev"], { env });
    const noHooks = createSandbox();
    try {
      expect(hooked.stdout).toBe((await runK3dx(noHooks, ["cluster", "create", "dev"])).stdout);
    } finally {
      noHooks.cleanup();
    }
    expect(hooked.stderr).toContain("[talker] to stdout\n");
    expect(hooked.stderr).toContain("[talker] to stderr\n");
    expect(hooked.stderr).toContain("[talker] no newline\n");
  });

  test("FORCE_COLOR colours the prefixes even into a pipe, and wins over NO_COLOR", async () => {
    recordingHook(box, "pre-cluster-create", "talker", "echo hi");
    for (const colourEnv of [{ NO_COLOR: undefined, FORCE_COLOR: "1" }, { NO_COLOR: "1", FORCE_COLOR: "1" }]) {
      const result = await runK3dx(box, ["cluster", "create", "dev"], { env: { ...env, ...colourEnv } });
      expect(result.stderr).toMatch(/\u001b\[3\dm\[talker\]\u001b\[0m hi\n/);
    }
  });

  test("no colour without a terminal, even with NO_COLOR unset", async () => {
    recordingHook(box, "pre-cluster-create", "talker", "echo hi");
    const result = await runK3dx(box, ["cluster", "create", "dev"], { env: { ...env, NO_COLOR: undefined } });
    expect(result.stderr).toContain("[talker] hi\n");
    expect(result.stderr).not.toContain("\u001b[");
  });
});

function nodeIp(cluster: { nodes: { name: string; IP: { IP: string } }[] }, name: string): string {
  return cluster.nodes.find((node) => node.name === name)!.IP.IP;
}
