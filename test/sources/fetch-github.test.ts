import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { K3dxError } from "../../src/errors.ts";
import { fetchPlugin, latestReleaseTag, type FetchOptions } from "../../src/sources/fetch-plugin.ts";
import { parseSource } from "../../src/sources/parse-source.ts";
import { SHELL_PLUGIN, buildTarGz, buildZip, fakeProgram, listTree } from "../archive/archive-builders.ts";
import { startGithubServer, type FixtureAsset, type FixtureRelease, type GithubServer } from "../fixtures/github-server.ts";

const sha256 = (bytes: Uint8Array | string) => new Bun.CryptoHasher("sha256").update(bytes).digest("hex");
const pluginTarGz = buildTarGz([{ name: "mirror/k3d-mirror", data: SHELL_PLUGIN, mode: 0o755 }, { name: "mirror/plugin.yaml", data: "name: mirror\n" }]);
const pluginZip = buildZip([{ name: "k3d-mirror", data: SHELL_PLUGIN, mode: 0o755 }]);
const program = fakeProgram("mirror");

/** Every naming style from the issue, in one release, with a goreleaser checksum list. */
const styles: FixtureAsset[] = [
  { name: "mirror_linux_amd64.tar.gz", body: pluginTarGz },
  { name: "k3d-mirror-darwin-arm64.zip", body: pluginZip },
  { name: "k3d-mirror-linux-x86_64", body: program },
  { name: "k3d-mirror-windows-amd64.exe", body: new Uint8Array([0x4d, 0x5a, 1, 2, 3]) },
];
const v1: FixtureRelease = {
  owner: "acme",
  repo: "k3d-mirror",
  tag: "v1.0.0",
  assets: [...styles, { name: "mirror_1.0.0_checksums.txt", body: styles.map((asset) => `${sha256(asset.body)}  ${asset.name}\n`).join("") }],
};
const v2: FixtureRelease = { owner: "acme", repo: "k3d-mirror", tag: "v2.0.0", assets: [{ name: "mirror_linux_amd64.tar.gz", body: pluginTarGz }] };
const unverified: FixtureRelease = { owner: "acme", repo: "bare", tag: "v1", assets: [{ name: "bare_linux_amd64.tar.gz", body: pluginTarGz }] };

let server: GithubServer;
let root: string;
let into: string;

beforeAll(() => {
  server = startGithubServer({ releases: [v1, v2, unverified] });
});
afterAll(() => server.stop());
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "k3dx-fetch-"));
  into = join(root, "into");
  server.requests.length = 0;
  server.downloadHostRequests.length = 0;
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
  for (const target of ["api", ...v1.assets.map((asset) => asset.name)]) server.fault(target, undefined);
});

function options(env: Record<string, string> = {}, extra: Partial<FetchOptions> = {}): FetchOptions {
  return { env: { K3DX_GITHUB_API: server.apiUrl, K3DX_OS: "linux", K3DX_ARCH: "amd64", K3DX_RETRIES: "0", ...env }, progress: false, ...extra };
}

const fetchFrom = (text: string, opts = options()) => fetchPlugin(parseSource(text, root), into, opts);

async function failure(text: string, opts = options()): Promise<string> {
  try {
    await fetchFrom(text, opts);
  } catch (error) {
    expect(error).toBeInstanceOf(K3dxError);
    expect(listTree(root)).toEqual(["into/"]);
    return (error as Error).message;
  }
  throw new Error(`fetching ${text} should have failed`);
}

describe("each archive kind and naming style", () => {
  test("_linux_amd64.tar.gz", async () => {
    const fetched = await fetchFrom("acme/k3d-mirror@v1.0.0");
    expect(fetched).toEqual({
      dir: join(into, "plugin"),
      sha256: sha256(pluginTarGz),
      assetUrl: server.assetUrl(v1, "mirror_linux_amd64.tar.gz"),
      tag: "v1.0.0",
      defaultName: "mirror",
    });
    expect(listTree(root)).toEqual(["into/", "into/plugin/", "into/plugin/mirror/", "into/plugin/mirror/k3d-mirror", "into/plugin/mirror/plugin.yaml"]);
    expect(statSync(join(fetched.dir, "mirror/k3d-mirror")).mode & 0o777).toBe(0o755);
  });

  test("-darwin-arm64.zip (K3DX_OS / K3DX_ARCH choose the platform)", async () => {
    const fetched = await fetchFrom("acme/k3d-mirror@v1.0.0", options({ K3DX_OS: "macos", K3DX_ARCH: "aarch64" }));
    expect(fetched.sha256).toBe(sha256(pluginZip));
    expect(listTree(fetched.dir)).toEqual(["k3d-mirror"]);
    expect(statSync(join(fetched.dir, "k3d-mirror")).mode & 0o777).toBe(0o755);
  });

  test("-linux-x86_64: a bare executable becomes k3d-<name>, mode 0755", async () => {
    server.releases.push({ owner: "acme", repo: "k3d-bare", tag: "v1", assets: [{ name: "k3d-mirror-linux-x86_64", body: program }] });
    try {
      const fetched = await fetchFrom("acme/k3d-bare@v1");
      expect(listTree(fetched.dir)).toEqual(["k3d-bare"]);
      expect(statSync(join(fetched.dir, "k3d-bare")).mode & 0o777).toBe(0o755);
      expect(new Uint8Array(readFileSync(join(fetched.dir, "k3d-bare")))).toEqual(program);
    } finally {
      server.releases.pop();
    }
  });

  test("-windows-amd64.exe keeps its extension", async () => {
    const fetched = await fetchFrom("acme/k3d-mirror@v1.0.0", options({ K3DX_OS: "windows" }));
    expect(listTree(fetched.dir)).toEqual(["k3d-mirror.exe"]);
  });

  test("without a tag: the latest release; latestReleaseTag reads it without downloading", async () => {
    expect((await fetchFrom("acme/k3d-mirror")).tag).toBe("v2.0.0");
    server.requests.length = 0;
    server.downloadHostRequests.length = 0;
    expect(await latestReleaseTag("acme", "k3d-mirror", options().env)).toBe("v2.0.0");
    expect(server.requests.map((request) => request.path)).toEqual(["/repos/acme/k3d-mirror/releases/latest"]);
    expect(server.downloadHostRequests).toEqual([]);
  });
});

describe("the token", () => {
  test("goes to the API host, with GitHub's headers, and never to the download host", async () => {
    await fetchFrom("acme/k3d-mirror@v1.0.0", options({ GITHUB_TOKEN: "ghp_secret" }));
    expect(server.requests.length).toBe(3); // release, checksum list, asset
    for (const request of server.requests) {
      expect(request.authorization).toBe("Bearer ghp_secret");
      expect(request.userAgent).toMatch(/^k3dx\/\d+\.\d+\.\d+/);
    }
    expect(server.requests[0]!.accept).toBe("application/vnd.github+json");
    expect(server.requests.slice(1).map((request) => request.accept)).toEqual(["application/octet-stream", "application/octet-stream"]);
    expect(server.downloadHostRequests.length).toBe(2);
    expect(server.downloadHostRequests.map((request) => request.authorization)).toEqual([null, null]);
  });

  test("GH_TOKEN works too; with neither, nothing is sent", async () => {
    await fetchFrom("acme/k3d-mirror@v1.0.0", options({ GH_TOKEN: "gho_other" }));
    expect(server.requests[0]!.authorization).toBe("Bearer gho_other");
    server.requests.length = 0;
    await fetchFrom("acme/k3d-mirror@v1.0.0");
    expect(server.requests.every((request) => request.authorization === null)).toBe(true);
  });
});

describe("verifying", () => {
  test("a download that does not match the release's checksums installs nothing", async () => {
    const original = v1.assets[0]!.body;
    v1.assets[0]!.body = buildTarGz([{ name: "k3d-mirror", data: "#!/bin/sh\necho evil\n", mode: 0o755 }]);
    try {
      expect(await failure("acme/k3d-mirror@v1.0.0")).toBe(
        `checksum mismatch for mirror_linux_amd64.tar.gz: expected ${sha256(original)} (mirror_1.0.0_checksums.txt), got ${sha256(v1.assets[0]!.body)}; nothing was installed`,
      );
    } finally {
      v1.assets[0]!.body = original;
    }
  });

  test("--sha256 pins the digest: the right one passes, a wrong one fails", async () => {
    expect((await fetchFrom("acme/bare@v1", options({}, { sha256: sha256(pluginTarGz).toUpperCase() }))).sha256).toBe(sha256(pluginTarGz));
    rmSync(into, { recursive: true });
    expect(await failure("acme/bare@v1", options({}, { sha256: "0".repeat(64) }))).toBe(
      `checksum mismatch for bare_linux_amd64.tar.gz: expected ${"0".repeat(64)} (--sha256), got ${sha256(pluginTarGz)}; nothing was installed`,
    );
  });

  test("a checksum file that does not list the asset fails before the download", async () => {
    server.releases.push({ owner: "acme", repo: "partial", tag: "v1", assets: [
      { name: "partial_linux_amd64.tar.gz", body: pluginTarGz },
      { name: "checksums.txt", body: `${sha256("x")}  partial_darwin_arm64.tar.gz\n` },
    ] });
    try {
      expect(await failure("acme/partial@v1")).toBe(
        "checksums.txt does not list partial_linux_amd64.tar.gz, so the download cannot be verified; nothing was installed (the release is incomplete: tell its author)",
      );
      expect(server.downloadHostRequests.map((request) => request.path)).toEqual(["/acme/partial/releases/download/v1/checksums.txt"]);
    } finally {
      server.releases.pop();
    }
  });

  test("a second checksum file that vouches for a swapped asset does not outvote the first: nothing is downloaded", async () => {
    const evil = buildTarGz([{ name: "k3d-swap", data: "#!/bin/sh\necho evil\n", mode: 0o755 }]);
    server.releases.push({ owner: "acme", repo: "swap", tag: "v1", assets: [
      { name: "swap_linux_amd64.tar.gz", body: evil },
      { name: "a_checksums.txt", body: `${sha256(evil)}  swap_linux_amd64.tar.gz\n` },
      { name: "checksums.txt", body: `${sha256(pluginTarGz)}  swap_linux_amd64.tar.gz\n` },
    ] });
    try {
      expect(await failure("acme/swap@v1")).toBe(
        `the release's checksum files disagree about swap_linux_amd64.tar.gz: a_checksums.txt gives ${sha256(evil)}, checksums.txt gives ${sha256(pluginTarGz)}; nothing was installed`,
      );
      expect(server.downloadHostRequests.map((request) => request.path).sort()).toEqual(["/acme/swap/releases/download/v1/a_checksums.txt", "/acme/swap/releases/download/v1/checksums.txt"]);
    } finally {
      server.releases.pop();
    }
  });

  test("<asset>.sha256 holding a bare digest is used", async () => {
    server.releases.push({ owner: "acme", repo: "own", tag: "v1", assets: [
      { name: "own_linux_amd64.tar.gz", body: pluginTarGz },
      { name: "own_linux_amd64.tar.gz.sha256", body: `${"f".repeat(64)}\n` },
    ] });
    try {
      expect(await failure("acme/own@v1")).toStartWith(`checksum mismatch for own_linux_amd64.tar.gz: expected ${"f".repeat(64)} (own_linux_amd64.tar.gz.sha256)`);
    } finally {
      server.releases.pop();
    }
  });
});

describe("what goes wrong on the way", () => {
  test("404: the release is not there", async () => {
    expect(await failure("acme/k3d-mirror@v9")).toBe("release not found: acme/k3d-mirror@v9 (does the repo publish releases? If it is private, set GITHUB_TOKEN)");
    expect(await failure("acme/nothing")).toStartWith("release not found: acme/nothing (does the repo publish releases?");
  });

  test("403 with the rate limit exhausted: says so, and what to do", async () => {
    server.fault("api", { type: "rate-limit" });
    expect(await failure("acme/k3d-mirror")).toMatch(
      /^cannot fetch release acme\/k3d-mirror: GitHub API rate limit reached \(HTTP 403, it resets at \d\d:\d\d UTC\); set GITHUB_TOKEN \(or GH_TOKEN\) to a GitHub token for a much higher limit$/,
    );
    expect(await failure("acme/k3d-mirror", options({ GITHUB_TOKEN: "t" }))).toMatch(/the token in GITHUB_TOKEN has used up its quota; wait for the reset$/);
  });

  test("429 without a short Retry-After: a rate limit too", async () => {
    server.fault("api", { type: "too-many-requests", retryAfter: 3600 });
    expect(await failure("acme/k3d-mirror", options({ K3DX_RETRIES: "3" }))).toMatch(/GitHub API rate limit reached \(HTTP 429\); set GITHUB_TOKEN/);
    expect(server.requests.length).toBe(1);
  });

  test("500 then OK: retried, and the install goes through", async () => {
    server.fault("api", { type: "server-error", times: 1 });
    server.fault("mirror_linux_amd64.tar.gz", { type: "server-error", times: 2 });
    const fetched = await fetchFrom("acme/k3d-mirror@v1.0.0", options({ K3DX_RETRIES: "3" }));
    expect(fetched.sha256).toBe(sha256(pluginTarGz));
    expect(server.requests.filter((request) => request.path.endsWith("/tags/v1.0.0")).length).toBe(2);
  });

  test("a truncated body: cut short, nothing installed", async () => {
    server.fault("mirror_linux_amd64.tar.gz", { type: "truncate", bytes: 100 });
    expect(await failure("acme/k3d-mirror@v1.0.0")).toMatch(
      new RegExp(`^download of mirror_linux_amd64\\.tar\\.gz from release acme/k3d-mirror@v1\\.0\\.0 failed: the connection closed after \\d+ of ${pluginTarGz.length} bytes; try again$`),
    );
  });

  test("a stalled body: given up after K3DX_STALL_TIMEOUT", async () => {
    server.fault("mirror_linux_amd64.tar.gz", { type: "stall", bytes: 100 });
    expect(await failure("acme/k3d-mirror@v1.0.0", options({ K3DX_STALL_TIMEOUT: "0.3" }))).toBe(
      "download of mirror_linux_amd64.tar.gz from release acme/k3d-mirror@v1.0.0 failed: no data for 0.3 s; try again, or set K3DX_STALL_TIMEOUT to wait longer",
    );
  });

  test("network down: the API host does not answer", async () => {
    const closed = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
    const port = closed.port;
    await closed.stop(true);
    expect(await failure("acme/k3d-mirror", options({ K3DX_GITHUB_API: `http://127.0.0.1:${port}` }))).toBe(
      `cannot fetch release acme/k3d-mirror: connection refused by 127.0.0.1:${port}; check your network connection, and K3DX_GITHUB_API (http://127.0.0.1:${port})`,
    );
  });

  test("no asset for the platform lists what the release has", async () => {
    expect(await failure("acme/bare@v1", options({ K3DX_OS: "darwin" }))).toBe(
      "no asset of release acme/bare@v1 is for darwin/amd64 (K3DX_OS/K3DX_ARCH choose another platform); its assets: bare_linux_amd64.tar.gz",
    );
  });

  test("a hostile archive in a verified release: refused, nothing outside into", async () => {
    const evil = buildTarGz([{ name: "../../../../escaped", data: "x" }]);
    server.releases.push({ owner: "acme", repo: "evil", tag: "v1", assets: [{ name: "evil_linux_amd64.tar.gz", body: evil }, { name: "checksums.txt", body: `${sha256(evil)}  evil_linux_amd64.tar.gz\n` }] });
    try {
      expect(await failure("acme/evil@v1")).toBe(
        'cannot unpack evil_linux_amd64.tar.gz: entry "../../../../escaped" climbs out of the plugin folder with ".."; nothing was installed',
      );
    } finally {
      server.releases.pop();
    }
  });
});
