/**
 * Black-box: k3d-plugins.yaml and k3d-plugins.lock against the GitHub-shaped server
 * (SPEC §9) — one command installs a project's plugins, the lock holds every platform's
 * digest, `--locked` installs exactly the lock or nothing, and drift shows.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildTarGz } from "../archive/archive-builders.ts";
import { localSource, metadataYaml } from "../commands/plugin-sources.ts";
import { treeSnapshot } from "../plugins/store-world.ts";
import { createProjectWorld, expectedPlatforms, platformRelease, projectTool, type ProjectWorld } from "./project-world.ts";

const sha256 = (bytes: Uint8Array | string) => new Bun.CryptoHasher("sha256").update(bytes).digest("hex");

let world: ProjectWorld;
afterEach(async () => {
  await world.stop();
});

const lockOf = () => Bun.YAML.parse(readFileSync(world.lockPath, "utf8")) as { version: number; plugins: Record<string, unknown>[] };
const installedNames = () => {
  const root = join(world.box.k3dxHome, "plugins");
  if (!existsSync(root)) return [];
  return readdirSync(root).filter((owner) => !owner.startsWith(".")).flatMap((owner) => readdirSync(join(root, owner)).map((repo) => `${owner}/${repo}`)).sort();
};
const receiptOf = (owner: string, repo: string) => Bun.YAML.parse(readFileSync(join(world.box.k3dxHome, "plugins", owner, repo, "receipt.yaml"), "utf8")) as Record<string, unknown>;

/** mirror (latest, with a hook, checksums.txt) and dns (pinned, no checksums: locked by downloading). */
function threePluginProject(): { tool: string } {
  world = createProjectWorld([
    platformRelease("acme", "mirror", "v1.0.0", { hooks: ["pre-cluster-create"] }),
    platformRelease("acme", "dns", "v1.2.0", { checksums: false, builds: ["linux_amd64", "linux_arm64", "darwin_arm64"] }),
    platformRelease("acme", "dns", "v1.3.0", { checksums: false }),
  ]);
  const tool = projectTool(world, "hello", ["post-cluster-delete"]);
  world.writeFile(`plugins:\n  - source: acme/k3d-mirror\n  - source: acme/k3d-dns@v1.2.0\n    name: dns\n  - source: ${tool}\n`);
  return { tool };
}

describe("k3d plugin install, from k3d-plugins.yaml", () => {
  test("a file with a GitHub plugin, a pinned tag and a local path installs in one command, and writes the lock", async () => {
    threePluginProject();
    const result = await world.k3dx(["plugin", "install"]);
    expect(result.code).toBe(0);
    const hello = join(world.proj, "tools", "k3d-hello");
    expect(result.stdout).toBe(
      [
        "installed mirror 1.0.0 from acme/k3d-mirror (hooks: pre-cluster-create)",
        "installed dns 1.2.0 from acme/k3d-dns@v1.2.0 (hooks: none)",
        `installed hello 0.1.0 from ${hello} (hooks: post-cluster-delete)`,
        `${join(world.proj, "k3d-plugins.yaml")}: 3 plugins: 3 installed`,
        `wrote ${world.lockPath} (3 plugins)`,
        "",
      ].join("\n"),
    );
    // No terminal: no question, and what the hooks do is printed instead.
    expect(result.stderr).toContain("k3dx: mirror 1.0.0 (from acme/k3d-mirror) will run by itself, without being called:\n");
    expect(result.stderr).toContain("k3dx:   pre-cluster-create  before every 'k3d cluster create'; up to 300 s; if it fails, the create does not run\n");
    expect(result.stderr).toContain("k3dx: warning: acme/k3d-dns@v1.2.0 has no asset for darwin-amd64, windows-amd64: locked as none\n");
    expect(installedNames()).toEqual(["acme/k3d-dns", "acme/k3d-mirror", "local/hello"]);
    expect(receiptOf("acme", "k3d-mirror")).toMatchObject({ source: "acme/k3d-mirror", tag: "v1.0.0", pinned: false });
    expect((await world.k3dx(["hello", "x"])).stdout).toBe("hello ran: x\n");
    expect((await world.k3dx(["mirror"])).stdout).toBe("mirror v1.0.0 linux_amd64: \n");
  });

  test("the lock lists all seven platforms with the right digests, from checksums.txt or by downloading", async () => {
    const { tool } = threePluginProject();
    expect((await world.k3dx(["plugin", "install"])).code).toBe(0);
    const [mirror, dns] = [world.server.releases[0]!, world.server.releases[1]!];
    const folderDigest = (await world.k3dx(["plugin", "info", "hello", "-o", "json"])).stdout;
    expect(lockOf()).toEqual({
      version: 1,
      plugins: [
        { source: tool, sha256: JSON.parse(folderDigest).receipt.sha256 },
        { source: "acme/k3d-dns@v1.2.0", name: "dns", tag: "v1.2.0", platforms: expectedPlatforms(dns) },
        { source: "acme/k3d-mirror", tag: "v1.0.0", platforms: expectedPlatforms(mirror) },
      ],
    });
    expect(Object.keys(lockOf().plugins[2]!.platforms as object)).toEqual([
      "darwin-amd64", "darwin-arm64", "linux-amd64", "linux-amd64-musl", "linux-arm64", "linux-arm64-musl", "windows-amd64",
    ]);
    // The folder digest is the one --sha256 documents.
    const manifest = ["k3d-hello", "plugin.yaml"].map((file) => `${sha256(readFileSync(join(world.proj, "tools", "k3d-hello", file)))}  ${file}\n`).join("");
    expect(lockOf().plugins[0]!.sha256).toBe(sha256(manifest));
    // dns has no checksums.txt: each asset was downloaded to hash it.
    const dnsDownloads = world.server.downloadHostRequests.filter((request) => request.path.includes("/k3d-dns/"));
    expect(dnsDownloads.map((request) => decodeURIComponent(request.path.split("/").at(-1)!)).sort()).toEqual([
      "k3d-dns_1.2.0_darwin_arm64.tar.gz",
      "k3d-dns_1.2.0_linux_amd64.tar.gz",
      "k3d-dns_1.2.0_linux_amd64.tar.gz",
      "k3d-dns_1.2.0_linux_arm64.tar.gz",
    ]);
  });

  test("the lock is deterministic: installing again writes nothing, and 'plugin lock' gives the same bytes", async () => {
    threePluginProject();
    await world.k3dx(["plugin", "install"]);
    const first = readFileSync(world.lockPath, "utf8");
    expect(first).not.toMatch(/\d{4}-\d\d-\d\dT/);
    const again = await world.k3dx(["plugin", "install"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("3 plugins: 3 already installed\n");
    expect(again.stdout).toEndWith(`${world.lockPath} is up to date\n`);
    // Nothing of the same bytes is asked about again.
    expect(again.stderr).not.toContain("will run by itself");
    const relocked = await world.k3dx(["plugin", "lock"]);
    expect(relocked.code).toBe(0);
    expect(relocked.stdout).toEndWith(`${world.lockPath} is up to date (3 plugins)\n`);
    expect(readFileSync(world.lockPath, "utf8")).toBe(first);
  });

  test("the lock is the truth: a newer release is not installed until 'plugin lock' moves to it", async () => {
    world = createProjectWorld([platformRelease("acme", "mirror", "v1.0.0")]);
    world.writeFile("plugins:\n  - source: acme/k3d-mirror\n");
    await world.k3dx(["plugin", "install"]);
    world.server.releases.push(platformRelease("acme", "mirror", "v1.1.0"));
    await world.k3dx(["plugin", "remove", "mirror"]);
    await world.k3dx(["plugin", "install"]);
    expect(receiptOf("acme", "k3d-mirror")).toMatchObject({ tag: "v1.0.0" });

    const locked = await world.k3dx(["plugin", "lock"]);
    expect(locked.stdout).toBe(`acme/k3d-mirror  v1.1.0, 7 of 7 platforms\nwrote ${world.lockPath} (1 plugin)\n`);
    const upgraded = await world.k3dx(["plugin", "install"]);
    expect(upgraded.stdout).toStartWith("replaced mirror 1.0.0 with mirror 1.1.0 from acme/k3d-mirror");
    expect(receiptOf("acme", "k3d-mirror")).toMatchObject({ tag: "v1.1.0", pinned: false });
  });

  test("a plugin upgraded past the lock is drift, and install brings it back to the lock", async () => {
    world = createProjectWorld([platformRelease("acme", "mirror", "v1.0.0")]);
    world.writeFile("plugins:\n  - source: acme/k3d-mirror\n");
    await world.k3dx(["plugin", "install"]);
    world.server.releases.push(platformRelease("acme", "mirror", "v1.1.0"));
    await world.k3dx(["plugin", "upgrade", "mirror"]);
    const list = await world.k3dx(["plugin", "list"]);
    expect(list.stdout).toContain(`acme/k3d-mirror: mirror v1.1.0 is installed, but k3d-plugins.lock says v1.0.0: run 'k3d plugin install' to match the lock\n`);
    const doctor = await world.k3dx(["plugin", "doctor"]);
    expect(doctor.stdout).toContain(`warning  ${join(world.proj, "k3d-plugins.yaml")}: acme/k3d-mirror: mirror v1.1.0 is installed, but k3d-plugins.lock says v1.0.0`);
    expect((await world.k3dx(["plugin", "install", "--locked"])).code).toBe(0);
    expect(receiptOf("acme", "k3d-mirror")).toMatchObject({ tag: "v1.0.0" });
    expect((await world.k3dx(["plugin", "list"])).stdout).toEndWith(`\nProject ${join(world.proj, "k3d-plugins.yaml")}: 1 plugin, installed as k3d-plugins.lock says\n`);
  });

  test("a pinned plugin re-pinned by 'upgrade --all --force' is drift, and install brings it back to the lock's tag and pin", async () => {
    world = createProjectWorld([platformRelease("acme", "mirror", "v1.0.0")]);
    world.writeFile("plugins:\n  - source: acme/k3d-mirror@v1.0.0\n");
    const first = await world.k3dx(["plugin", "install"]);
    expect(first.code).toBe(0);
    // One plugin is counted as one.
    expect(first.stdout).toContain(`${join(world.proj, "k3d-plugins.yaml")}: 1 plugin: 1 installed\nwrote ${world.lockPath} (1 plugin)\n`);
    world.server.releases.push(platformRelease("acme", "mirror", "v1.1.0"));
    expect((await world.k3dx(["plugin", "upgrade", "--all", "--force"])).code).toBe(0);
    expect(receiptOf("acme", "k3d-mirror")).toMatchObject({ source: "acme/k3d-mirror@v1.1.0", tag: "v1.1.0", pinned: true });
    const list = await world.k3dx(["plugin", "list"]);
    expect(list.stdout).toContain("  acme/k3d-mirror@v1.0.0: mirror is installed from acme/k3d-mirror@v1.1.0 instead: run 'k3d plugin install' to match the lock\n");
    const installed = await world.k3dx(["plugin", "install"]);
    expect(installed.stderr).toBe("");
    expect(installed.code).toBe(0);
    expect(installed.stdout).toStartWith("replaced mirror 1.1.0 with mirror 1.0.0 from acme/k3d-mirror@v1.0.0");
    expect(receiptOf("acme", "k3d-mirror")).toMatchObject({ source: "acme/k3d-mirror@v1.0.0", tag: "v1.0.0", pinned: true });
    expect((await world.k3dx(["plugin", "list"])).stdout).toEndWith(`\nProject ${join(world.proj, "k3d-plugins.yaml")}: 1 plugin, installed as k3d-plugins.lock says\n`);
  });

  test("found from a subfolder; paths stay relative to the file", async () => {
    world = createProjectWorld([]);
    const tool = projectTool(world, "hello");
    world.writeFile(`plugins:\n  - source: ${tool}\n`);
    const deep = join(world.proj, "a", "b");
    mkdirSync(deep, { recursive: true });
    const result = await world.k3dx(["plugin", "install"], {}, deep);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`installed hello 0.1.0 from ${join(world.proj, "tools", "k3d-hello")}`);
    expect(existsSync(world.lockPath)).toBe(true);
  });

  test("a URL is locked by the digest of what it serves, and --locked checks it", async () => {
    world = createProjectWorld([platformRelease("acme", "mirror", "v1.0.0")]);
    const release = world.server.releases[0]!;
    const asset = release.assets.find((candidate) => candidate.name.endsWith("_linux_amd64.tar.gz"))!;
    const url = world.server.assetUrl(release, asset.name);
    world.writeFile(`plugins:\n  - source: ${url}\n    name: fetched\n`);
    expect((await world.k3dx(["plugin", "lock"])).code).toBe(0);
    expect(lockOf().plugins).toEqual([{ source: url, name: "fetched", sha256: sha256(asset.body) }]);
    expect((await world.k3dx(["plugin", "install", "--locked"])).code).toBe(0);
    expect(receiptOf("local", "fetched")).toMatchObject({ source: url, kind: "url", sha256: sha256(asset.body) });
  });

  test("an empty list installs nothing and says so; the lock follows it, and --locked holds it to it", async () => {
    world = createProjectWorld([]);
    const tool = projectTool(world, "hello");
    world.writeFile(`plugins:\n  - source: ${tool}\n`);
    expect((await world.k3dx(["plugin", "lock"])).code).toBe(0);
    world.writeFile("plugins: []\n");
    const locked = await world.k3dx(["plugin", "install", "--locked"]);
    expect(locked.code).toBe(1);
    expect(locked.stderr).toContain(`${tool} is in k3d-plugins.lock but no longer in k3d-plugins.yaml`);
    const file = join(world.proj, "k3d-plugins.yaml");
    expect(await world.k3dx(["plugin", "install"])).toEqual({ code: 0, stdout: `${file} lists no plugins: nothing to install\nwrote ${world.lockPath} (0 plugins)\n`, stderr: "" });
    expect(lockOf()).toEqual({ version: 1, plugins: [] });
  });

  test("one plugin failing leaves the others installed, says which, and exits 1", async () => {
    world = createProjectWorld([platformRelease("acme", "mirror", "v1.0.0")]);
    const tool = projectTool(world, "hello");
    world.writeFile(`plugins:\n  - source: acme/k3d-missing\n  - source: acme/k3d-mirror\n  - source: ${tool}\n`);
    const result = await world.k3dx(["plugin", "install"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("k3dx: acme/k3d-missing: release not found: acme/k3d-missing (does the repo publish releases? If it is private, set GITHUB_TOKEN)\n");
    expect(result.stdout).toContain("3 plugins: 2 installed, 1 failed\n");
    expect(installedNames()).toEqual(["acme/k3d-mirror", "local/hello"]);
    // What could be locked was: the next install knows what it installed.
    expect(lockOf().plugins.map((plugin) => plugin.source)).toEqual([tool, "acme/k3d-mirror"]);
  });
});

describe("--locked", () => {
  async function lockedProject(): Promise<void> {
    threePluginProject();
    expect((await world.k3dx(["plugin", "lock"])).code).toBe(0);
  }

  test("installs exactly the lock", async () => {
    await lockedProject();
    const result = await world.k3dx(["plugin", "install", "--locked"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("3 plugins: 3 installed\n");
    expect(result.stdout).not.toContain("wrote");
    expect(installedNames()).toEqual(["acme/k3d-dns", "acme/k3d-mirror", "local/hello"]);
  });

  test("an asset changed on the server after locking fails the install, and nothing is installed", async () => {
    await lockedProject();
    // The release is rebuilt under the same tag: new bytes, and a checksums.txt that vouches for them.
    const mirror = world.server.releases[0]!;
    const asset = mirror.assets.find((candidate) => candidate.name.endsWith("_linux_amd64.tar.gz"))!;
    asset.body = buildTarGz([
      { name: "k3d-mirror", data: "#!/bin/sh\necho changed\n", mode: 0o755 },
      { name: "plugin.yaml", data: metadataYaml("mirror", "1.0.0") },
    ]);
    mirror.assets.find((candidate) => candidate.name === "checksums.txt")!.body = `${sha256(asset.body)}  ${asset.name}\n`;
    const before = treeSnapshot(world.box.k3dxHome);
    const result = await world.k3dx(["plugin", "install", "--locked"]);
    expect(result.code).toBe(1);
    const locked = (lockOf().plugins[2]!.platforms as Record<string, { sha256: string }>)["linux-amd64"]!.sha256;
    expect(result.stderr).toContain(
      `k3dx: acme/k3d-mirror: checksum mismatch for ${asset.name}: expected ${locked} (k3d-plugins.lock; if the change is meant, 'k3d plugin lock' records it), got ${sha256(asset.body)}; nothing was installed\n`,
    );
    expect(result.stderr).toEndWith("k3dx: --locked: nothing was installed, as k3d-plugins.lock asks for all of its plugins or none\n");
    expect(result.stdout).toContain("3 plugins: 1 failed, 2 not installed\n");
    // Not even the plugins that matched: the store is exactly as it was (empty).
    expect(treeSnapshot(world.box.k3dxHome)).toEqual(before);
    expect(installedNames()).toEqual([]);
  });

  test("the same change without --locked fails that plugin too: the lock's digest is checked either way", async () => {
    await lockedProject();
    const mirror = world.server.releases[0]!;
    const asset = mirror.assets.find((candidate) => candidate.name.endsWith("_linux_amd64.tar.gz"))!;
    asset.body = buildTarGz([{ name: "k3d-mirror", data: "#!/bin/sh\necho changed\n", mode: 0o755 }]);
    mirror.assets.find((candidate) => candidate.name === "checksums.txt")!.body = `${sha256(asset.body)}  ${asset.name}\n`;
    const result = await world.k3dx(["plugin", "install"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("k3dx: acme/k3d-mirror: checksum mismatch for");
    expect(installedNames()).toEqual(["acme/k3d-dns", "local/hello"]);
  });

  test("a release that now offers another asset for this platform fails before the download", async () => {
    await lockedProject();
    const mirror = world.server.releases[0]!;
    const asset = mirror.assets.find((candidate) => candidate.name.endsWith("_linux_amd64.tar.gz"))!;
    asset.name = asset.name.replace(".tar.gz", ".zip").replace("linux_amd64", "linux_x86_64");
    const result = await world.k3dx(["plugin", "install", "--locked"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "k3dx: acme/k3d-mirror: release acme/k3d-mirror@v1.0.0 now offers k3d-mirror_1.0.0_linux_x86_64.zip for linux/amd64, not k3d-mirror_1.0.0_linux_amd64.tar.gz as locked; nothing was installed\n",
    );
    expect(world.server.downloadHostRequests.some((request) => request.path.includes("x86_64"))).toBe(false);
    expect(installedNames()).toEqual([]);
  });

  test("a local plugin changed since it was locked fails, naming the way to lock the change", async () => {
    await lockedProject();
    writeFileSync(join(world.proj, "tools", "k3d-hello", "k3d-hello"), "#!/bin/sh\necho edited\n");
    const result = await world.k3dx(["plugin", "install", "--locked"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/k3dx: \.\/tools\/k3d-hello: checksum mismatch for folder \.\/tools\/k3d-hello: expected [0-9a-f]{64} \(k3d-plugins\.lock; if the change is meant, 'k3d plugin lock' records it\)/);
    expect(installedNames()).toEqual([]);
  });

  test("a placement that fails rolls back the plugins placed before it: files and hook links", async () => {
    world = createProjectWorld([]);
    // Two folders whose plugin.yaml both say `name: hello`: the second collides with the first only when placed.
    const first = projectTool(world, "hello", ["pre-cluster-create"]);
    localSource(world.box, "../proj/tools/k3d-hello2", "hello", { yaml: metadataYaml("hello", "0.2.0", ["post-cluster-create"]) });
    world.writeFile(`plugins:\n  - source: ${first}\n  - source: ./tools/k3d-hello2\n`);
    expect((await world.k3dx(["plugin", "lock"])).code).toBe(0);
    const before = treeSnapshot(world.box.k3dxHome);
    const result = await world.k3dx(["plugin", "install", "--locked"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("k3dx: ./tools/k3d-hello2: hello is already installed in ");
    expect(result.stderr).toContain("k3dx: --locked: nothing was installed");
    expect(treeSnapshot(world.box.k3dxHome)).toEqual(before);
    // Each for itself, the first stays.
    const loose = await world.k3dx(["plugin", "install"]);
    expect(loose.code).toBe(1);
    expect(installedNames()).toEqual(["local/hello"]);
  });

  test("a plugin added to the file but not locked: one line, nothing installed, nothing fetched", async () => {
    await lockedProject();
    writeFileSync(join(world.proj, "k3d-plugins.yaml"), readFileSync(join(world.proj, "k3d-plugins.yaml"), "utf8") + "  - source: acme/k3d-extra\n");
    const requests = world.requestCount();
    const result = await world.k3dx(["plugin", "install", "--locked"]);
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr: `k3dx: --locked: k3d-plugins.lock does not match ${join(world.proj, "k3d-plugins.yaml")}: acme/k3d-extra is in k3d-plugins.yaml but not in k3d-plugins.lock; run 'k3d plugin lock' and commit the lock; nothing was installed\n`,
    });
    expect(world.requestCount()).toBe(requests);
    expect(installedNames()).toEqual([]);
  });

  test("a plugin removed from the file but still locked is a difference too", async () => {
    await lockedProject();
    world.writeFile("plugins:\n  - source: acme/k3d-mirror\n");
    const result = await world.k3dx(["plugin", "install", "--locked"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("k3dx: --locked: k3d-plugins.lock does not match");
    expect(result.stderr).toContain("  ./tools/k3d-hello is in k3d-plugins.lock but no longer in k3d-plugins.yaml\n");
    expect(result.stderr).toContain("  acme/k3d-dns@v1.2.0 (name: dns) is in k3d-plugins.lock but no longer in k3d-plugins.yaml\n");
    expect(installedNames()).toEqual([]);
  });

  test("a platform the lock has no asset for fails before anything is fetched", async () => {
    await lockedProject();
    const requests = world.requestCount();
    const result = await world.k3dx(["plugin", "install", "--locked"], { K3DX_OS: "windows" });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "k3dx: --locked: k3d-plugins.lock cannot be installed here: acme/k3d-dns@v1.2.0: k3d-plugins.lock has no asset of v1.2.0 for windows-amd64 (the release had none when it was locked); nothing was installed\n",
    );
    expect(world.requestCount()).toBe(requests);
    const elsewhere = await world.k3dx(["plugin", "install", "--locked"], { K3DX_OS: "freebsd" });
    expect(elsewhere.stderr).toContain("k3d-plugins.lock locks the platforms k3dx is released for, and freebsd/amd64 is not one of them");
  });

  test("without a lock: one line saying how to make one", async () => {
    threePluginProject();
    const result = await world.k3dx(["plugin", "install", "--locked"]);
    expect(result).toEqual({ code: 1, stdout: "", stderr: `k3dx: --locked: there is no k3d-plugins.lock beside ${join(world.proj, "k3d-plugins.yaml")}; run 'k3d plugin lock' and commit it\n` });
  });

  test("CI=true implies --locked when a lock exists; --no-locked says otherwise", async () => {
    await lockedProject();
    world.writeFile(readFileSync(join(world.proj, "k3d-plugins.yaml"), "utf8") + "  - source: acme/k3d-extra\n");
    const ci = await world.k3dx(["plugin", "install"], { CI: "true" });
    expect(ci.code).toBe(1);
    expect(ci.stderr).toContain("k3dx: --locked: k3d-plugins.lock does not match");
    const notLocked = await world.k3dx(["plugin", "install", "--no-locked"], { CI: "true" });
    expect(notLocked.stderr).not.toContain("--locked");
    expect(notLocked.stderr).toContain("k3dx: acme/k3d-extra: release not found");
  });

  test("--no-locked is in install's help; --locked with --no-locked is bad usage, whatever their order", async () => {
    await lockedProject();
    const help = await world.k3dx(["plugin", "install", "--help"]);
    expect(help.stdout).toMatch(/--no-locked\s+Install k3d-plugins\.yaml and bring the lock to it, even when CI=true/);
    for (const flags of [["--locked", "--no-locked"], ["--no-locked", "--locked"]]) {
      const both = await world.k3dx(["plugin", "install", ...flags]);
      expect(both).toEqual({
        code: 2,
        stdout: "",
        stderr: "k3dx: --locked and --no-locked contradict each other; give one. Run 'k3d plugin install --help' for usage.\n",
      });
    }
  });

  test("CI=true without a lock installs and writes one", async () => {
    threePluginProject();
    const result = await world.k3dx(["plugin", "install"], { CI: "true" });
    expect(result.code).toBe(0);
    expect(existsSync(world.lockPath)).toBe(true);
  });
});

describe("drift", () => {
  test("a plugin removed from the file shows as drift in list and doctor", async () => {
    threePluginProject();
    await world.k3dx(["plugin", "install"]);
    world.writeFile("plugins:\n  - source: acme/k3d-mirror\n  - source: acme/k3d-dns@v1.2.0\n    name: dns\n");
    const list = await world.k3dx(["plugin", "list"]);
    expect(list.code).toBe(0);
    const file = join(world.proj, "k3d-plugins.yaml");
    expect(list.stdout).toEndWith(
      `\nProject ${file}: 2 plugins, drift:\n` +
        "  ./tools/k3d-hello is in k3d-plugins.lock but no longer in k3d-plugins.yaml: run 'k3d plugin lock' (hello is still installed: 'k3d plugin remove hello' if no project needs it)\n",
    );
    const doctor = await world.k3dx(["plugin", "doctor"]);
    expect(doctor.stdout).toContain(`warning  ${file}: ./tools/k3d-hello is in k3d-plugins.lock but no longer in k3d-plugins.yaml`);
  });

  test("in the file but not installed, not locked, or installed from another source", async () => {
    world = createProjectWorld([platformRelease("acme", "mirror", "v1.0.0"), platformRelease("acme", "mirror", "v0.9.0")]);
    world.writeFile("plugins:\n  - source: acme/k3d-mirror\n");
    await world.k3dx(["plugin", "install"]);
    await world.k3dx(["plugin", "install", "--force", "acme/k3d-mirror@v0.9.0"]);
    world.writeFile("plugins:\n  - source: acme/k3d-mirror\n  - source: acme/k3d-dns\n");
    const list = await world.k3dx(["plugin", "list"]);
    expect(list.stdout).toContain("  acme/k3d-mirror: mirror is installed from acme/k3d-mirror@v0.9.0 instead: run 'k3d plugin install' to match the lock\n");
    expect(list.stdout).toContain("  acme/k3d-dns is in k3d-plugins.yaml but not installed: run 'k3d plugin install'\n");
    expect(list.stdout).toContain("  acme/k3d-dns is in k3d-plugins.yaml but not in k3d-plugins.lock: run 'k3d plugin lock'\n");
  });

  test("list -o json stays the array scripts read; outside a project nothing is added", async () => {
    threePluginProject();
    await world.k3dx(["plugin", "install"]);
    world.writeFile("plugins: []\n");
    const json = await world.k3dx(["plugin", "list", "-o", "json"]);
    expect(JSON.parse(json.stdout)).toHaveLength(3);
    const outside = await world.k3dx(["plugin", "list"], {}, world.box.root);
    expect(outside.stdout).not.toContain("Project");
  });

  test("a project file that cannot be read: list warns and still lists, doctor reports a problem", async () => {
    world = createProjectWorld([]);
    world.writeFile("plugins:\n  - source: acme/k3d-mirror\n    version: 2\n");
    const list = await world.k3dx(["plugin", "list"]);
    expect(list.code).toBe(0);
    expect(list.stdout).toStartWith("No plugins installed.");
    expect(list.stderr).toContain("k3dx: warning: ");
    expect(list.stderr).toContain("plugins[0].version: is not a known field");
    const doctor = await world.k3dx(["plugin", "doctor"]);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/problem  .*k3d-plugins\.yaml:3:\d+: plugins\[0\]\.version: is not a known field/);
  });
});
