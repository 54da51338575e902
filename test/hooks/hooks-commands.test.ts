/** Black-box: `k3d plugin hooks [EVENT]` and `k3d plugin trigger EVENT [CLUSTER]` (SPEC §5). */
import { localSource } from "../commands/plugin-sources.ts";
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readCalls, readSignals, writeCluster } from "../helpers/fake-k3d.ts";
import { runK3dx, type Sandbox } from "../helpers/sandbox.ts";
import {
  cacheK3dVersion,
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

describe("k3d plugin hooks", () => {
  test("one row per hook: event, name, timeout, onError, target; skipped entries flagged, dot-files not shown", async () => {
    const dir = installHookPlugin(box, "mirror", "name: mirror\nhooks:\n  - { event: post-cluster-delete, timeout: 60, onError: warn }\n", "exit 0\n", ["post-cluster-delete"]);
    recordingHook(box, "pre-cluster-create", "mine");
    writeFileSync(join(hookFolder(box, "pre-cluster-create"), "plain"), "");
    writeFileSync(join(hookFolder(box, "pre-cluster-create"), ".off"), "");
    const result = await runK3dx(box, ["plugin", "hooks"], { env: { K3DX_HOOK_TIMEOUT: "90" } });
    expect(result.code).toBe(0);
    const rows = result.stdout.trimEnd().split("\n").map((line) => line.split(/\s{3,}/));
    expect(rows).toEqual([
      ["EVENT", "HOOK", "TIMEOUT", "ON ERROR", "TARGET"],
      ["pre-cluster-create", "mine", "90s", "fail", join(hookFolder(box, "pre-cluster-create"), "mine")],
      ["pre-cluster-create", "plain", "-", "-", `${join(hookFolder(box, "pre-cluster-create"), "plain")} (skipped: not executable; chmod +x it to enable it)`],
      ["post-cluster-delete", "mirror", "60s", "warn", `${join(dir, "k3d-mirror")} (plugin mirror)`],
    ]);
  });

  test("a user's script with a k3dx-hook: line: its timeout and onError, and where they came from", async () => {
    const path = recordingHook(box, "post-cluster-delete", "cleanup", "# k3dx-hook: timeout=45 onError=warn");
    const listed = await runK3dx(box, ["plugin", "hooks", "post-cluster-delete"]);
    expect(listed.stdout.trimEnd().split("\n")[1]!.split(/\s{3,}/)).toEqual(["post-cluster-delete", "cleanup", "45s", "warn", `${path} (settings from its k3dx-hook: line)`]);
  });

  test("install's summary and plugin hooks tell the same truth about onError: warn on a pre- event", async () => {
    const source = localSource(box, "check", "check", { yaml: "name: check\nhooks:\n  - { event: pre-cluster-start, timeout: 5, onError: warn }\n" });
    const installed = await runK3dx(box, ["plugin", "install", source]);
    expect(installed.stdout).toContain("hooks:   pre-cluster-start (fail — onError: warn has no effect on a pre- event, 5 s)\n");
    const listed = await runK3dx(box, ["plugin", "hooks", "pre-cluster-start"]);
    expect(listed.stdout.trimEnd().split("\n")[1]!.split(/\s{3,}/).slice(0, 4)).toEqual(["pre-cluster-start", "check", "5s", "fail — onError: warn has no effect on a pre- event"]);
  });

  test("onError: warn on a pre- event shows as fail, what it is; doctor warns about it", async () => {
    installHookPlugin(box, "check", "name: check\nhooks:\n  - { event: pre-cluster-create, onError: warn }\n  - { event: post-cluster-create, onError: warn }\n", "exit 0\n", [
      "pre-cluster-create",
      "post-cluster-create",
    ]);
    const listed = await runK3dx(box, ["plugin", "hooks"]);
    expect(listed.stdout).toMatch(/^pre-cluster-create\s+check\s+300s\s+fail\s/m);
    expect(listed.stdout).toMatch(/^post-cluster-create\s+check\s+300s\s+warn\s/m);
    const doctor = await runK3dx(box, ["plugin", "doctor"]);
    const link = join(hookFolder(box, "pre-cluster-create"), "check");
    expect(doctor.stdout).toContain(`warning  ${link}: plugin check asks for onError: warn, which has no effect on pre-cluster-create; a failed pre-hook always stops the command\n`);
    expect(doctor.stdout).not.toContain("no effect on post-cluster-create");
  });

  test("EVENT narrows the list; an unknown event is bad usage listing the events", async () => {
    recordingHook(box, "pre-cluster-create", "mine");
    expect((await runK3dx(box, ["plugin", "hooks", "post-cluster-create"])).stdout).toContain("No hooks registered.");
    const bad = await runK3dx(box, ["plugin", "hooks", "pre-create"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      "k3dx: unknown event 'pre-create'; the events are: pre-cluster-create, post-cluster-create, pre-cluster-delete, post-cluster-delete, " +
        "pre-cluster-start, post-cluster-start, pre-cluster-stop, post-cluster-stop, pre-cluster-restart, post-cluster-restart, undo-cluster-create, cluster-gc\n",
    );
  });

  test("no hooks at all: says where they would go", async () => {
    const result = await runK3dx(box, ["plugin", "hooks"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`No hooks registered. Plugins with hooks add them on install; your own executables go in ${join(box.k3dxHome, "hooks")}/<event>/.\n`);
  });
});

describe("k3d plugin trigger", () => {
  test("fires with the real context of an existing cluster, as the command would; k3d itself is not run", async () => {
    writeCluster(box.state, "dev", { agents: 1 });
    recordingHook(box, "post-cluster-create", "rec");
    const result = await runK3dx(box, ["plugin", "trigger", "post-cluster-create", "dev"], { env });
    expect(result.code).toBe(0);
    const hook = recorded(box, "post-cluster-create", "rec", "dev")!;
    expect(hook.env.K3D_EVENT).toBe("post-cluster-create");
    expect(hook.env.K3D_ARGS).toBe('["cluster","create","dev"]');
    expect(hook.env.K3D_DOCKER_AGENTS).toMatch(/^k3d-dev-agent-0=\d/);
    expect(hook.stdin.cluster.name).toBe("dev");
    expect(result.stderr).toMatch(/^k3dx: post-cluster-create rec ok in /m);
    expect(readCalls(box.state).some((call) => call.argv[1] === "create")).toBe(false);
  });

  test("the cluster defaults to k3s-default; pre-create sees no cluster; hand-back arguments are shown", async () => {
    recordingHook(box, "pre-cluster-create", "rec", `echo --agents > "$K3D_RESULT"; echo 3 >> "$K3D_RESULT"`);
    const result = await runK3dx(box, ["plugin", "trigger", "pre-cluster-create"], { env });
    expect(result.code).toBe(0);
    expect(recorded(box, "pre-cluster-create", "rec", "k3s-default")!.stdin.cluster).toEqual({ name: "k3s-default" });
    expect(result.stderr).toContain(`k3dx: pre-cluster-create hooks would add to k3d's arguments: ["--agents","3"]\n`);
  });

  test("a failing hook: exit 1; onError: warn on a post event: exit 0", async () => {
    recordingHook(box, "pre-cluster-stop", "broken", "exit 2");
    expect((await runK3dx(box, ["plugin", "trigger", "pre-cluster-stop", "x"], { env })).code).toBe(1);
    writeCluster(box.state, "x");
    installHookPlugin(box, "soft", "name: soft\nhooks:\n  - { event: post-cluster-stop, onError: warn }\n", "exit 2\n", ["post-cluster-stop"]);
    expect((await runK3dx(box, ["plugin", "trigger", "post-cluster-stop", "x"], { env })).code).toBe(0);
  });

  test("a cluster that does not exist: post-hooks that only follow a success are refused (exit 1), naming the clusters there are", async () => {
    writeCluster(box.state, "dev");
    recordingHook(box, "post-cluster-create", "rec");
    const result = await runK3dx(box, ["plugin", "trigger", "post-cluster-create", "nosuch"], { env });
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr: "k3dx: cluster 'nosuch' does not exist, and post-cluster-create fires only after 'k3d cluster create' succeeded on it, so no hook was run. Clusters k3d knows: dev.\n",
    });
    expect(recordedKeys(box)).toEqual([]);
  });

  test("a cluster that does not exist on an event the real command fires anyway (delete, pre-): said, then fired", async () => {
    recordingHook(box, "post-cluster-delete", "rec");
    const result = await runK3dx(box, ["plugin", "trigger", "post-cluster-delete", "gone"], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toStartWith("k3dx: cluster 'gone' does not exist: the hooks get its name and no docker context, as with 'k3d cluster delete gone'\n");
    expect(recorded(box, "post-cluster-delete", "rec", "gone")!.stdin.cluster).toEqual({ name: "gone" });
  });

  test("when k3d cannot list the cluster: one line, exit 1, no hook runs", async () => {
    recordingHook(box, "post-cluster-create", "rec");
    const result = await runK3dx(box, ["plugin", "trigger", "post-cluster-create", "dev"], { env: { ...env, K3DX_K3D: k3dThatCannotList(box) } });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`k3dx: cannot read cluster dev from k3d: 'k3d cluster list -o json' exited 1 (${NO_DOCKER_LINE}); no hook was run.\n`);
    expect(recordedKeys(box)).toEqual([]);
  });

  test("SIGTERM while it reads the cluster from k3d: that question ends too, exit 143, no hook runs", async () => {
    writeCluster(box.state, "dev");
    recordingHook(box, "post-cluster-create", "rec");
    await cacheK3dVersion(box);
    const proc = startK3dx(box, ["plugin", "trigger", "post-cluster-create", "dev"], { ...env, FAKE_K3D_SLEEP: "5" });
    await waitFor(() => readCalls(box.state).some((call) => call.argv[1] === "list"));
    proc.kill("SIGTERM");
    const [stderr, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
    expect(code).toBe(143);
    expect(stderr).toBe("");
    expect(readSignals(box.state).map((record) => record.signal)).toEqual(["SIGTERM"]);
    expect(recordedKeys(box)).toEqual([]);
  });

  test("bad usage: unknown event (exit 2), no event (exit 2); an event without hooks says so", async () => {
    const unknown = await runK3dx(box, ["plugin", "trigger", "cluster-create"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toStartWith("k3dx: unknown event 'cluster-create'; the events are: pre-cluster-create,");
    // What the user typed is shown, not acted on by the terminal.
    const hostile = await runK3dx(box, ["plugin", "trigger", "pre\x1b[2J"]);
    expect(hostile.code).toBe(2);
    expect(hostile.stderr).toStartWith("k3dx: unknown event 'pre\\x1b[2J'; the events are: ");
    expect((await runK3dx(box, ["plugin", "hooks", "x\x1b[2J"])).stderr).toStartWith("k3dx: unknown event 'x\\x1b[2J'; ");
    expect((await runK3dx(box, ["plugin", "trigger"])).code).toBe(2);
    mkdirSync(hookFolder(box, "pre-cluster-delete"), { recursive: true });
    const none = await runK3dx(box, ["plugin", "trigger", "pre-cluster-delete"]);
    expect(none.code).toBe(0);
    expect(none.stderr).toBe("k3dx: no hooks registered for pre-cluster-delete; 'k3d plugin hooks' lists them.\n");
    expect(recordedKeys(box)).toEqual([]);
  });
});
