/**
 * Black-box against the GitHub-shaped test server: installing a release, and
 * `k3d plugin upgrade` — newer releases, pins, path plugins, and failed upgrades that
 * leave the old version and its hook links exactly as they were (SPEC §5, §6).
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { startGithubServer, type GithubServer } from "../fixtures/github-server.ts";
import { createSandbox, runK3dx, type Sandbox } from "../helpers/sandbox.ts";
import { treeSnapshot } from "../plugins/store-world.ts";
import { localSource, metadataYaml, release } from "./plugin-sources.ts";

let box: Sandbox;
let server: GithubServer;
beforeEach(() => {
  box = createSandbox();
  server = startGithubServer({ releases: [release("acme", "mirror", "v1.0.0", metadataYaml("mirror", "1.0.0", ["pre-cluster-create"]))] });
  Object.assign(box.env, { K3DX_GITHUB_API: server.apiUrl, K3DX_OS: "linux", K3DX_ARCH: "amd64" });
});
afterEach(async () => {
  await server.stop();
  box.cleanup();
});

const mirrorDir = () => join(box.k3dxHome, "plugins", "acme", "k3d-mirror");
const receiptOf = (dir: string) => Bun.YAML.parse(readFileSync(join(dir, "receipt.yaml"), "utf8")) as Record<string, unknown>;

async function k3dx(...args: string[]) {
  return runK3dx(box, args);
}

describe("installing a GitHub release", () => {
  test("goes to plugins/OWNER/REPO with a receipt of what was downloaded", async () => {
    const result = await k3dx("plugin", "install", "acme/k3d-mirror");
    expect(result.code).toBe(0);
    expect(result.stdout).toStartWith("installed mirror 1.0.0 from acme/k3d-mirror\n");
    const asset = server.releases[0]!.assets[0]!;
    expect(receiptOf(mirrorDir())).toMatchObject({
      source: "acme/k3d-mirror",
      kind: "github",
      tag: "v1.0.0",
      pinned: false,
      assetUrl: server.assetUrl(server.releases[0]!, asset.name),
      sha256: new Bun.CryptoHasher("sha256").update(asset.body).digest("hex"),
      executable: "k3d-mirror",
    });
    expect(readlinkSync(join(box.k3dxHome, "hooks", "pre-cluster-create", "mirror"))).toBe("../../plugins/acme/k3d-mirror/k3d-mirror");
    expect((await k3dx("mirror", "x")).stdout).toBe("mirror v1.0.0: x\n");
  });

  test("OWNER/REPO@TAG is pinned; installing it again downloads nothing", async () => {
    expect((await k3dx("plugin", "install", "acme/k3d-mirror@v1.0.0")).code).toBe(0);
    expect(receiptOf(mirrorDir())).toMatchObject({ source: "acme/k3d-mirror@v1.0.0", tag: "v1.0.0", pinned: true });
    const requests = server.requests.length + server.downloadHostRequests.length;
    const again = await k3dx("plugin", "install", "acme/k3d-mirror@v1.0.0");
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("mirror 1.0.0 is already installed from acme/k3d-mirror@v1.0.0");
    expect(again.stdout).toContain("'k3d plugin upgrade mirror' installs a newer release");
    expect(server.requests.length + server.downloadHostRequests.length).toBe(requests);
  });
});

describe("upgrade", () => {
  test("installs the newer release in place: files, receipt and hook links follow", async () => {
    await k3dx("plugin", "install", "acme/k3d-mirror");
    server.releases.push(release("acme", "mirror", "v1.1.0", metadataYaml("mirror", "1.1.0", ["post-cluster-create"])));
    const result = await k3dx("plugin", "upgrade", "mirror");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("upgraded mirror 1.0.0 -> 1.1.0\n");
    // Its hooks changed: what it will run by itself is shown, as install shows it (consent).
    expect(result.stderr).toContain("k3dx:   new or changed since mirror 1.0.0: post-cluster-create\n");
    expect(receiptOf(mirrorDir())).toMatchObject({ source: "acme/k3d-mirror", tag: "v1.1.0", pinned: false });
    expect(treeSnapshot(join(box.k3dxHome, "hooks"))).toEqual({
      "post-cluster-create": "dir",
      "post-cluster-create/mirror": expect.stringMatching(/^link -> \.\.\/\.\.\/plugins\/acme\/k3d-mirror\/k3d-mirror /),
      "pre-cluster-create": "dir",
    });
    expect((await k3dx("mirror")).stdout).toBe("mirror v1.1.0: \n");
    expect((await k3dx("plugin", "upgrade", "mirror")).stdout).toBe("mirror 1.1.0 is already up to date (v1.1.0)\n");
  });

  test("a pinned plugin is skipped unless --force, which pins the release it moves to", async () => {
    await k3dx("plugin", "install", "acme/k3d-mirror@v1.0.0");
    server.releases.push(release("acme", "mirror", "v2.0.0", metadataYaml("mirror", "2.0.0")));
    expect((await k3dx("plugin", "upgrade", "mirror")).stdout).toBe(
      "mirror: skipped, pinned to v1.0.0 (installed as acme/k3d-mirror@v1.0.0); --force upgrades it anyway\n",
    );
    expect((await k3dx("plugin", "upgrade", "mirror", "--force")).stdout).toBe("upgraded mirror 1.0.0 -> 2.0.0\n");
    expect(receiptOf(mirrorDir())).toMatchObject({ source: "acme/k3d-mirror@v2.0.0", tag: "v2.0.0", pinned: true });
  });

  test("--all: GitHub plugins upgrade, path plugins say they are not upgradable", async () => {
    await k3dx("plugin", "install", "acme/k3d-mirror");
    await k3dx("plugin", "install", localSource(box, "local", "local", { yaml: metadataYaml("local", "1") }));
    server.releases.push(release("acme", "mirror", "v1.1.0", metadataYaml("mirror", "1.1.0")));
    const result = await k3dx("plugin", "upgrade", "--all");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `local: skipped, installed from ${join(box.root, "src", "local")}, which has no releases to compare; --force installs it again from there\n` +
        "upgraded mirror 1.0.0 -> 1.1.0\n",
    );
  });

  test("a path plugin is installed again from its source with --force", async () => {
    const source = localSource(box, "local", "local", { yaml: metadataYaml("local", "1"), body: "echo old" });
    await k3dx("plugin", "install", source);
    localSource(box, "local", "local", { yaml: metadataYaml("local", "2"), body: "echo new" });
    expect((await k3dx("plugin", "upgrade", "local", "--force")).stdout).toBe("upgraded local 1 -> 2\n");
    expect((await k3dx("local")).stdout).toBe("new\n");
  });

  describe("a failed upgrade leaves the old version and its hook links byte for byte", () => {
    /** Installs v1.0.0, then publishes the broken release `publish` makes, then upgrades. */
    async function expectUpgradeFails(publish: () => void, message: RegExp): Promise<void> {
      await k3dx("plugin", "install", "acme/k3d-mirror");
      publish();
      const before = treeSnapshot(box.k3dxHome);
      const result = await k3dx("plugin", "upgrade", "mirror");
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
      // One line, or a problem of a file and the line of the file it is on.
      expect(result.stderr.trimEnd().split("\n").length).toBeLessThanOrEqual(2);
      expect(treeSnapshot(box.k3dxHome)).toEqual(before);
      expect((await k3dx("mirror")).stdout).toBe("mirror v1.0.0: \n");
    }

    test("checksum mismatch", async () => {
      const next = release("acme", "mirror", "v1.1.0", metadataYaml("mirror", "1.1.0", ["post-cluster-create"]));
      next.assets[1]!.body = `${"0".repeat(64)}  ${next.assets[0]!.name}\n`;
      await expectUpgradeFails(() => server.releases.push(next), /^k3dx: cannot upgrade mirror: .*(checksum|sha256|SHA-256)/i);
    });

    test("bad metadata in the new release", async () => {
      const next = release("acme", "mirror", "v1.1.0", "name: mirror\nhooks: [post-cluster-creat]\n");
      await expectUpgradeFails(
        () => server.releases.push(next),
        /^k3dx: cannot upgrade mirror: plugin\.yaml:2:9: hooks\[0\]\.event: "post-cluster-creat" is not a lifecycle event/,
      );
    });

    test("the download failing", async () => {
      const next = release("acme", "mirror", "v1.1.0", metadataYaml("mirror", "1.1.0"));
      await expectUpgradeFails(() => {
        server.releases.push(next);
        server.fault(next.assets[0]!.name, { type: "truncate", bytes: 10 });
      }, /^k3dx: cannot upgrade mirror: /);
    });
  });

  test("other plugins still upgrade when one fails; the exit is 1", async () => {
    await k3dx("plugin", "install", "acme/k3d-mirror");
    server.releases.push(release("acme", "other", "v1.0.0", metadataYaml("other", "1.0.0")));
    await k3dx("plugin", "install", "acme/k3d-other");
    server.releases.push(release("acme", "mirror", "v1.1.0", "name: mirror\nbogus: 1\n"));
    server.releases.push(release("acme", "other", "v1.1.0", metadataYaml("other", "1.1.0")));
    const result = await k3dx("plugin", "upgrade", "--all");
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("k3dx: cannot upgrade mirror: plugin.yaml:2:8: bogus: is not a known field\nk3dx:     bogus: 1\n");
    expect(result.stdout).toBe("upgraded other 1.0.0 -> 1.1.0\n");
  });

  test("usage: names or --all, not neither nor both; unknown names fail", async () => {
    expect((await k3dx("plugin", "upgrade")).code).toBe(2);
    expect((await k3dx("plugin", "upgrade", "x", "--all")).code).toBe(2);
    expect(await k3dx("plugin", "upgrade", "nope")).toEqual({ code: 1, stdout: "", stderr: "k3dx: no installed plugin is named 'nope' (no plugin is installed; 'k3d plugin install SOURCE' adds one)\n" });
  });
});

describe("upgrade messages", () => {
  test("a release that kept its plugin.yaml version is told by its tag; a forced reinstall says so", async () => {
    await k3dx("plugin", "install", "acme/k3d-mirror");
    server.releases.push(release("acme", "mirror", "v1.0.1", metadataYaml("mirror", "1.0.0")));
    expect((await k3dx("plugin", "upgrade", "mirror")).stdout).toBe("upgraded mirror v1.0.0 -> v1.0.1\n");
    const source = localSource(box, "local", "local", { yaml: metadataYaml("local", "1") });
    await k3dx("plugin", "install", source);
    expect((await k3dx("plugin", "upgrade", "local", "--force")).stdout).toBe(`reinstalled local 1 from ${join(box.root, "src", "local")}\n`);
  });
});
