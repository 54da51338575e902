/** Black-box: `k3d plugin install A B C` — several sources at once, one summary (SPEC §9). */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { startGithubServer, type GithubServer } from "../fixtures/github-server.ts";
import { createSandbox, runK3dx, type Sandbox } from "../helpers/sandbox.ts";
import { localSource, metadataYaml, release } from "./plugin-sources.ts";

let box: Sandbox;
let server: GithubServer;
beforeEach(() => {
  box = createSandbox();
  server = startGithubServer({
    releases: [release("acme", "mirror", "v1.0.0", metadataYaml("mirror", "1.0.0", ["pre-cluster-create"])), release("acme", "dns", "v1.2.0", metadataYaml("dns", "1.2.0"))],
  });
  Object.assign(box.env, { K3DX_GITHUB_API: server.apiUrl, K3DX_OS: "linux", K3DX_ARCH: "amd64", K3DX_RETRIES: "0" });
});
afterEach(async () => {
  await server.stop();
  box.cleanup();
});

const k3dx = (...args: string[]) => runK3dx(box, args);
const installed = () => {
  const root = join(box.k3dxHome, "plugins");
  return existsSync(root) ? readdirSync(root).flatMap((owner) => readdirSync(join(root, owner)).map((repo) => `${owner}/${repo}`)).sort() : [];
};

describe("install SOURCE…", () => {
  test("installs each, in parallel, with one line per plugin and one summary", async () => {
    const hello = localSource(box, "hello", "hello", { yaml: metadataYaml("hello", "0.1.0") });
    const result = await k3dx("plugin", "install", "acme/k3d-mirror", "acme/k3d-dns@v1.2.0", hello);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        "installed mirror 1.0.0 from acme/k3d-mirror (hooks: pre-cluster-create)",
        "installed dns 1.2.0 from acme/k3d-dns@v1.2.0 (hooks: none)",
        `installed hello 0.1.0 from ${join(box.root, "src", "hello")} (hooks: none)`,
        "3 plugins: 3 installed",
        "",
      ].join("\n"),
    );
    expect(installed()).toEqual(["acme/k3d-dns", "acme/k3d-mirror", "local/hello"]);
    // Nothing of a project is written by installing named sources.
    expect(existsSync(join(box.root, "k3d-plugins.lock"))).toBe(false);
  });

  test("one failing leaves the others installed; it is named, and the exit is 1", async () => {
    const result = await k3dx("plugin", "install", "acme/k3d-mirror", "acme/k3d-nothing", "acme/k3d-dns");
    expect(result.code).toBe(1);
    expect(result.stderr).toEndWith("k3dx: acme/k3d-nothing: release not found: acme/k3d-nothing (does the repo publish releases? If it is private, set GITHUB_TOKEN)\n");
    expect(result.stdout).toEndWith("installed dns 1.2.0 from acme/k3d-dns (hooks: none)\n3 plugins: 2 installed, 1 failed\n");
    expect(installed()).toEqual(["acme/k3d-dns", "acme/k3d-mirror"]);
  });

  test("a source that cannot be read fails the command before anything is fetched", async () => {
    const result = await k3dx("plugin", "install", "acme/k3d-mirror", "not a source");
    expect(result.code).toBe(2);
    expect(result.stderr).toStartWith('k3dx: cannot read the source "not a source"');
    expect(server.requests).toEqual([]);
    expect(installed()).toEqual([]);
  });

  test.each([
    [["acme/k3d-mirror", "acme/k3d-dns", "--name", "x"], "--sha256 and --name apply to one SOURCE; install the others separately."],
    [["acme/k3d-mirror", "acme/k3d-dns", "--sha256", "0".repeat(64)], "--sha256 and --name apply to one SOURCE"],
    [["acme/k3d-mirror", "--locked"], "--locked installs k3d-plugins.yaml as k3d-plugins.lock says, and takes no SOURCE."],
  ])("bad usage %j: exit 2", async (args, message) => {
    const result = await k3dx("plugin", "install", ...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(installed()).toEqual([]);
  });
});
