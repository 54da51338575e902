/**
 * Black-box: `k3d plugin new NAME [--template sh|bun] [--hooks EVENT,…]`, the whole round
 * trip through dist/k3d — the scaffold installs with `k3d plugin install`, runs as
 * `k3d NAME`, its hooks fire on `k3d cluster …`, its test.sh passes, and the release its
 * scripts/package.sh builds is one `k3d plugin check` passes on every release platform
 * and `k3d plugin install OWNER/REPO` installs. The bun template is compiled with the
 * repository's Bun for this machine only: building for other platforms downloads their
 * runtimes, which the release workflow does on GitHub's runners.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LIFECYCLE_EVENTS } from "../../src/plugins/types.ts";
import { releaseAssets } from "../../src/scaffold/release-assets.ts";
import { RELEASE_PLATFORMS } from "../../src/sources/release-platforms.ts";
import { startGithubServer, type GithubServer } from "../fixtures/github-server.ts";
import { createSandbox, K3DX_BINARY, REPO_ROOT, runK3dx, type Sandbox } from "../helpers/sandbox.ts";

let box: Sandbox;
let server: GithubServer;
beforeEach(() => {
  box = createSandbox();
  server = startGithubServer({ releases: [] });
  Object.assign(box.env, { K3DX_GITHUB_API: server.apiUrl, K3DX_RETRIES: "0" });
});
afterEach(async () => {
  await server.stop();
  box.cleanup();
});

const k3dx = (...args: string[]) => runK3dx(box, args);

/** Runs a program of the scaffold with dist/k3d as `k3d` first on PATH (and the repository's Bun after it). */
function runInFolder(folder: string, cmd: string[]) {
  const wrapperBin = join(box.root, "wrapper-bin");
  if (!existsSync(wrapperBin)) {
    mkdirSync(wrapperBin);
    symlinkSync(K3DX_BINARY, join(wrapperBin, "k3d"));
  }
  const env = { ...box.env, PATH: `${wrapperBin}:${join(REPO_ROOT, "node_modules", ".bin")}:${box.env.PATH}` };
  const run = Bun.spawnSync({ cmd, cwd: folder, env, stdout: "pipe", stderr: "pipe" });
  return { code: run.exitCode, stdout: run.stdout.toString(), stderr: run.stderr.toString() };
}

/** What scripts/package.sh put in dist/release, served as release TAG of OWNER/REPO. */
function publish(folder: string, owner: string, repo: string, tag: string): void {
  const dist = join(folder, "dist", "release");
  server.releases.push({ owner, repo, tag, assets: readdirSync(dist).sort().map((name) => ({ name, body: new Uint8Array(readFileSync(join(dist, name))) })) });
}

const hostPlatform = RELEASE_PLATFORMS.find((platform) => platform.os === process.platform && platform.arch === (process.arch === "x64" ? "amd64" : process.arch) && platform.libc === undefined)!;

describe("the sh template", () => {
  test("round trip: scaffold, install, run, hooks on real commands, test.sh, package, check, install the release", async () => {
    const created = await k3dx("plugin", "new", "demo", "--hooks", "pre-cluster-create,post-cluster-delete,cluster-gc,undo-cluster-create");
    expect(created.code).toBe(0);
    expect(created.stderr).toBe("");
    const folder = join(box.root, "k3d-demo");
    expect(created.stdout).toStartWith(`created ${folder} (sh template):\n  k3d-demo\n`);
    expect(lstatSync(join(folder, "k3d-demo")).mode & 0o777).toBe(0o755);

    expect((await k3dx("plugin", "install", "./k3d-demo")).code).toBe(0);
    expect(await k3dx("demo", "hello", "you")).toEqual({ code: 0, stdout: "hello you, from demo\n", stderr: "" });
    const create = await k3dx("cluster", "create", "dev");
    expect(create.code).toBe(0);
    expect(create.stderr).toContain("[demo] demo: pre-cluster-create for cluster dev\n");
    const remove = await k3dx("cluster", "delete", "dev");
    expect(remove.stderr).toContain("[demo] demo: post-cluster-delete for cluster dev\n");
    // After every delete, the gc: about every live cluster at once, none here.
    expect(remove.stderr).toContain("[demo] demo: cluster-gc, live clusters: none\n");
    expect((await k3dx("plugin", "gc", "--dry-run")).stderr).toContain("[demo] demo: cluster-gc, live clusters: none (dry run)\n");
    const failed = await k3dx("cluster", "create", "bad", "--servers", "0");
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("[demo] demo: undo-cluster-create for cluster bad (k3d-failed)\n");

    const tested = runInFolder(folder, ["sh", "test.sh"]);
    expect(tested).toEqual({ code: 0, stdout: "ok: k3d demo hello\nok: cluster-gc\nok: post-cluster-delete\nok: pre-cluster-create\nok: undo-cluster-create\n", stderr: "" });

    const packaged = runInFolder(folder, ["sh", "scripts/package.sh", "--version", "v0.2.0"]);
    expect(packaged.code).toBe(0);
    const expected = releaseAssets("sh", "k3d-demo", "0.2.0").map((asset) => asset.name);
    expect(readdirSync(join(folder, "dist", "release")).sort()).toEqual([...expected, "checksums.txt"].sort());

    publish(folder, "acme", "k3d-demo", "v0.2.0");
    const checked = await k3dx("plugin", "check", "acme/k3d-demo", "-o", "json");
    const report = JSON.parse(checked.stdout);
    expect({ code: checked.code, problems: report.problems, warnings: report.warnings }).toEqual({ code: 0, problems: [], warnings: [] });
    expect(report.platforms.map((row: { platform: string; asset: string; checksumFrom: string }) => `${row.platform} ${row.asset} ${row.checksumFrom}`)).toEqual(
      RELEASE_PLATFORMS.map((platform) => `${platform.id} k3d-demo_0.2.0_${platform.os}.${platform.os === "windows" ? "zip" : "tar.gz"} checksums.txt`),
    );
    expect(report.metadata.metadata).toMatchObject({ name: "demo", version: "0.2.0" });

    expect((await k3dx("plugin", "install", "acme/k3d-demo", "--force")).code).toBe(0);
    expect((await k3dx("plugin", "list")).stdout).toContain("demo   0.2.0     acme/k3d-demo");
    expect((await k3dx("demo", "hello")).stdout).toBe("hello world, from demo\n");
  }, 60_000);

  test("test.sh fires every event as k3dx fires it, and the branch of each prints what test.sh looks for", async () => {
    expect((await k3dx("plugin", "new", "every", "--hooks", LIFECYCLE_EVENTS.join(","))).code).toBe(0);
    const tested = runInFolder(join(box.root, "k3d-every"), ["sh", "test.sh"]);
    const lines = ["ok: k3d every hello", ...[...LIFECYCLE_EVENTS].sort().map((event) => `ok: ${event}`)];
    expect(tested).toEqual({ code: 0, stdout: `${lines.join("\n")}\n`, stderr: "" });
  }, 60_000);

  test("package.sh writes the version quoted: tags v2 and v1.10 publish releases that check and install take", async () => {
    expect((await k3dx("plugin", "new", "demo")).code).toBe(0);
    const folder = join(box.root, "k3d-demo");
    // Without --version: plugin.yaml's own, quoted there too.
    expect(runInFolder(folder, ["sh", "scripts/package.sh"]).code).toBe(0);
    expect(readdirSync(join(folder, "dist", "release"))).toContain("k3d-demo_0.1.0_linux.tar.gz");
    for (const [tag, version] of [["v2", "2"], ["v1.10", "1.10"]] as const) {
      const packaged = runInFolder(folder, ["sh", "scripts/package.sh", "--version", tag]);
      expect(packaged.code).toBe(0);
      const archive = join(folder, "dist", "release", `k3d-demo_${version}_linux.tar.gz`);
      const checked = await k3dx("plugin", "check", archive, "-o", "json");
      const report = JSON.parse(checked.stdout);
      expect({ tag, code: checked.code, problems: report.problems }).toEqual({ tag, code: 0, problems: [] });
      expect(report.metadata.metadata.version).toBe(version);
      expect((await k3dx("plugin", "install", archive, "--force")).code).toBe(0);
      expect((await k3dx("plugin", "list")).stdout).toMatch(new RegExp(`^demo +${version.replace(".", "\\.")} `, "m"));
    }
  }, 60_000);
});

describe("the bun template", () => {
  test("builds with the repository's Bun, passes its test.sh, and its release archive installs from GitHub", async () => {
    const created = await k3dx("plugin", "new", "tsdemo", "--template", "bun", "--hooks", "post-cluster-create,cluster-gc,undo-cluster-create");
    expect(created.code).toBe(0);
    const folder = join(box.root, "k3d-tsdemo");

    // test.sh builds this machine's executable, installs it from dist/plugin, runs it, fires the hook.
    const tested = runInFolder(folder, ["sh", "test.sh"]);
    expect(tested).toEqual({ code: 0, stdout: "ok: k3d tsdemo hello\nok: cluster-gc\nok: post-cluster-create\nok: undo-cluster-create\n", stderr: "" });
    expect((await k3dx("plugin", "install", "./k3d-tsdemo/dist/plugin")).code).toBe(0);
    expect(await k3dx("tsdemo", "hello", "bun")).toEqual({ code: 0, stdout: "hello bun, from tsdemo\n", stderr: "" });
    const create = await k3dx("cluster", "create", "dev");
    expect(create.stderr).toContain("[tsdemo] tsdemo: post-cluster-create for cluster dev\n");
    expect((await k3dx("plugin", "gc")).stderr).toContain("[tsdemo] tsdemo: cluster-gc, live clusters: dev\n");
    expect((await k3dx("cluster", "create", "bad", "--servers", "0")).stderr).toContain("[tsdemo] tsdemo: undo-cluster-create for cluster bad (k3d-failed)\n");

    // The release archive of this machine's platform, named as k3dx chooses it; v1.10, which YAML would read as 1.1 unquoted.
    const packaged = runInFolder(folder, ["sh", "scripts/package.sh", "--version", "v1.10", hostPlatform.id]);
    expect(packaged.code).toBe(0);
    const meant = releaseAssets("bun", "k3d-tsdemo", "1.10").find((asset) => asset.platforms.includes(hostPlatform))!.name;
    expect(readdirSync(join(folder, "dist", "release")).sort()).toEqual([meant, "checksums.txt"].sort());
    publish(folder, "acme", "k3d-tsdemo", "v1.10");
    const installed = await runK3dx(box, ["plugin", "install", "acme/k3d-tsdemo", "--force"], { env: { K3DX_OS: hostPlatform.os, K3DX_ARCH: hostPlatform.arch } });
    expect(installed.code).toBe(0);
    expect(installed.stdout).toStartWith("replaced tsdemo 0.1.0 with tsdemo 1.10 from acme/k3d-tsdemo\n");
    expect((await k3dx("tsdemo", "hello")).stdout).toBe("hello world, from tsdemo\n");
  }, 120_000);
});

describe("bad input", () => {
  // The sandbox's own k3d-state folder aside.
  const nothingCreated = () => readdirSync(box.root).filter((entry) => entry.startsWith("k3d-") && entry !== "k3d-state").length === 0;

  test("names install would refuse", async () => {
    for (const [name, message] of [
      ["Demo", '"Demo" must be lower-case letters, digits and \'-\', starting with a letter'],
      ["my_tool", '"my_tool" must be lower-case letters, digits and \'-\', starting with a letter'],
      ["cluster", '"cluster" is a k3d command; a plugin can never shadow it'],
      ["plugin", '"plugin" is the plugin manager\'s own command'],
    ]) {
      expect(await k3dx("plugin", "new", name!)).toEqual({ code: 2, stdout: "", stderr: `k3dx: cannot create this plugin: ${message}\n` });
    }
    expect(await k3dx("plugin", "new", "k3d-demo")).toEqual({ code: 2, stdout: "", stderr: "k3dx: name the plugin without the k3d- prefix: 'k3d plugin new demo' creates k3d-demo/\n" });
    expect(nothingCreated()).toBe(true);
  });

  test("an existing folder, file or dangling link is never touched", async () => {
    mkdirSync(join(box.root, "k3d-demo"));
    writeFileSync(join(box.root, "k3d-demo", "mine"), "keep me");
    writeFileSync(join(box.root, "k3d-file"), "keep me");
    symlinkSync(join(box.root, "nowhere"), join(box.root, "k3d-link"));
    for (const name of ["demo", "file", "link"]) {
      const result = await k3dx("plugin", "new", name);
      expect(result).toEqual({
        code: 1,
        stdout: "",
        stderr: `k3dx: ${join(box.root, `k3d-${name}`)} already exists; k3d plugin new writes only into a new folder: pick another name, or move it away\n`,
      });
    }
    expect(readdirSync(join(box.root, "k3d-demo"))).toEqual(["mine"]);
    expect(readFileSync(join(box.root, "k3d-file"), "utf8")).toBe("keep me");
  });

  test("an unknown event, an unknown template, no name, a stray flag", async () => {
    const unknown = await k3dx("plugin", "new", "demo", "--hooks", "pre-cluster-create,post-cluster-creat");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toStartWith("k3dx: --hooks: unknown event 'post-cluster-creat'; the events are: pre-cluster-create, post-cluster-create,");
    expect(await k3dx("plugin", "new", "demo", "--template", "go")).toMatchObject({ code: 2, stderr: expect.stringContaining(`k3dx: --template "go" is not one of sh, bun. Run 'k3d plugin new --help' for usage.`) });
    expect(await k3dx("plugin", "new")).toMatchObject({ code: 2, stderr: expect.stringContaining("k3dx: missing NAME") });
    expect(await k3dx("plugin", "new", "demo", "--force")).toMatchObject({ code: 2, stderr: "k3dx: unknown flag --force. Run 'k3d plugin new --help' for usage.\n" });
    expect(nothingCreated()).toBe(true);
  });

  test("an event named twice is hooked once; empty entries are ignored", async () => {
    expect((await k3dx("plugin", "new", "demo", "--hooks", "pre-cluster-create,,pre-cluster-create,")).code).toBe(0);
    expect(readFileSync(join(box.root, "k3d-demo", "plugin.yaml"), "utf8")).toContain("hooks:\n  - pre-cluster-create\n# The real k3d");
  });

  test("a name whose words are platform words gets release assets k3dx can tell apart, and says so", async () => {
    const result = await k3dx("plugin", "new", "arm-tools");
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('k3dx: note: the release assets are named k3d-plugin_…: a word of "arm-tools" would be read as a platform in an asset\'s name\n');
    expect(readFileSync(join(box.root, "k3d-arm-tools", "scripts", "package.sh"), "utf8")).toContain("name=k3d-plugin_${version}_$os");
  });
});
