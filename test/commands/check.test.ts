/**
 * Black-box: `k3d plugin check SOURCE [-o text|json]` against the GitHub-shaped server —
 * every release platform, missing assets, checksums that would stop an install, bad
 * metadata — and for paths; never installing, never running what it downloads.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { startGithubServer, type GithubServer } from "../fixtures/github-server.ts";
import { createSandbox, K3DX_BINARY, runK3dx, type Sandbox } from "../helpers/sandbox.ts";
import { localSource, metadataYaml } from "./plugin-sources.ts";
import { buildTarGz } from "../archive/archive-builders.ts";
import { platformRelease } from "./release-fixtures.ts";

let box: Sandbox;
let server: GithubServer;
beforeEach(() => {
  box = createSandbox();
  server = startGithubServer({ releases: [] });
  Object.assign(box.env, { K3DX_GITHUB_API: server.apiUrl, K3DX_OS: "linux", K3DX_ARCH: "amd64", K3DX_RETRIES: "0" });
});
afterEach(async () => {
  await server.stop();
  box.cleanup();
});

const yaml = metadataYaml("mirror", "1.2.0", ["pre-cluster-create"]);
const EVERY_PLATFORM = [
  "k3d-mirror_1.2.0_darwin_amd64.tar.gz",
  "k3d-mirror_1.2.0_darwin_arm64.tar.gz",
  "k3d-mirror_1.2.0_linux_amd64.tar.gz",
  "k3d-mirror_1.2.0_linux_amd64_musl.tar.gz",
  "k3d-mirror_1.2.0_linux_arm64.tar.gz",
  "k3d-mirror_1.2.0_linux_arm64_musl.tar.gz",
  "k3d-mirror_1.2.0_windows_amd64.zip",
];
const check = (...args: string[]) => runK3dx(box, ["plugin", "check", ...args]);
const json = async (...args: string[]) => {
  const result = await check(...args, "-o", "json");
  return { ...result, report: JSON.parse(result.stdout) as Record<string, any> };
};
const storeIsEmpty = () => readdirSync(box.k3dxHome).length === 0;
const scratchIsGone = () => readdirSync(box.env.TMPDIR!).length === 0;

describe("a release", () => {
  test("on every release platform: the asset, the checksum file that vouches for it, and the metadata of this machine's asset", async () => {
    server.releases.push(platformRelease("acme", "k3d-mirror", "v1.2.0", EVERY_PLATFORM, { yaml }));
    const result = await check("acme/k3d-mirror");
    expect(result).toEqual({
      code: 0,
      stderr: "",
      stdout: [
        "release acme/k3d-mirror@v1.2.0 (8 assets)",
        "",
        "PLATFORM          ASSET                                     CHECKSUM",
        "darwin-amd64      k3d-mirror_1.2.0_darwin_amd64.tar.gz      checksums.txt",
        "darwin-arm64      k3d-mirror_1.2.0_darwin_arm64.tar.gz      checksums.txt",
        "linux-amd64       k3d-mirror_1.2.0_linux_amd64.tar.gz       checksums.txt",
        "linux-amd64-musl  k3d-mirror_1.2.0_linux_amd64_musl.tar.gz  checksums.txt",
        "linux-arm64       k3d-mirror_1.2.0_linux_arm64.tar.gz       checksums.txt",
        "linux-arm64-musl  k3d-mirror_1.2.0_linux_arm64_musl.tar.gz  checksums.txt",
        "windows-amd64     k3d-mirror_1.2.0_windows_amd64.zip        checksums.txt",
        "",
        "plugin.yaml of k3d-mirror_1.2.0_linux_amd64.tar.gz (the linux-amd64 asset, its SHA-256 as checksums.txt gives it): valid",
        "  name:        mirror",
        "  version:     1.2.0",
        "  description: mirror for tests",
        "  command:     k3d mirror",
        "  hooks:       pre-cluster-create",
        "  executable:  k3d-mirror",
        "",
        "ok: k3d plugin install acme/k3d-mirror would install mirror 1.2.0 on all 7 release platforms",
        "",
      ].join("\n"),
    });
    // The release, checksums.txt and one asset: nothing else was downloaded, nothing installed.
    expect(server.downloadHostRequests.map((request) => decodeURIComponent(request.path.split("/").at(-1)!))).toEqual(["checksums.txt", "k3d-mirror_1.2.0_linux_amd64.tar.gz"]);
    expect(storeIsEmpty()).toBe(true);
    expect(scratchIsGone()).toBe(true);
  });

  test("-o json: the same, for CI", async () => {
    const release = platformRelease("acme", "k3d-mirror", "v1.2.0", EVERY_PLATFORM, { yaml });
    server.releases.push(release);
    const { code, report } = await json("acme/k3d-mirror@v1.2.0");
    expect(code).toBe(0);
    expect(report).toMatchObject({ source: "acme/k3d-mirror@v1.2.0", kind: "github", ok: true, problems: [], warnings: [] });
    expect(report.release).toEqual({ repository: "acme/k3d-mirror", tag: "v1.2.0", assets: [...EVERY_PLATFORM, "checksums.txt"] });
    const sums = new Map(String(release.assets.at(-1)!.body).trim().split("\n").map((line) => line.split("  ").reverse() as [string, string]));
    expect(report.platforms[3]).toEqual({
      platform: "linux-amd64-musl",
      os: "linux",
      arch: "amd64",
      libc: "musl",
      asset: "k3d-mirror_1.2.0_linux_amd64_musl.tar.gz",
      problem: null,
      note: null,
      sha256: sums.get("k3d-mirror_1.2.0_linux_amd64_musl.tar.gz"),
      checksumFrom: "checksums.txt",
      checksumProblem: null,
    });
    expect(report.metadata).toMatchObject({ platform: "linux-amd64", kind: "plugin.yaml", executable: "k3d-mirror", verifiedBy: "checksums.txt", problem: null });
    expect(report.metadata.metadata).toEqual({ name: "mirror", version: "1.2.0", description: "mirror for tests", command: "mirror", hooks: [{ event: "pre-cluster-create", onError: "fail" }] });
  });

  test("K3DX_OS/K3DX_ARCH choose whose asset the metadata is read from", async () => {
    server.releases.push(platformRelease("acme", "k3d-mirror", "v1.2.0", EVERY_PLATFORM, { yaml }));
    const result = await runK3dx(box, ["plugin", "check", "acme/k3d-mirror", "-o", "json"], { env: { K3DX_OS: "darwin", K3DX_ARCH: "arm64" } });
    expect(JSON.parse(result.stdout).metadata).toMatchObject({ from: "k3d-mirror_1.2.0_darwin_arm64.tar.gz", platform: "darwin-arm64" });
  });

  test("missing assets: each platform says why, with the release's assets; Apple silicon falls back to Rosetta 2", async () => {
    server.releases.push(platformRelease("acme", "k3d-mirror", "v1.0.0", ["mirror_darwin_amd64.tar.gz", "mirror_linux_amd64.tar.gz", "mirror_linux_arm.tar.gz"], { yaml }));
    const result = await check("acme/k3d-mirror");
    expect(result.code).toBe(1);
    const assets = "its assets: mirror_darwin_amd64.tar.gz, mirror_linux_amd64.tar.gz, mirror_linux_arm.tar.gz, checksums.txt";
    expect(result.stdout).toContain(
      [
        "PLATFORM          ASSET                       CHECKSUM",
        "darwin-amd64      mirror_darwin_amd64.tar.gz  checksums.txt",
        "darwin-arm64      mirror_darwin_amd64.tar.gz  checksums.txt",
        '  note: release acme/k3d-mirror@v1.0.0 has no build for darwin/arm64: mirror_darwin_amd64.tar.gz is for darwin/amd64 and runs under Rosetta 2 (if macOS says "bad CPU type", install it with: softwareupdate --install-rosetta)',
        "linux-amd64       mirror_linux_amd64.tar.gz   checksums.txt",
        "linux-amd64-musl  mirror_linux_amd64.tar.gz   checksums.txt",
        "linux-arm64       -                           -",
        `  problem: no asset of release acme/k3d-mirror@v1.0.0 is for linux/arm64 (K3DX_OS/K3DX_ARCH choose another platform); ${assets}`,
        "linux-arm64-musl  -                           -",
        `  problem: no asset of release acme/k3d-mirror@v1.0.0 is for linux/arm64 (musl) (K3DX_OS/K3DX_ARCH choose another platform); ${assets}`,
        "windows-amd64     -                           -",
        `  problem: no asset of release acme/k3d-mirror@v1.0.0 is for windows/amd64 (K3DX_OS/K3DX_ARCH choose another platform); ${assets}`,
        "",
      ].join("\n"),
    );
    expect(result.stdout).toEndWith('3 problems: install would fail where the lines above say "problem"\n');
    expect(result.stderr).toBe("k3dx: acme/k3d-mirror would not install everywhere: 3 problems (linux-arm64, linux-arm64-musl, windows-amd64)\n");
  });

  test("a checksum file that leaves an asset out is a problem on the platforms that would take it", async () => {
    server.releases.push(platformRelease("acme", "k3d-mirror", "v1.2.0", EVERY_PLATFORM, { yaml, unlisted: ["k3d-mirror_1.2.0_windows_amd64.zip"] }));
    const { code, report } = await json("acme/k3d-mirror");
    expect(code).toBe(1);
    expect(report.platforms.at(-1)).toMatchObject({ platform: "windows-amd64", asset: "k3d-mirror_1.2.0_windows_amd64.zip", sha256: null, checksumProblem: expect.stringContaining("checksums.txt does not list k3d-mirror_1.2.0_windows_amd64.zip") });
    expect(report.problems).toEqual([expect.stringContaining("windows-amd64: install would stop at the checksums: checksums.txt does not list k3d-mirror_1.2.0_windows_amd64.zip")]);
  });

  test("a release without checksums installs unverified: a warning per asset, not a failure", async () => {
    server.releases.push(platformRelease("acme", "k3d-mirror", "v1.2.0", ["mirror_linux.tar.gz", "mirror_darwin.tar.gz", "mirror_windows.zip"], { yaml, checksums: false }));
    const result = await check("acme/k3d-mirror");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("linux-arm64-musl  mirror_linux.tar.gz   none\n");
    expect(result.stdout).toContain(
      [
        "warning: no checksum file covers mirror_darwin.tar.gz: install cannot verify it (publish checksums.txt)",
        "warning: no checksum file covers mirror_linux.tar.gz: install cannot verify it (publish checksums.txt)",
        "warning: no checksum file covers mirror_windows.zip: install cannot verify it (publish checksums.txt)",
        "ok: k3d plugin install acme/k3d-mirror would install mirror 1.2.0 on all 7 release platforms",
      ].join("\n"),
    );
  });

  test("an asset whose bytes do not match its checksum is a metadata problem: it would never install", async () => {
    const release = platformRelease("acme", "k3d-mirror", "v1.2.0", EVERY_PLATFORM, { yaml });
    release.assets[2]!.body = "tampered";
    server.releases.push(release);
    const { code, report } = await json("acme/k3d-mirror");
    expect(code).toBe(1);
    expect(report.metadata.problem).toStartWith("checksum mismatch for k3d-mirror_1.2.0_linux_amd64.tar.gz: expected ");
    expect(scratchIsGone()).toBe(true);
  });
});

describe("metadata", () => {
  test("an invalid plugin.yaml: the field and the reason, exit 1", async () => {
    server.releases.push(platformRelease("acme", "k3d-mirror", "v1.2.0", EVERY_PLATFORM, { yaml: "name: mirror\nhooks:\n  - pre-cluster-creat\n" }));
    const result = await check("acme/k3d-mirror");
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("metadata of k3d-mirror_1.2.0_linux_amd64.tar.gz (the linux-amd64 asset, its SHA-256 as checksums.txt gives it):\n  problem: plugin.yaml");
    expect(result.stdout).toContain('"pre-cluster-creat" is not a lifecycle event');
    expect(result.stderr).toBe("k3dx: acme/k3d-mirror would not install everywhere: 1 problem (metadata)\n");
  });

  test("no plugin.yaml: install would ask the plugin (INFO); check says so and runs nothing it downloaded", async () => {
    const marker = join(box.root, "ran");
    // Every asset's executable would leave a mark if anything ran it.
    server.releases.push(platformRelease("acme", "k3d-mirror", "v1.2.0", EVERY_PLATFORM, { body: `touch '${marker}'; echo 'name: mirror'` }));
    const result = await check("acme/k3d-mirror");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      [
        "metadata of k3d-mirror_1.2.0_linux_amd64.tar.gz (the linux-amd64 asset, its SHA-256 as checksums.txt gives it):",
        "  no plugin.yaml: install would run `k3d-mirror metadata` (K3D_COMMAND=INFO) to ask for it;",
        "  check runs nothing it downloads, so it cannot say what the answer would be",
        "  executable:  k3d-mirror",
      ].join("\n"),
    );
    expect(existsSync(marker)).toBe(false);
  });
});

describe("files judged on every platform that takes them", () => {
  test("one platform-free archive of a shell script: Windows would find nothing to run in it", async () => {
    server.releases.push(platformRelease("acme", "k3d-dev", "v0.1.0", ["k3d-dev_0.1.0.tar.gz"], { yaml: metadataYaml("dev", "0.1.0") }));
    const { code, report } = await json("acme/k3d-dev");
    expect(code).toBe(1);
    expect(report.platforms.map((row: { platform: string; asset: string }) => `${row.platform} ${row.asset}`)).toEqual(
      ["darwin-amd64", "darwin-arm64", "linux-amd64", "linux-amd64-musl", "linux-arm64", "linux-arm64-musl", "windows-amd64"].map((id) => `${id} k3d-dev_0.1.0.tar.gz`),
    );
    expect(report.problems).toEqual([
      "windows-amd64: install would find nothing to run: Windows runs only .exe, .cmd, .bat and .ps1 files (a shell script needs a .cmd beside it that runs it with sh)",
    ]);
    expect(report.metadata).toMatchObject({ executable: "k3d-dev", windowsExecutable: null });
  });

  test("with a .cmd beside the script, Windows runs that", async () => {
    const release = platformRelease("acme", "k3d-dev", "v0.1.0", ["k3d-dev_0.1.0.tar.gz"], { checksums: false });
    release.assets[0]!.body = buildTarGz([
      { name: "k3d-dev", data: "#!/bin/sh\necho dev\n", mode: 0o755 },
      { name: "k3d-dev.cmd", data: "@sh \"%K3D_PLUGIN_DIR%\\k3d-dev\" %*\r\n" },
      { name: "plugin.yaml", data: metadataYaml("dev", "0.1.0") },
    ]);
    server.releases.push(release);
    const { code, report } = await json("acme/k3d-dev");
    expect(report.problems).toEqual([]);
    expect(code).toBe(0);
    expect(report.metadata).toMatchObject({ executable: "k3d-dev", windowsExecutable: "k3d-dev.cmd" });
  });
});

describe("a path", () => {
  test("is fetched and judged as install would, the same files for every platform", async () => {
    const source = localSource(box, "k3d-mirror", "mirror", { yaml });
    const result = await check(source);
    expect(result.code).toBe(0);
    expect(result.stdout).toStartWith(`path ${join(box.root, "src", "k3d-mirror")}: the same files on every platform\n\nplugin.yaml of `);
    expect(result.stdout).toEndWith(
      "warning: on Windows install would find nothing to run: Windows runs only .exe, .cmd, .bat and .ps1 files (a shell script needs a .cmd beside it that runs it with sh)\n" +
        `ok: k3d plugin install ${source} would install mirror 1.2.0\n`,
    );
    expect(storeIsEmpty()).toBe(true);
  });

  test("a folder whose executable cannot be told: the reason install would give", async () => {
    const source = localSource(box, "two", "mirror", { yaml, executable: "one" });
    localSource(box, "two", "mirror", { yaml, executable: "other" });
    const { code, report } = await json(source);
    expect(code).toBe(1);
    expect(report.metadata.problem).toStartWith("cannot tell which file is the plugin's executable: expected k3d-mirror, mirror, or a single executable file");
  });
});

describe("a URL", () => {
  test("is downloaded as install downloads it; with no checksum to check, the SHA-256 to pin is said", async () => {
    const release = platformRelease("acme", "k3d-mirror", "v1.2.0", ["mirror_linux_amd64.tar.gz"], { yaml, checksums: false });
    server.releases.push(release);
    const url = server.assetUrl(release, "mirror_linux_amd64.tar.gz");
    const { code, report } = await json(url);
    expect(code).toBe(0);
    const sha256 = new Bun.CryptoHasher("sha256").update(release.assets[0]!.body).digest("hex");
    expect(report).toMatchObject({ kind: "url", release: null, platforms: null, ok: true });
    expect(report.metadata).toMatchObject({ from: url, sha256, executable: "k3d-mirror" });
    expect(report.warnings.at(-1)).toBe(`a URL publishes no checksum: users can pin the download with install --sha256 ${sha256}`);
  });
});

describe("what goes wrong", () => {
  test("Ctrl-C during the download: exit 130, and the temporary folder is gone", async () => {
    server.releases.push(platformRelease("acme", "k3d-mirror", "v1.2.0", EVERY_PLATFORM, { yaml }));
    server.fault("k3d-mirror_1.2.0_linux_amd64.tar.gz", { type: "stall", bytes: 10 });
    const proc = Bun.spawn({ cmd: [K3DX_BINARY, "plugin", "check", "acme/k3d-mirror"], env: { ...box.env, K3DX_STALL_TIMEOUT: "60" }, cwd: box.root, stdout: "pipe", stderr: "pipe" });
    for (let waited = 0; !server.downloadHostRequests.some((request) => request.path.endsWith("_linux_amd64.tar.gz")); waited += 20) {
      if (waited > 10_000) throw new Error("the asset was never asked for");
      await Bun.sleep(20);
    }
    expect(readdirSync(box.env.TMPDIR!)).toHaveLength(1);
    proc.kill("SIGINT");
    expect(await proc.exited).toBe(130);
    expect(scratchIsGone()).toBe(true);
    expect(storeIsEmpty()).toBe(true);
  });

  test("GitHub's rate limit: one line, exit 1", async () => {
    server.fault("api", { type: "rate-limit" });
    const result = await check("acme/k3d-mirror");
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^k3dx: cannot fetch release acme\/k3d-mirror: GitHub API rate limit reached \(HTTP 403, it resets at \d\d:\d\d UTC\); set GITHUB_TOKEN \(or GH_TOKEN\) to a GitHub token for a much higher limit\n$/);
  });

  test("no network: one line, exit 1", async () => {
    const result = await runK3dx(box, ["plugin", "check", "acme/k3d-mirror"], { env: { K3DX_GITHUB_API: "http://127.0.0.1:9" } });
    expect(result.code).toBe(1);
    expect(result.stderr).toStartWith("k3dx: cannot fetch release acme/k3d-mirror: connection refused by 127.0.0.1:9; check your network connection");
    expect(result.stderr.split("\n")).toHaveLength(2);
  });

  test("a release that does not exist", async () => {
    const result = await check("acme/k3d-nothing@v9");
    expect(result).toMatchObject({ code: 1, stdout: "" });
    expect(result.stderr).toStartWith("k3dx: release not found: acme/k3d-nothing@v9");
  });

  test("bad usage: no source, an unknown -o, an unknown flag, a source that is no source", async () => {
    expect(await check()).toMatchObject({ code: 2, stderr: expect.stringContaining("k3dx: missing SOURCE") });
    expect(await check("acme/k3d-mirror", "-o", "yaml")).toMatchObject({ code: 2, stderr: expect.stringContaining(`k3dx: -o "yaml" is not one of text, json.`) });
    expect(await check("acme/k3d-mirror", "--force")).toMatchObject({ code: 2, stderr: "k3dx: unknown flag --force. Run 'k3d plugin check --help' for usage.\n" });
    expect(await check("mirror")).toMatchObject({ code: 2, stderr: expect.stringContaining('k3dx: cannot read the source "mirror"') });
    expect(server.requests).toEqual([]);
  });

  test("works where no real k3d is installed (an author's CI)", async () => {
    const bare = createSandbox({ withK3d: false });
    try {
      const source = localSource(bare, "k3d-mirror", "mirror", { yaml });
      const result = await runK3dx(bare, ["plugin", "check", source]);
      expect(result).toMatchObject({ code: 0, stderr: "" });
    } finally {
      bare.cleanup();
    }
  });
});
