import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { K3dxError } from "../../src/errors.ts";
import { fileNameOfUrl } from "../../src/sources/url-source.ts";
import { fetchPlugin } from "../../src/sources/fetch-plugin.ts";
import { parseSource } from "../../src/sources/parse-source.ts";
import { SHELL_PLUGIN, buildTarGz, fakeProgram, listTree } from "../archive/archive-builders.ts";
import { startGithubServer, type FixtureRelease, type GithubServer } from "../fixtures/github-server.ts";

const sha256 = (bytes: Uint8Array) => new Bun.CryptoHasher("sha256").update(bytes).digest("hex");
const archive = buildTarGz([{ name: "k3d-mirror", data: SHELL_PLUGIN, mode: 0o755 }]);
const release: FixtureRelease = { owner: "acme", repo: "k3d-mirror", tag: "v1", assets: [
  { name: "mirror_linux_amd64.tar.gz", body: archive },
  { name: "k3d-mirror-linux-amd64", body: fakeProgram() },
  { name: "page", body: "<html>Sign in</html>" },
] };
let server: GithubServer;
let root: string;
const env = { GITHUB_TOKEN: "ghp_secret", K3DX_RETRIES: "0" };

beforeAll(() => {
  server = startGithubServer({ releases: [release] });
});
afterAll(() => server.stop());
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "k3dx-url-"));
  server.downloadHostRequests.length = 0;
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const fetchUrl = (url: string, sha?: string) => fetchPlugin(parseSource(url, root), join(root, "into"), { env, progress: false, sha256: sha });

test("an archive at a URL: unpacked, named after the file, never sent a token", async () => {
  const url = server.assetUrl(release, "mirror_linux_amd64.tar.gz");
  const fetched = await fetchUrl(url);
  expect(fetched).toEqual({ dir: join(root, "into", "plugin"), sha256: sha256(archive), assetUrl: url, defaultName: "mirror" });
  expect(listTree(fetched.dir)).toEqual(["k3d-mirror"]);
  expect(server.downloadHostRequests.map((request) => request.authorization)).toEqual([null]);
});

test("a bare executable at a URL", async () => {
  const fetched = await fetchUrl(server.assetUrl(release, "k3d-mirror-linux-amd64"));
  expect(listTree(fetched.dir)).toEqual(["k3d-mirror"]);
});

test("--sha256 is the only check a URL gets, and it holds", async () => {
  const url = server.assetUrl(release, "mirror_linux_amd64.tar.gz");
  await expect(fetchUrl(url, "1".repeat(64))).rejects.toThrow(`checksum mismatch for mirror_linux_amd64.tar.gz: expected ${"1".repeat(64)} (--sha256), got ${sha256(archive)}; nothing was installed`);
  expect(listTree(root)).toEqual(["into/"]);
});

test("an HTML page served with 200 is not installed", async () => {
  await expect(fetchUrl(server.assetUrl(release, "page"))).rejects.toThrow("cannot unpack page: it is neither an archive nor a program");
  expect(listTree(root)).toEqual(["into/"]);
});

test("a 404 names the URL and the status", async () => {
  const url = `${server.downloadUrl}/missing.tar.gz`;
  const error = await fetchUrl(url).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(K3dxError);
  expect((error as Error).message).toBe(`download of ${url} failed: HTTP 404 from ${new URL(url).host}`);
});

test("the file name of a URL", () => {
  expect(fileNameOfUrl("https://example.com/dl/v1/mirror_linux_amd64.tar.gz?sig=abc")).toBe("mirror_linux_amd64.tar.gz");
  expect(fileNameOfUrl("https://example.com/dl/k3d%20mirror")).toBe("k3d mirror");
  expect(fileNameOfUrl("https://example.com/")).toBe("download");
  expect(fileNameOfUrl("https://example.com/a%2F..%2Fb")).toBe("download");
  // It is shown on the progress line and in messages: nothing that acts on a terminal.
  for (const hostile of ["x%1B%5B2J.tar.gz", "x%0A.tar.gz", "x%C2%9B.tar.gz", "x%E2%80%AEzg.rat"]) {
    expect(fileNameOfUrl(`https://example.com/dl/${hostile}`)).toBe("download");
  }
});
