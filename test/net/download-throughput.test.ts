/**
 * Black-box: a download that never stalls yet never gets anywhere. A server dribbling a
 * few bytes at a time resets any "no byte for N s" timer forever; the throughput rule
 * (1 KiB per K3DX_STALL_TIMEOUT window) and the deadline (K3DX_DOWNLOAD_TIMEOUT) end it,
 * and the one line says which rule tripped and what to set.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { startGithubServer, type FixtureRelease, type GithubServer } from "../fixtures/github-server.ts";
import { createSandbox, runK3dx, type Sandbox } from "../helpers/sandbox.ts";

const ASSET = "k3d-slow_linux_amd64";
/** A plain executable asset of a known size: its bytes are what the server dribbles. */
function slowRelease(size: number): FixtureRelease {
  const script = '#!/bin/sh\n[ "$1" = metadata ] && { echo "name: slow"; exit 0; }\necho slow\n';
  return { owner: "acme", repo: "k3d-slow", tag: "v1.0.0", assets: [{ name: ASSET, body: script + "#".repeat(size - script.length - 1) + "\n" }] };
}

let box: Sandbox;
let server: GithubServer;
beforeEach(() => {
  box = createSandbox();
});
afterEach(async () => {
  await server?.stop();
  box.cleanup();
});

function serve(size: number): void {
  server = startGithubServer({ releases: [slowRelease(size)] });
  Object.assign(box.env, { K3DX_GITHUB_API: server.apiUrl, K3DX_OS: "linux", K3DX_ARCH: "amd64", K3DX_RETRIES: "0" });
}

describe("a download that dribbles", () => {
  test("less than 1 KiB in a stall window fails the install, naming the rule and K3DX_STALL_TIMEOUT", async () => {
    serve(800);
    // 20 bytes every 100 ms: 200 bytes a second, never a second without a byte.
    server.fault(ASSET, { type: "dribble", bytes: 20, everyMs: 100 });
    const result = await runK3dx(box, ["plugin", "install", "acme/k3d-slow"], { env: { K3DX_STALL_TIMEOUT: "1" } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^k3dx: download of k3d-slow_linux_amd64 from release acme\/k3d-slow@v1\.0\.0 failed: only \d+ bytes in 1 s, less than the 1024 bytes a download must bring in that time; try again, or set K3DX_STALL_TIMEOUT \(seconds\) to allow a slower link\n$/,
    );
    expect(existsSync(join(box.k3dxHome, "plugins", "acme", "k3d-slow"))).toBe(false);
  });

  test("a raised K3DX_STALL_TIMEOUT lets the same slow link through", async () => {
    serve(800);
    server.fault(ASSET, { type: "dribble", bytes: 100, everyMs: 100 });
    const result = await runK3dx(box, ["plugin", "install", "acme/k3d-slow"], { env: { K3DX_STALL_TIMEOUT: "20" } });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect((await runK3dx(box, ["slow"])).stdout).toBe("slow\n");
  });

  test("the whole download is bounded by K3DX_DOWNLOAD_TIMEOUT, whatever the throughput", async () => {
    serve(3000);
    // 1.5 kB a second passes the throughput rule; the whole body would take 2 s.
    server.fault(ASSET, { type: "dribble", bytes: 150, everyMs: 100 });
    const result = await runK3dx(box, ["plugin", "install", "acme/k3d-slow"], { env: { K3DX_STALL_TIMEOUT: "5", K3DX_DOWNLOAD_TIMEOUT: "1" } });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "k3dx: download of k3d-slow_linux_amd64 from release acme/k3d-slow@v1.0.0 failed: the download took longer than 1 s; try again, or set K3DX_DOWNLOAD_TIMEOUT (seconds) to allow longer\n",
    );
  });
});

describe("download settings", () => {
  test("a value with a unit is said in one line, and the default is used", async () => {
    serve(200);
    const result = await runK3dx(box, ["plugin", "install", "acme/k3d-slow"], { env: { K3DX_STALL_TIMEOUT: "30s", K3DX_DOWNLOAD_TIMEOUT: "1h" } });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      "k3dx: K3DX_STALL_TIMEOUT=30s is not a number of seconds: the value has no unit (for 30s, write 30); using the default, 30 s\n" +
        "k3dx: K3DX_DOWNLOAD_TIMEOUT=1h is not a number of seconds: the value has no unit (for 1h, write 3600); using the default, 3600 s\n",
    );
  });

  test("a stall window beyond what a timer can wait is capped, not wrapped to 1 ms", async () => {
    serve(200);
    const result = await runK3dx(box, ["plugin", "install", "acme/k3d-slow"], { env: { K3DX_STALL_TIMEOUT: "99999999", K3DX_DOWNLOAD_TIMEOUT: "99999999" } });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });
});
