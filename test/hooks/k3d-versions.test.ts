/**
 * Black-box: hooks and doctor against the stand-in playing several k3d releases
 * (FAKE_K3D_VERSION, rows of shared/K3D-VERSIONS.md): every v5 gets the full context and
 * its K3D_VERSION; v4 gets one line and plain passthrough; each release's own rules decide
 * which clusters a command names, and whether k3d will run it at all.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { readCalls, writeCluster } from "../helpers/fake-k3d.ts";
import { createSandbox, runK3dx, type Sandbox } from "../helpers/sandbox.ts";
import { hookLog, recorded, recordedKeys, recordingHook } from "./hook-world.ts";

const SUPPORTED = ["v5.0.0", "v5.3.0", "v5.4.9", "v5.6.3", "v5.9.0"] as const;

let box: Sandbox;
afterEach(() => box?.cleanup());

function world(version: string): { box: Sandbox; env: Record<string, string> } {
  box = createSandbox({ k3dVersion: version });
  return { box, env: { HOOK_LOG: hookLog(box) } };
}

describe.each(SUPPORTED)("k3d %s", (version) => {
  test("create and delete: hooks fire with K3D_VERSION and the context k3d lists", async () => {
    const { env } = world(version);
    for (const event of ["pre-cluster-create", "post-cluster-create", "pre-cluster-delete", "post-cluster-delete"]) recordingHook(box, event, "rec");
    expect((await runK3dx(box, ["cluster", "create", "dev", "--agents", "1"], { env })).code).toBe(0);
    expect((await runK3dx(box, ["cluster", "delete", "dev"], { env })).code).toBe(0);
    expect(recordedKeys(box)).toEqual(["post-cluster-create.rec.dev", "post-cluster-delete.rec.dev", "pre-cluster-create.rec.dev", "pre-cluster-delete.rec.dev"]);
    for (const event of ["pre-cluster-create", "post-cluster-create", "pre-cluster-delete"]) {
      expect(recorded(box, event, "rec", "dev")!.env.K3D_VERSION).toBe(version);
    }
    const post = recorded(box, "post-cluster-create", "rec", "dev")!;
    expect(post.env.K3D_DOCKER_NETWORK).toBe("k3d-dev");
    expect(post.env.K3D_DOCKER_CONTROL).toBe("k3d-dev-server-0=172.18.0.2");
    expect(post.env.K3D_DOCKER_AGENTS).toBe("k3d-dev-agent-0=172.18.0.3");
    expect(post.env.K3D_DOCKER_LOADBALANCER).toBe("k3d-dev-serverlb=172.18.0.4");
    expect(recorded(box, "post-cluster-delete", "rec", "dev")!.env.K3D_DOCKER_CONTROL).toBe("k3d-dev-server-0=172.18.0.2");
    // The version was asked once, in the form every release answers.
    expect(readCalls(box.state).filter((call) => call.argv[0] === "version").map((call) => call.argv)).toEqual([["version"]]);
  });

  test("doctor: this k3d is supported", async () => {
    world(version);
    const result = await runK3dx(box, ["plugin", "doctor"]);
    expect(result.stdout).toContain(`ok       real k3d ${version}: ${box.k3d} (from PATH)`);
    expect(result.stdout).not.toMatch(/^problem/m);
    expect(result.code).toBe(0);
  });

  test("restart --timeout 30s dev: the cluster is dev where restart exists; no hook where it does not", async () => {
    const { env } = world(version);
    writeCluster(box.state, "dev");
    for (const event of ["pre-cluster-restart", "post-cluster-restart"]) recordingHook(box, event, "rec");
    const result = await runK3dx(box, ["cluster", "restart", "--timeout", "30s", "dev"], { env });
    if (version === "v5.9.0") {
      expect(result.code).toBe(0);
      expect(recordedKeys(box)).toEqual(["post-cluster-restart.rec.dev", "pre-cluster-restart.rec.dev"]);
    } else {
      // k3d has no restart: `cluster` does not know --timeout, nothing is restarted, no event.
      expect(result.stderr).toStartWith(`k3dx: k3d ${version} has no 'cluster restart' (k3d v5.9.0 added it): no hook fires\n`);
      expect(result.stderr).toContain("Error: unknown flag: --timeout");
      expect(recordedKeys(box)).toEqual([]);
    }
  });

  test("K3D_CONFIG names the cluster only where k3d reads it (v5.7.5 on)", async () => {
    const { env } = world(version);
    recordingHook(box, "pre-cluster-create", "rec");
    const config = join(box.root, "env.yaml");
    writeFileSync(config, "apiVersion: k3d.io/v1alpha3\nkind: Simple\nname: fromenv\n");
    expect((await runK3dx(box, ["cluster", "create"], { env: { ...env, K3D_CONFIG: config } })).code).toBe(0);
    expect(recordedKeys(box)).toEqual([`pre-cluster-create.rec.${version === "v5.9.0" ? "fromenv" : "k3s-default"}`]);
  });

  test("a dotted name: hooks fire where k3d takes it (v5.3.0 on); none where k3d refuses it", async () => {
    const { env } = world(version);
    recordingHook(box, "pre-cluster-create", "rec");
    const result = await runK3dx(box, ["cluster", "create", "dev.example"], { env });
    if (version === "v5.0.0") {
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("Invalid cluster name. Hostname 'dev.example' contains characters other than");
      expect(recordedKeys(box)).toEqual([]);
    } else {
      expect(result.code).toBe(0);
      expect(recordedKeys(box)).toEqual(["pre-cluster-create.rec.dev.example"]);
    }
  });
});

describe("configs of every apiVersion, as each release reads them", () => {
  test.each([
    ["v5.0.0", "k3d.io/v1alpha3", "name: three\n", "three"],
    ["v5.3.0", "k3d.io/v1alpha4", "metadata:\n  name: four\n", "four"],
    ["v5.9.0", "k3d.io/v1alpha2", "name: two\n", "two"],
    ["v5.9.0", "k3d.io/v1alpha3", "name: three\n", "three"],
    ["v5.9.0", "k3d.io/v1alpha5", "metadata:\n  name: five\n", "five"],
  ])("k3d %s, %s: hooks fire for the cluster the config names", async (version, apiVersion, name, cluster) => {
    const { env } = world(version);
    recordingHook(box, "pre-cluster-create", "rec");
    recordingHook(box, "post-cluster-delete", "rec");
    const config = join(box.root, "c.yaml");
    writeFileSync(config, `apiVersion: ${apiVersion}\nkind: Simple\n${name}`);
    expect((await runK3dx(box, ["cluster", "create", "-c", config], { env })).code).toBe(0);
    expect((await runK3dx(box, ["cluster", "delete", "-c", config], { env })).code).toBe(0);
    expect(recordedKeys(box)).toEqual([`post-cluster-delete.rec.${cluster}`, `pre-cluster-create.rec.${cluster}`]);
  });

  test("k3d v5.4.9 and a v1alpha5 config (v5.5.0 on): one line, k3d's error, no hook", async () => {
    const { env } = world("v5.4.9");
    recordingHook(box, "pre-cluster-create", "rec");
    const config = join(box.root, "c.yaml");
    writeFileSync(config, "apiVersion: k3d.io/v1alpha5\nkind: Simple\nmetadata:\n  name: five\n");
    const result = await runK3dx(box, ["cluster", "create", "-c", config], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`k3dx: k3d will refuse config file ${config}: apiVersion 'k3d.io/v1alpha5' is not one k3d v5.4.9 reads`);
    expect(result.stderr).toContain("unsupported apiVersion 'k3d.io/v1alpha5'");
    expect(recordedKeys(box)).toEqual([]);
  });

  test("k3d v5.6.3: delete --config F NAME is fatal in k3d, so no pre-delete hook fires", async () => {
    const { env } = world("v5.6.3");
    writeCluster(box.state, "dev");
    recordingHook(box, "pre-cluster-delete", "rec");
    const config = join(box.root, "c.yaml");
    writeFileSync(config, "apiVersion: k3d.io/v1alpha5\nkind: Simple\nmetadata:\n  name: dev\n");
    const result = await runK3dx(box, ["cluster", "delete", "-c", config, "dev"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("cannot use `--config` flag with additional arguments or `--all`");
    expect(recordedKeys(box)).toEqual([]);
  });
});

describe("k3d v4.4.8: older than k3dx supports", () => {
  test("a lifecycle command with hooks: one line, k3d runs alone, no hook fires", async () => {
    const { env } = world("v4.4.8");
    recordingHook(box, "pre-cluster-create", "rec");
    recordingHook(box, "post-cluster-create", "rec");
    const result = await runK3dx(box, ["cluster", "create", "dev", "-l", "team=a", "--k3s-server-arg", "--tls-san=x"], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("k3dx: k3d v4.4.8 is older than k3dx supports (v5.0.0 or newer): lifecycle hooks do not fire with it; upgrade k3d (https://k3d.io)\n");
    expect(recordedKeys(box)).toEqual([]);
    expect(readCalls(box.state).map((call) => call.argv)).toEqual([["version"], ["cluster", "create", "dev", "-l", "team=a", "--k3s-server-arg", "--tls-san=x"]]);
  });

  test("plain passthrough keeps working, and asks k3d nothing more", async () => {
    world("v4.4.8");
    const result = await runK3dx(box, ["cluster", "list"]);
    expect(result.code).toBe(0);
    expect(readCalls(box.state).map((call) => call.argv)).toEqual([["cluster", "list"]]);
  });

  test("doctor says so in one line, a problem", async () => {
    world("v4.4.8");
    const result = await runK3dx(box, ["plugin", "doctor"]);
    expect(result.stdout).toContain(
      `problem  real k3d ${box.k3d} (from PATH): k3d v4.4.8 is older than k3dx supports (v5.0.0 or newer): lifecycle hooks do not fire with it; upgrade k3d (https://k3d.io)`,
    );
    expect(result.code).toBe(1);
  });
});
