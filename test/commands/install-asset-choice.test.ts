/**
 * Black-box: which asset `k3d plugin install OWNER/REPO` takes on Apple silicon when the
 * release has no `darwin-arm64` build — `darwin-arm` (macOS has no 32-bit ARM), else the
 * darwin/amd64 build under Rosetta 2, with a note — and that Linux gets no such fallback.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { startGithubServer, type GithubServer } from "../fixtures/github-server.ts";
import { createSandbox, runK3dx, type Sandbox } from "../helpers/sandbox.ts";
import { platformRelease } from "./release-fixtures.ts";

let box: Sandbox;
let server: GithubServer;
beforeEach(() => {
  box = createSandbox();
  server = startGithubServer({ releases: [] });
  box.env.K3DX_GITHUB_API = server.apiUrl;
});
afterEach(async () => {
  await server.stop();
  box.cleanup();
});

const yaml = "name: score\nversion: 1.8.1\n";
const k3dx = (platform: string, ...args: string[]) => {
  const [os, arch] = platform.split("/");
  return runK3dx(box, args, { env: { K3DX_OS: os, K3DX_ARCH: arch } });
};
const receiptAsset = () => String((Bun.YAML.parse(readFileSync(join(box.k3dxHome, "plugins", "zegl", "k3d-score", "receipt.yaml"), "utf8")) as { assetUrl: string }).assetUrl);

describe("Apple silicon", () => {
  test("a release with darwin/amd64 only: that build, and a note that it runs under Rosetta 2", async () => {
    server.releases.push(platformRelease("zegl", "k3d-score", "v1.8.1", ["kube-score_1.8.1_darwin_amd64.tar.gz", "kube-score_1.8.1_linux_amd64.tar.gz"], { yaml }));
    const result = await k3dx("darwin/arm64", "plugin", "install", "zegl/k3d-score");
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      'k3dx: note: release zegl/k3d-score@v1.8.1 has no build for darwin/arm64: kube-score_1.8.1_darwin_amd64.tar.gz is for darwin/amd64 and runs under Rosetta 2 (if macOS says "bad CPU type", install it with: softwareupdate --install-rosetta)\n',
    );
    expect(receiptAsset()).toEndWith("/kube-score_1.8.1_darwin_amd64.tar.gz");
    expect((await k3dx("darwin/arm64", "score", "x")).stdout).toBe("score from kube-score_1.8.1_darwin_amd64.tar.gz: x\n");
  });

  test("`darwin-arm` is Apple silicon's build, taken without a note", async () => {
    server.releases.push(platformRelease("zegl", "k3d-score", "v1.4.1", ["kubectl-browse-pvc-darwin-arm.zip", "kubectl-browse-pvc-darwin-x86_64.zip", "kubectl-browse-pvc-linux-arm.zip"], { yaml }));
    const result = await k3dx("darwin/arm64", "plugin", "install", "zegl/k3d-score");
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(receiptAsset()).toEndWith("/kubectl-browse-pvc-darwin-arm.zip");
  });
});

describe("Linux", () => {
  test("arm64 never takes `linux-arm` (32-bit) nor an amd64 build: nothing is installed", async () => {
    server.releases.push(platformRelease("zegl", "k3d-score", "v1.4.1", ["kubectl-browse-pvc-linux-arm.zip", "kubectl-browse-pvc-linux-x86_64.zip"], { yaml }));
    const result = await k3dx("linux/arm64", "plugin", "install", "zegl/k3d-score");
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "k3dx: no asset of release zegl/k3d-score@v1.4.1 is for linux/arm64 (K3DX_OS/K3DX_ARCH choose another platform); its assets: kubectl-browse-pvc-linux-arm.zip, kubectl-browse-pvc-linux-x86_64.zip, checksums.txt\n",
    );
    expect(existsSync(join(box.k3dxHome, "plugins", "zegl"))).toBe(false);
  });
});
