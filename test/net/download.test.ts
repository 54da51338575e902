import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { downloadText, downloadToFile, type DownloadRequest } from "../../src/net/download.ts";
import { CutShortError, HttpStatusError, RefusedUrlError, StalledError, TooLargeError, describeNetworkError } from "../../src/net/network-errors.ts";
import { startGithubServer, type FixtureRelease, type GithubServer } from "../fixtures/github-server.ts";

const body = new Uint8Array(300_000).map((_, i) => (i * 7) % 251);
const release: FixtureRelease = { owner: "acme", repo: "k3d-mirror", tag: "v1.0.0", assets: [{ name: "mirror_linux_amd64", body }, { name: "checksums.txt", body: "x".repeat(5000) }] };
let server: GithubServer;
let dir: string;
const net = { stallMs: 2000, retries: 0, deadlineMs: 60_000 };

beforeAll(() => {
  server = startGithubServer({ releases: [release] });
});
afterAll(() => server.stop());
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "k3dx-download-"));
  server.requests.length = 0;
  server.downloadHostRequests.length = 0;
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  server.fault("mirror_linux_amd64", undefined);
});

const direct = (extra: Partial<DownloadRequest> = {}): DownloadRequest => ({ url: server.assetUrl(release, "mirror_linux_amd64"), accept: "*/*", net, ...extra });

async function failure(request: DownloadRequest): Promise<unknown> {
  try {
    await downloadToFile(request, join(dir, "file"));
  } catch (error) {
    return error;
  }
  throw new Error("the download should have failed");
}

describe("downloadToFile", () => {
  test("streams the body to the file and hashes it on the way", async () => {
    const result = await downloadToFile(direct(), join(dir, "file"));
    expect(result).toEqual({ sha256: new Bun.CryptoHasher("sha256").update(body).digest("hex"), bytes: body.length });
    expect(new Uint8Array(readFileSync(join(dir, "file")))).toEqual(body);
  });

  test("the token goes to its own origin, never to the host a redirect leads to", async () => {
    const apiAsset = `${server.apiUrl}/repos/acme/k3d-mirror/releases/assets/1`;
    await downloadToFile({ url: apiAsset, accept: "application/octet-stream", credentials: { token: "secret", origin: server.apiUrl }, net }, join(dir, "file"));
    expect(server.requests.map((r) => r.authorization)).toEqual(["Bearer secret"]);
    expect(server.downloadHostRequests.map((r) => r.authorization)).toEqual([null]);
    expect(readFileSync(join(dir, "file")).length).toBe(body.length);
  });

  test("a body shorter than its Content-Length is an error, not a smaller file", async () => {
    server.fault("mirror_linux_amd64", { type: "truncate", bytes: 1000 });
    const error = await failure(direct());
    expect(error).toBeInstanceOf(CutShortError);
    expect(describeNetworkError(error, direct().url)).toMatch(/^the connection closed after \d+ of 300000 bytes$/);
  });

  test("a body that stops coming is given up after the stall timeout", async () => {
    server.fault("mirror_linux_amd64", { type: "stall", bytes: 1000 });
    const started = performance.now();
    const error = await failure(direct({ net: { stallMs: 300, retries: 0, deadlineMs: 60_000 } }));
    expect(error).toBeInstanceOf(StalledError);
    expect((error as Error).message).toBe("no data for 0.3 s");
    expect(performance.now() - started).toBeLessThan(5000);
  });

  test("transient failures are retried from the start, and the file holds one clean copy", async () => {
    server.fault("mirror_linux_amd64", { type: "server-error", times: 2 });
    const result = await downloadToFile(direct({ net: { stallMs: 2000, retries: 3, deadlineMs: 60_000 } }), join(dir, "file"));
    expect(server.downloadHostRequests.length).toBe(3);
    expect(result.bytes).toBe(body.length);
    expect(readFileSync(join(dir, "file")).length).toBe(body.length);
  });

  test("a cut-short body is retried too", async () => {
    server.fault("mirror_linux_amd64", { type: "truncate", bytes: 10 });
    expect(await failure(direct({ net: { stallMs: 2000, retries: 1, deadlineMs: 60_000 } }))).toBeInstanceOf(CutShortError);
    expect(server.downloadHostRequests.length).toBe(2);
  });

  test("an HTTP error is kept whole for the caller to word", async () => {
    const error = await failure(direct({ url: `${server.downloadUrl}/nothing/here` }));
    expect(error).toBeInstanceOf(HttpStatusError);
    expect((error as HttpStatusError).status).toBe(404);
  });

  test("a closed port: connection refused, not retried", async () => {
    const closed = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
    const port = closed.port;
    const url = `http://127.0.0.1:${port}/x`;
    await closed.stop(true);
    const error = await failure({ url, accept: "*/*", net: { stallMs: 2000, retries: 3, deadlineMs: 60_000 } });
    expect(describeNetworkError(error, url)).toBe(`connection refused by 127.0.0.1:${port}`);
  });
});

describe("redirects", () => {
  let redirector: ReturnType<typeof Bun.serve>;
  beforeAll(() => {
    redirector = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch(request) {
        const path = new URL(request.url).pathname;
        if (path === "/to-plain-http") return Response.redirect("http://example.invalid/x", 302);
        return Response.redirect(`/loop${Math.random()}`, 302);
      },
    });
  });
  afterAll(() => redirector.stop(true));

  test("plain http is refused for a host that is not loopback, before connecting to it", async () => {
    const error = await failure({ url: `http://127.0.0.1:${redirector.port}/to-plain-http`, accept: "*/*", net });
    expect(error).toBeInstanceOf(RefusedUrlError);
    expect((error as Error).message).toBe(`refusing a redirect from 127.0.0.1:${redirector.port} to http://example.invalid (only https is followed, and plain http from loopback to loopback)`);
  });

  test("a file:// URL (say, an asset URL in a hostile API answer) is never read", async () => {
    const error = await failure({ url: "file:///etc/passwd", accept: "*/*", net });
    expect((error as Error).message).toBe("refusing to fetch file:///etc/passwd (only https, or http on loopback)");
  });

  test("at most five redirects are followed", async () => {
    const error = await failure({ url: `http://127.0.0.1:${redirector.port}/loop`, accept: "*/*", net });
    expect((error as Error).message).toStartWith("more than 5 redirects");
  });
});

describe("downloadText", () => {
  test("reads a small text; refuses one over the limit", async () => {
    const url = server.assetUrl(release, "checksums.txt");
    expect(await downloadText({ url, accept: "*/*", net }, 10_000)).toBe("x".repeat(5000));
    await expect(downloadText({ url, accept: "*/*", net }, 1000)).rejects.toBeInstanceOf(TooLargeError);
  });
});
