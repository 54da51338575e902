/**
 * examples/mirror end to end: installed from its folder with `k3d plugin install`, then
 * driven through dist/k3d against the stand-in k3d, whose call log shows what the
 * plugin made k3d do — and in which order.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseMetadataText } from "../../src/plugins/metadata-schema.ts";
import { readCalls, setRegistryCreated } from "../helpers/fake-k3d.ts";
import { createSandbox, REPO_ROOT, runK3dx, type RunResult, type Sandbox } from "../helpers/sandbox.ts";
import { k3dWithSlowCreate, startK3dx, waitFor } from "../hooks/hook-world.ts";

const EXAMPLE = join(REPO_ROOT, "examples", "mirror");
const SCRIPT = join(EXAMPLE, "k3d-mirror");

let box: Sandbox;
beforeEach(() => {
  box = createSandbox();
});
afterEach(() => box.cleanup());

const HOOK_EVENTS = ["pre-cluster-create", "post-cluster-create", "post-cluster-delete", "undo-cluster-create", "cluster-gc"];
const installedDir = () => join(box.k3dxHome, "plugins", "local", "mirror");
const hookLink = (event: string) => join(box.k3dxHome, "hooks", event, "mirror");

async function k3d(args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  return runK3dx(box, args, { env });
}

/** Runs a command that must succeed, showing its output when it does not. */
async function ok(args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  const result = await k3d(args, env);
  expect({ args, code: result.code, stderr: result.stderr }).toEqual({ args, code: 0, stderr: expect.any(String) });
  return result;
}

async function install(): Promise<void> {
  await ok(["plugin", "install", EXAMPLE]);
}

/** The stand-in's calls whose argv starts with `words`. */
function callsStarting(...words: string[]): string[][] {
  return readCalls(box.state)
    .map((call) => call.argv)
    .filter((argv) => words.every((word, i) => argv[i] === word));
}

/** The registries the stand-in holds now (what `k3d registry list -o json` prints). */
async function registryNames(): Promise<string[]> {
  const listed = JSON.parse((await ok(["registry", "list", "-o", "json"])).stdout) as { name: string }[];
  return listed.map((registry) => registry.name);
}

/** Dates the registry back by `seconds`, as if Docker had made it then. */
function ageRegistry(seconds: number): void {
  setRegistryCreated(box.state, "k3d-mirror", new Date(Date.now() - seconds * 1000));
}

/** Runs the stand-in alone, as the real k3d called without k3dx. */
async function plainK3d(...args: string[]): Promise<void> {
  const proc = Bun.spawn({ cmd: [box.k3d, ...args], env: box.env, stdout: "ignore", stderr: "ignore" });
  expect(await proc.exited).toBe(0);
}

describe("installing examples/mirror", () => {
  test("installs from its folder: every hook linked, registries.yaml beside the executable", async () => {
    const result = await ok(["plugin", "install", EXAMPLE]);
    expect(result.stdout).toContain("installed mirror 1.0.0");
    expect(result.stdout).toContain("command: k3d mirror");
    for (const event of HOOK_EVENTS) expect(lstatSync(hookLink(event)).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(installedDir(), "registries.yaml"), "utf8")).toContain("http://k3d-mirror:5000");
  });

  test("the script alone is the whole plugin: INFO answers without plugin.yaml beside it, and registries.yaml is written", async () => {
    const alone = join(box.root, "alone");
    mkdirSync(alone);
    copyFileSync(SCRIPT, join(alone, "k3d-mirror"));
    chmodSync(join(alone, "k3d-mirror"), 0o755);
    const installed = await ok(["plugin", "install", join(alone, "k3d-mirror")]);
    expect(installed.stdout).toContain("installed mirror 1.0.0");
    expect(installed.stdout).toContain("hooks:   pre-cluster-create, post-cluster-create (warn, 10 s), post-cluster-delete (warn, 60 s), undo-cluster-create (60 s), cluster-gc (60 s)");
    expect(existsSync(join(installedDir(), "registries.yaml"))).toBe(false);
    await ok(["cluster", "create", "dev"]);
    const registriesYaml = join(installedDir(), "registries.yaml");
    expect(callsStarting("cluster", "create")[0]).toEqual(["cluster", "create", "dev", "--registry-use", "k3d-mirror:5000", "--registry-config", registriesYaml]);
    expect(readFileSync(registriesYaml, "utf8")).toBe(readFileSync(join(EXAMPLE, "registries.yaml"), "utf8"));
  });

  test("its plugin.yaml is what INFO prints, and valid metadata", async () => {
    const proc = Bun.spawn({ cmd: [SCRIPT, "metadata"], env: { PATH: "/usr/bin:/bin", K3D_COMMAND: "INFO" }, stdout: "pipe" });
    const printed = await new Response(proc.stdout).text();
    expect(await proc.exited).toBe(0);
    const file = readFileSync(join(EXAMPLE, "plugin.yaml"), "utf8");
    expect(printed).toBe(file);
    expect(parseMetadataText(file, { where: "plugin.yaml" })).toMatchObject({
      name: "mirror",
      command: "mirror",
      hooks: [
        { event: "pre-cluster-create", onError: "fail" },
        { event: "post-cluster-create", timeout: 10, onError: "warn" },
        { event: "post-cluster-delete", timeout: 60, onError: "warn" },
        { event: "undo-cluster-create", timeout: 60, onError: "fail" },
        { event: "cluster-gc", timeout: 60, onError: "fail" },
      ],
    });
  });

  test("plugin remove takes its hook links away, and creates no longer touch registries", async () => {
    await install();
    await ok(["plugin", "remove", "mirror"]);
    for (const event of HOOK_EVENTS) expect(existsSync(hookLink(event))).toBe(false);
    await ok(["cluster", "create", "dev"]);
    expect(callsStarting("registry")).toEqual([]);
    expect(callsStarting("cluster", "create")).toEqual([["cluster", "create", "dev"]]);
  });
});

describe("pre-cluster-create", () => {
  beforeEach(install);

  test("creates the registry, then k3d creates the cluster with it", async () => {
    const result = await ok(["cluster", "create", "dev"]);
    expect(result.stderr).toContain("created registry k3d-mirror on host port 5000");

    const argvs = readCalls(box.state).map((call) => call.argv);
    const registryCreate = argvs.findIndex((argv) => argv[0] === "registry" && argv[1] === "create");
    const clusterCreate = argvs.findIndex((argv) => argv[0] === "cluster" && argv[1] === "create");
    expect(argvs[registryCreate]).toEqual([
      "registry", "create", "mirror", "--port", "5000",
      "--proxy-remote-url", "https://registry-1.docker.io", "--volume", "k3d-mirror-cache:/var/lib/registry",
    ]);
    expect(registryCreate).toBeLessThan(clusterCreate);
    expect(argvs[clusterCreate]).toEqual([
      "cluster", "create", "dev", "--registry-use", "k3d-mirror:5000", "--registry-config", join(installedDir(), "registries.yaml"),
    ]);
    expect(await registryNames()).toEqual(["k3d-mirror"]);
  });

  test("a second create reuses the registry", async () => {
    await ok(["cluster", "create", "dev"]);
    const second = await ok(["cluster", "create", "staging"]);
    expect(second.stderr).toContain("registry k3d-mirror exists");
    expect(callsStarting("registry", "create")).toHaveLength(1);
    expect(callsStarting("cluster", "create", "staging")[0]).toContain("--registry-use");
  });

  test("the user's own --registry-use of the mirror and --registry-config are kept, not doubled", async () => {
    const own = [
      ["--registry-use=k3d-mirror:5000", "--registry-config", "mine.yaml"],
      ["--registry-use", "k3d-mirror", "--registry-config=mine.yaml"],
    ];
    for (const [i, flags] of own.entries()) await ok(["cluster", "create", `c${i}`, ...flags]);
    expect(callsStarting("cluster", "create")).toEqual(own.map((flags, i) => ["cluster", "create", `c${i}`, ...flags]));
  });

  test("K3D_MIRROR_PORT picks the registry's host port", async () => {
    await ok(["cluster", "create", "dev"], { K3D_MIRROR_PORT: "5111" });
    expect(callsStarting("registry", "create")[0]).toContain("5111");
    expect(callsStarting("cluster", "create")[0]).toContain("k3d-mirror:5111");
  });

  test("K3D_MIRROR_PORT with the registry already on another port: the real port is handed back, and said", async () => {
    await ok(["cluster", "create", "dev"]);
    const second = await ok(["cluster", "create", "staging"], { K3D_MIRROR_PORT: "5001" });
    expect(second.stderr).toContain("registry k3d-mirror exists on host port 5000");
    expect(second.stderr).toContain("K3D_MIRROR_PORT=5001 applies only when k3d-mirror is created: using port 5000 (k3d registry delete k3d-mirror to move it)");
    expect(callsStarting("cluster", "create", "staging")[0]).toContain("k3d-mirror:5000");
    expect(callsStarting("registry", "create")).toHaveLength(1);
  });

  test("a registry k3d cannot create stops the cluster create, saying why", async () => {
    const result = await k3d(["cluster", "create", "dev"], { K3D_MIRROR_PORT: "not-a-port" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Failed to parse Port Exposure specification 'not-a-port'");
    expect(result.stderr).toContain("cannot create registry k3d-mirror (is host port not-a-port free? K3D_MIRROR_PORT picks another)");
    expect(callsStarting("cluster", "create")).toEqual([]);
    expect(await registryNames()).toEqual([]);
  });
});

describe("post-cluster-delete", () => {
  beforeEach(install);

  test("keeps the registry while a cluster uses it, deletes it with the last one, and a repeat is harmless", async () => {
    await ok(["cluster", "create", "dev"]);
    await ok(["cluster", "create", "staging"]);

    const first = await ok(["cluster", "delete", "dev"]);
    expect(first.stderr).toContain("registry k3d-mirror stays: used by staging");
    expect(callsStarting("registry", "delete")).toEqual([]);
    expect(await registryNames()).toEqual(["k3d-mirror"]);

    const last = await ok(["cluster", "delete", "staging"]);
    expect(last.stderr).toContain("deleted registry k3d-mirror: no cluster uses it");
    expect(callsStarting("registry", "delete")).toEqual([["registry", "delete", "k3d-mirror"]]);
    expect(await registryNames()).toEqual([]);

    const again = await ok(["cluster", "delete", "staging"]);
    expect(again.stderr).toContain("registry k3d-mirror does not exist: nothing to delete");
    expect(callsStarting("registry", "delete")).toHaveLength(1);
  });

  test("a registry the user connected by hand to a cluster counts as used", async () => {
    await ok(["cluster", "create", "dev"]);
    await ok(["cluster", "create", "own", "--registry-use", "k3d-mirror:5000"], { K3DX_NO_HOOKS: "1" });
    await ok(["cluster", "delete", "dev"]);
    expect(await registryNames()).toEqual(["k3d-mirror"]);
  });

  test("deleting every cluster at once removes the registry, and every hook is ok whichever got there first", async () => {
    for (const name of ["a", "b", "c"]) await ok(["cluster", "create", name]);
    const result = await ok(["cluster", "delete", "--all"]);
    // onError: warn keeps the exit 0 whatever the hooks do: their summary lines tell.
    const summaries = result.stderr.split("\n").filter((line) => line.startsWith("k3dx: post-cluster-delete"));
    expect(summaries.map((line) => line.replace(/ in [\d.]+s$/, ""))).toEqual(["a", "b", "c"].map((c) => `k3dx: post-cluster-delete mirror:${c} ok`));
    expect(await registryNames()).toEqual([]);
  });
});

describe("undo-cluster-create", () => {
  beforeEach(install);

  test("a create k3d fails after the hook made the registry: the registry is deleted again; exit status is k3d's", async () => {
    const result = await k3d(["cluster", "create", "dev", "--servers", "0"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("created registry k3d-mirror on host port 5000");
    expect(result.stderr).toContain("[mirror] the create of cluster dev did not complete (k3d-failed)");
    expect(result.stderr).toContain("[mirror] deleted registry k3d-mirror: no cluster uses it");
    expect(callsStarting("registry", "delete")).toEqual([["registry", "delete", "k3d-mirror"]]);
    expect(await registryNames()).toEqual([]);
  });

  test("a create that fails because the name is taken keeps the registry the existing cluster uses", async () => {
    await ok(["cluster", "create", "dev"]);
    const again = await k3d(["cluster", "create", "dev"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("[mirror] registry k3d-mirror stays: used by dev");
    expect(await registryNames()).toEqual(["k3d-mirror"]);
  });

  test("Ctrl-C while k3d creates the cluster: the registry is deleted again, exit 130", async () => {
    const slow = k3dWithSlowCreate(box);
    const proc = startK3dx(box, ["cluster", "create", "dev"], { K3DX_K3D: slow });
    await waitFor(() => callsStarting("cluster", "create").length > 0, 15_000);
    await Bun.sleep(100);
    proc.kill("SIGINT");
    const stderr = new Response(proc.stderr).text();
    expect(await proc.exited).toBe(130);
    expect(await stderr).toContain("[mirror] the create of cluster dev did not complete (interrupted)");
    expect(await registryNames()).toEqual([]);
  }, 30_000);
});

describe("cluster-gc", () => {
  beforeEach(install);

  /** Deletes a cluster with the stand-in alone, as the real k3d called without k3dx would. */
  async function deleteBehindK3dx(name: string): Promise<void> {
    const proc = Bun.spawn({ cmd: [box.k3d, "cluster", "delete", name], env: box.env, stdout: "ignore", stderr: "ignore" });
    expect(await proc.exited).toBe(0);
  }

  test("its last user deleted by plain k3d: plugin gc --dry-run says it would go, plugin gc deletes it", async () => {
    await ok(["cluster", "create", "dev"]);
    await deleteBehindK3dx("dev");
    expect(await registryNames()).toEqual(["k3d-mirror"]);
    // Older than the grace (600 s); and the create of dev left no note behind.
    ageRegistry(601);

    const dry = await ok(["plugin", "gc", "--dry-run"]);
    expect(dry.stderr).toContain("[mirror] would delete registry k3d-mirror: no cluster uses it");
    expect(callsStarting("registry", "delete")).toEqual([]);
    expect(await registryNames()).toEqual(["k3d-mirror"]);

    const gc = await ok(["plugin", "gc"]);
    expect(gc.stderr).toContain("k3dx: cluster-gc: no cluster is live");
    expect(gc.stderr).toContain("[mirror] deleted registry k3d-mirror: no cluster uses it");
    expect(await registryNames()).toEqual([]);
  });

  test("another cluster still uses it: kept", async () => {
    await ok(["cluster", "create", "dev"]);
    await ok(["cluster", "create", "staging"]);
    await deleteBehindK3dx("dev");
    const gc = await ok(["plugin", "gc"]);
    expect(gc.stderr).toContain("k3dx: cluster-gc: live clusters: staging");
    expect(gc.stderr).toContain("[mirror] registry k3d-mirror stays: used by staging");
    expect(await registryNames()).toEqual(["k3d-mirror"]);
  });

  test("after a delete through k3dx it runs too, and finds nothing more to do", async () => {
    await ok(["cluster", "create", "dev"]);
    const result = await ok(["cluster", "delete", "dev"]);
    expect(result.stderr).toMatch(/\[mirror\] deleted registry k3d-mirror: no cluster uses it[^]*k3dx: cluster-gc: no cluster is live\n\[mirror\] registry k3d-mirror does not exist: nothing to delete\n/);
    expect(callsStarting("registry", "delete")).toHaveLength(1);
  });
});

describe("a create under way", () => {
  beforeEach(install);

  /** A k3d whose `cluster create` takes 5 s first (the stand-in records the call, then sleeps). */
  const slowCreate = () => box.script("k3d", `if [ "$1 $2" = "cluster create" ]; then FAKE_K3D_SLEEP=5 exec '${box.k3d}' "$@"; fi\nexec '${box.k3d}' "$@"\n`, join(box.root, "slow-create"));

  /** Starts `k3d cluster create NAME` through k3dx and returns once k3d is creating it: its pre-hooks are done. */
  async function startCreate(name: string) {
    const proc = startK3dx(box, ["cluster", "create", name], { K3DX_K3D: slowCreate() });
    await waitFor(() => callsStarting("cluster", "create", name).length > 0, 15_000);
    return proc;
  }

  async function finished(proc: ReturnType<typeof startK3dx>): Promise<string> {
    const stderr = await new Response(proc.stderr).text();
    expect({ code: await proc.exited, stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    return stderr;
  }

  test("a gc while k3d creates the cluster keeps the registry its pre-hook just made, and the cluster gets it", async () => {
    const two = await startCreate("two");
    const gc = await ok(["plugin", "gc"]);
    expect(gc.stderr).toContain("[mirror] registry k3d-mirror stays: the create of two is under way\n");
    expect(callsStarting("registry", "delete")).toEqual([]);
    expect(await finished(two)).toContain("[mirror] created registry k3d-mirror");
    expect((await ok(["mirror", "status"])).stdout).toBe("registry k3d-mirror: running, host port 5000\nused by: two\n");
  }, 30_000);

  test("the last user's delete meanwhile keeps it too, and so does the gc after it", async () => {
    await ok(["cluster", "create", "dev"]);
    const two = await startCreate("two");
    const deleted = await ok(["cluster", "delete", "dev"]);
    expect(deleted.stderr).toContain("[mirror] registry k3d-mirror stays: the create of two is under way\nk3dx: post-cluster-delete mirror ok");
    expect(deleted.stderr).toMatch(/k3dx: cluster-gc: no cluster is live\n\[mirror\] registry k3d-mirror stays: the create of two is under way\n/);
    await finished(two);
    expect((await ok(["mirror", "status"])).stdout).toBe("registry k3d-mirror: running, host port 5000\nused by: two\n");
  }, 30_000);

  test("another create's undo meanwhile keeps it: only an undo with no other create under way deletes what its create made", async () => {
    const two = await startCreate("two");
    const bad = await k3d(["cluster", "create", "bad", "--servers", "0"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("[mirror] registry k3d-mirror exists on host port 5000");
    expect(bad.stderr).toContain("[mirror] registry k3d-mirror stays: the create of two is under way\n");
    await finished(two);
    expect(await registryNames()).toEqual(["k3d-mirror"]);
  }, 30_000);

  test("a create's note outlives it only until the grace: a pre-hook fired by hand counts until then", async () => {
    await ok(["plugin", "trigger", "pre-cluster-create", "demo"]);
    ageRegistry(3600);
    expect((await ok(["plugin", "gc"])).stderr).toContain("[mirror] registry k3d-mirror stays: the create of demo is under way\n");
    const gc = await ok(["plugin", "gc"], { K3D_MIRROR_GRACE: "0" });
    expect(gc.stderr).toContain("[mirror] deleted registry k3d-mirror: no cluster uses it");
    expect(await registryNames()).toEqual([]);
  });
});

describe("the grace of a young registry", () => {
  beforeEach(install);

  test("the gc keeps a registry younger than 600 s whose create left no note; K3D_MIRROR_GRACE sets another", async () => {
    // Made by plain k3d, as a create whose notes were lost (a reinstall meanwhile) would have.
    await plainK3d("registry", "create", "mirror", "--port", "5000");
    const young = await ok(["plugin", "gc"]);
    expect(young.stderr).toMatch(/\[mirror\] registry k3d-mirror stays: made \d+s ago, perhaps for a create in its pre phase; once it is 600s old, the next gc deletes it if no cluster uses it\n/);
    ageRegistry(700);
    expect((await ok(["plugin", "gc"], { K3D_MIRROR_GRACE: "900" })).stderr).toMatch(/\[mirror\] registry k3d-mirror stays: made 7\d\ds ago/);
    expect((await ok(["plugin", "gc", "--dry-run"])).stderr).toContain("[mirror] would delete registry k3d-mirror: no cluster uses it");
    expect((await ok(["plugin", "gc"])).stderr).toContain("[mirror] deleted registry k3d-mirror: no cluster uses it");
    expect(await registryNames()).toEqual([]);
  });

  test("an undo deletes a young registry only if its own create made it", async () => {
    await plainK3d("registry", "create", "mirror", "--port", "5000");
    const found = await k3d(["cluster", "create", "bad", "--servers", "0"]);
    expect(found.code).toBe(1);
    expect(found.stderr).toMatch(/\[mirror\] registry k3d-mirror stays: made \d+s ago, perhaps for a create in its pre phase/);
    expect(await registryNames()).toEqual(["k3d-mirror"]);
    await plainK3d("registry", "delete", "k3d-mirror");
    const made = await k3d(["cluster", "create", "bad", "--servers", "0"]);
    expect(made.stderr).toContain("[mirror] deleted registry k3d-mirror: no cluster uses it");
    expect(await registryNames()).toEqual([]);
  });

  test("a K3D_MIRROR_GRACE that is not a number of seconds fails the gc hook, saying so", async () => {
    await plainK3d("registry", "create", "mirror", "--port", "5000");
    const gc = await k3d(["plugin", "gc"], { K3D_MIRROR_GRACE: "10m" });
    expect(gc.code).toBe(1);
    expect(gc.stderr).toContain("[mirror] K3D_MIRROR_GRACE=10m is not a number of seconds\n");
    expect(await registryNames()).toEqual(["k3d-mirror"]);
  });
});

describe("k3d mirror", () => {
  beforeEach(install);

  test("status says the registry is not there yet", async () => {
    const result = await ok(["mirror", "status"]);
    expect(result.stdout).toBe('registry k3d-mirror: not there; the next "k3d cluster create" creates it\n');
  });

  test("status reports the registry and the clusters that use it", async () => {
    await ok(["cluster", "create", "dev"]);
    await ok(["cluster", "create", "staging"]);
    await ok(["cluster", "create", "plain"], { K3DX_NO_HOOKS: "1" });
    expect((await ok(["mirror", "status"])).stdout).toBe("registry k3d-mirror: running, host port 5000\nused by: dev, staging\n");
    await ok(["cluster", "delete", "dev"]);
    expect((await ok(["mirror", "status"])).stdout).toBe("registry k3d-mirror: running, host port 5000\nused by: staging\n");
  });

  test("--help prints the usage on stdout", async () => {
    for (const args of [["mirror", "--help"], ["mirror", "help"], ["mirror"], ["mirror", "status", "-h"]]) {
      const result = await ok(args);
      expect(result.stdout).toStartWith("Usage:\n  k3d mirror status");
    }
  });

  test("an unknown sub-command or argument: one line saying so, the usage, on stderr, exit 2", async () => {
    for (const [args, line] of [
      [["mirror", "stats"], 'k3d mirror: unknown command "stats"'],
      [["mirror", "status", "extra"], 'k3d mirror: status takes no arguments, got "extra"'],
    ] as const) {
      const result = await k3d([...args]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toStartWith(`${line}\nUsage:\n`);
    }
  });

  test("completes its verbs in cobra's format", async () => {
    const all = await ok(["__complete", "mirror", ""]);
    expect(all.stdout).toBe("status\tshow the registry k3d-mirror and the clusters that use it\nhelp\tshow the usage\n:4\n");
    expect((await ok(["__complete", "mirror", "st"])).stdout).toBe("status\tshow the registry k3d-mirror and the clusters that use it\n:4\n");
    expect((await ok(["__complete", "mirror", "status", ""])).stdout).toBe(":4\n");
  });
});

describe("the script", () => {
  test("is valid POSIX shell", async () => {
    const proc = Bun.spawn({ cmd: ["sh", "-n", SCRIPT], stderr: "pipe" });
    expect(await new Response(proc.stderr).text()).toBe("");
    expect(await proc.exited).toBe(0);
  });

  test.skipIf(!Bun.which("shellcheck"))("passes shellcheck as POSIX sh", async () => {
    const proc = Bun.spawn({ cmd: ["shellcheck", "--shell=sh", SCRIPT], stdout: "pipe" });
    expect(await new Response(proc.stdout).text()).toBe("");
    expect(await proc.exited).toBe(0);
  });
});
