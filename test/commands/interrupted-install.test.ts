/**
 * Black-box: installs that are interrupted or run into trouble, and what untrusted code
 * gets while an install asks it for its metadata (INFO). Signals during a download or an
 * INFO question; a store left half-changed by a command killed with SIGKILL; the store
 * lock on a full disk; the INFO program's environment and what it leaves running.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startGithubServer, type FixtureRelease, type GithubServer } from "../fixtures/github-server.ts";
import { appears, endsWithin, exitWithin, killLeftovers, watchPidFile, type WatchedProcess } from "../helpers/processes.ts";
import { createSandbox, K3DX_BINARY, runK3dx, type Sandbox } from "../helpers/sandbox.ts";
import { waitFor } from "../hooks/hook-world.ts";
import { localSource, metadataYaml, release } from "./plugin-sources.ts";

let box: Sandbox;
let server: GithubServer;
const started: WatchedProcess[] = [];
beforeEach(() => {
  box = createSandbox();
  server = startGithubServer({ releases: [release("acme", "mirror", "v1.0.0", metadataYaml("mirror", "1.0.0", ["pre-cluster-create"]))] });
  Object.assign(box.env, { K3DX_GITHUB_API: server.apiUrl, K3DX_OS: "linux", K3DX_ARCH: "amd64" });
});
afterEach(async () => {
  killLeftovers(started);
  await server.stop();
  box.cleanup();
});

const plugins = () => join(box.k3dxHome, "plugins");
/** Every entry under plugins/, recursively, as paths relative to it. */
function storeEntries(): string[] {
  const out: string[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      out.push(prefix + entry.name);
      if (entry.isDirectory()) walk(join(dir, entry.name), `${prefix}${entry.name}/`);
    }
  };
  if (existsSync(plugins())) walk(plugins(), "");
  return out.sort();
}

function start(args: string[], env: Record<string, string> = {}) {
  return Bun.spawn({ cmd: [K3DX_BINARY, ...args], env: { ...box.env, ...env }, cwd: box.root, stdout: "pipe", stderr: "pipe" });
}

/** A release whose only asset is a bare linux/amd64 executable: no plugin.yaml, so install asks it (INFO). */
function bareRelease(repo: string, body: string): FixtureRelease {
  return { owner: "acme", repo, tag: "v1.0.0", assets: [{ name: `${repo}-linux-amd64`, body: `#!/bin/sh\n${body}\n` }] };
}

describe("a signal during a download", () => {
  for (const [signal, status] of [["SIGINT", 130], ["SIGTERM", 143], ["SIGHUP", 129]] as const) {
    test(`${signal}: the download stops, the staging folder is deleted, one line, exit ${status}`, async () => {
      const asset = server.releases[0]!.assets[0]!;
      server.fault(asset.name, { type: "stall", bytes: 10 });
      const proc = start(["plugin", "install", "acme/k3d-mirror"]);
      // The download has begun: its staging folder exists, and the bytes stopped coming.
      await appears(join(plugins(), "acme"));
      await Bun.sleep(300);
      expect(storeEntries().some((entry) => /^acme\/\.staging-/.test(entry))).toBe(true);
      proc.kill(signal);
      const stderr = new Response(proc.stderr).text();
      expect(await exitWithin(proc, 10_000)).toBe(status);
      expect(await stderr).toBe(`k3dx: interrupted by ${signal}; nothing was installed or changed\n`);
      expect(storeEntries()).toEqual([]);
    });
  }

  test("an upgrade interrupted mid-download leaves the installed version, and stops there", async () => {
    expect((await runK3dx(box, ["plugin", "install", "acme/k3d-mirror"])).code).toBe(0);
    const before = storeEntries();
    server.releases.push(release("acme", "mirror", "v1.1.0", metadataYaml("mirror", "1.1.0", ["pre-cluster-create"])));
    server.fault(server.releases[1]!.assets[0]!.name, { type: "stall", bytes: 10 });
    const proc = start(["plugin", "upgrade", "--all"]);
    await Bun.sleep(300);
    await waitFor(() => storeEntries().some((entry) => entry.includes(".staging-")), 10_000);
    proc.kill("SIGINT");
    expect(await exitWithin(proc, 10_000)).toBe(130);
    expect(storeEntries()).toEqual(before);
  });
});

describe("the INFO question (a plugin without plugin.yaml)", () => {
  test("gets no token and no other secret: only what a program needs to run, and the plugin contract", async () => {
    server.releases.push(
      bareRelease("k3d-envy", `if [ "$1" = metadata ]; then env > "${box.root}/info.env"; echo "name: envy"; fi`),
    );
    const secrets = { GITHUB_TOKEN: "ghp_secret1", GH_TOKEN: "ghp_secret2", AWS_SECRET_ACCESS_KEY: "aws-secret", KUBECONFIG: "/k/config", LC_ALL: "C" };
    const result = await runK3dx(box, ["plugin", "install", "acme/k3d-envy"], { env: secrets });
    expect(result.code).toBe(0);
    // The token still did its job: it went to the API host.
    expect(server.requests.some((request) => request.authorization === "Bearer ghp_secret1")).toBe(true);
    const seen = Object.fromEntries(
      readFileSync(join(box.root, "info.env"), "utf8")
        .trim()
        .split("\n")
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
    );
    for (const secret of Object.values(secrets).filter((value) => value !== "C")) expect(JSON.stringify(seen)).not.toContain(secret);
    expect(seen).toMatchObject({ K3D_COMMAND: "INFO", K3D_PLUGIN_NAME: "envy", HOME: box.home, PATH: box.env.PATH, LC_ALL: "C" });
    expect(seen.K3DX_HOME).toBeUndefined();
  });

  test("what it starts in a session of its own does not outlive the question", async () => {
    server.releases.push(
      bareRelease(
        "k3d-sneaky",
        `if [ "$1" = metadata ]; then setsid sh -c 'echo $$ > "${box.root}/escaped.pid"; exec sleep 60' >/dev/null 2>&1 </dev/null & ` +
          `while [ ! -s "${box.root}/escaped.pid" ]; do sleep 0.01; done; echo "name: sneaky"; fi`,
      ),
    );
    const result = await runK3dx(box, ["plugin", "install", "acme/k3d-sneaky"]);
    expect(result.code).toBe(0);
    const escaped = watchPidFile(join(box.root, "escaped.pid"));
    started.push(escaped);
    expect(await endsWithin(escaped, 2000)).toBe(true);
  });

  test("SIGTERM while it is asked: the question and what it started end, the staging folder is deleted, exit 143", async () => {
    server.releases.push(
      bareRelease("k3d-slow", `if [ "$1" = metadata ]; then echo $$ > "${box.root}/info.pid"; sleep 30 & echo $! > "${box.root}/child.pid"; wait; fi`),
    );
    const proc = start(["plugin", "install", "acme/k3d-slow"]);
    expect(await appears(join(box.root, "child.pid"))).toBe(true);
    const [question, child] = [watchPidFile(join(box.root, "info.pid")), watchPidFile(join(box.root, "child.pid"))];
    started.push(question, child);
    proc.kill("SIGTERM");
    const stderr = new Response(proc.stderr).text();
    expect(await exitWithin(proc, 10_000)).toBe(143);
    expect(await stderr).toBe("k3dx: interrupted by SIGTERM; nothing was installed or changed\n");
    expect(await endsWithin(question, 2000)).toBe(true);
    expect(await endsWithin(child, 2000)).toBe(true);
    expect(storeEntries()).toEqual([]);
  });
});

describe("a store left half-changed by a command killed with SIGKILL", () => {
  /** Installs `tool` (a pre-cluster-create hook) from a local folder. */
  async function installTool(): Promise<string> {
    const source = localSource(box, "tool", "tool", { yaml: metadataYaml("tool", "1.0.0", ["pre-cluster-create"]) });
    expect((await runK3dx(box, ["plugin", "install", source])).code).toBe(0);
    return join(plugins(), "local", "tool");
  }

  test("killed between the two renames of a replace: the next command that changes the store puts the plugin back", async () => {
    const dir = await installTool();
    // The state a replace leaves when killed after moving the old version aside and before
    // moving the new one in (where the two cannot be exchanged in one step).
    renameSync(dir, join(plugins(), "local", ".tool.replaced-4242-abc123"));
    const other = localSource(box, "other", "other", { yaml: metadataYaml("other", "1.0.0") });
    expect((await runK3dx(box, ["plugin", "install", other])).code).toBe(0);
    expect(existsSync(join(dir, "k3d-tool"))).toBe(true);
    expect(storeEntries().filter((entry) => entry.includes(".replaced-"))).toEqual([]);
    // Its hook fires again.
    const created = await runK3dx(box, ["cluster", "create", "dev"]);
    expect(created.stderr).toMatch(/^k3dx: pre-cluster-create tool ok in /m);
  });

  test("doctor puts it back as well, and says so", async () => {
    const dir = await installTool();
    renameSync(dir, join(plugins(), "local", ".tool.replaced-4242-abc123"));
    const result = await runK3dx(box, ["plugin", "doctor"]);
    expect(result.stdout).toContain(`ok       repaired: put back ${dir}, interrupted while being replaced`);
    expect(result.stdout).toContain(`ok       plugin tool 1.0.0: ${dir}`);
    expect(readlinkSync(join(box.k3dxHome, "hooks", "pre-cluster-create", "tool"))).toBe("../../plugins/local/tool/k3d-tool");
  });

  test("an old version whose place a new one took is deleted, not put back", async () => {
    const dir = await installTool();
    mkdirSync(join(plugins(), "local", ".tool.replaced-4242-abc123"));
    writeFileSync(join(plugins(), "local", ".tool.replaced-4242-abc123", "plugin.yaml"), "name: tool\n");
    await runK3dx(box, ["plugin", "doctor"]);
    expect(storeEntries().filter((entry) => entry.startsWith("local/."))).toEqual([]);
    expect(existsSync(join(dir, "k3d-tool"))).toBe(true);
  });

  test("a staging folder whose command is gone is deleted; one whose command still runs is left alone", async () => {
    await installTool();
    const dead = Bun.spawnSync(["true"]).pid;
    mkdirSync(join(plugins(), "local", `.staging-${dead}-abc123`, "fetch"), { recursive: true });
    mkdirSync(join(plugins(), "local", `.staging-${process.pid}-def456`));
    const result = await runK3dx(box, ["plugin", "doctor"]);
    expect(result.stdout).toContain(`repaired: deleted ${join(plugins(), "local", `.staging-${dead}-abc123`)}`);
    expect(result.stdout).toContain(`belongs to an install running now (pid ${process.pid})`);
    expect(storeEntries().filter((entry) => entry.startsWith("local/."))).toEqual([`local/.staging-${process.pid}-def456`]);
  });
});

describe("the store lock", () => {
  test("on a full disk (a file-size limit of 0: writes fail with EFBIG) no empty lock is left; the next command goes ahead", async () => {
    const source = localSource(box, "tool", "tool", { yaml: metadataYaml("tool", "1.0.0") });
    expect((await runK3dx(box, ["plugin", "install", source])).code).toBe(0);
    const lock = join(plugins(), ".store.lock");
    const full = Bun.spawn({
      cmd: ["/bin/sh", "-c", 'ulimit -f 0; exec "$0" plugin remove tool', K3DX_BINARY],
      env: box.env,
      cwd: box.root,
      stdout: "pipe",
      stderr: "pipe",
    });
    const [stderr, code] = await Promise.all([new Response(full.stderr).text(), full.exited]);
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`^k3dx: cannot create the plugin store's lock ${lock}: EFBIG.*; free some disk space and try again; nothing was changed\\n$`));
    expect(existsSync(lock)).toBe(false);
    expect(storeEntries().filter((entry) => entry.startsWith("."))).toEqual([]);
    // Not 30 s of waiting for a lock no one holds: the remove simply works now.
    const again = await exitWithin(start(["plugin", "remove", "tool"]), 10_000);
    expect(again).toBe(0);
  });
});
