/**
 * Issue 14, the author toolkit: what `plugin new`, `plugin check` and `plugin search`
 * cost against the GitHub-shaped server on 127.0.0.1 (so the figures are k3dx's own
 * work, not the network's). `check` of a release reads its JSON and checksums.txt and
 * downloads, verifies and unpacks one small asset for all 7 platforms; `search` asks for
 * 20 repositories and the latest release of each, 8 at a time. No targets: interactive
 * commands, here to catch a regression. `plugin --version` is the floor.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildTarGz } from "../../test/archive/archive-builders.ts";
import { startGithubServer, type FixtureAsset } from "../../test/fixtures/github-server.ts";
import { releaseAssets } from "../../src/scaffold/release-assets.ts";
import { round, runOnce, timeSideBySide, type BenchRow, type Contender } from "./measure.ts";

const REPOSITORIES = 20;

export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), "k3dx-bench-author-"));
  const server = startGithubServer({ releases: [], repositories: [] });
  try {
    const wrapper = join(import.meta.dir, "..", "..", "dist", "k3d");
    const env = { HOME: dir, K3DX_HOME: join(dir, "k3dx"), PATH: "/usr/bin:/bin", NO_COLOR: "1", K3DX_GITHUB_API: server.apiUrl, K3DX_OS: "linux", K3DX_ARCH: "amd64" };
    const yaml = "name: mirror\nversion: 1.2.0\nhooks: [pre-cluster-create]\n";
    const assets: FixtureAsset[] = releaseAssets("bun", "k3d-mirror", "1.2.0").map((asset) => ({
      name: asset.name,
      body: buildTarGz([{ name: "k3d-mirror", data: "#!/bin/sh\necho hi\n", mode: 0o755 }, { name: "plugin.yaml", data: yaml }]),
    }));
    assets.push({ name: "checksums.txt", body: assets.map((asset) => `${new Bun.CryptoHasher("sha256").update(asset.body).digest("hex")}  ${asset.name}\n`).join("") });
    for (let i = 0; i < REPOSITORIES; i++) {
      server.repositories.push({ owner: "acme", repo: `k3d-p${i}`, stars: i, description: `plugin ${i}`, topics: ["k3d-plugin"] });
      server.releases.push({ owner: "acme", repo: `k3d-p${i}`, tag: "v1.2.0", assets });
    }
    const folder = join(dir, "src", "k3d-mirror");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "k3d-mirror"), "#!/bin/sh\necho hi\n");
    chmodSync(join(folder, "k3d-mirror"), 0o755);
    writeFileSync(join(folder, "plugin.yaml"), yaml);
    const scratch = join(dir, "new");
    mkdirSync(scratch);
    const contenders: Contender[] = [
      { name: "plugin --version", cmd: [wrapper, "plugin", "--version"], env },
      { name: "plugin new demo (+ rm -r)", cmd: ["sh", "-c", `cd "$1" && "$0" plugin new demo >/dev/null && exec rm -r k3d-demo`, wrapper, scratch], env },
      { name: "plugin check ./folder", cmd: [wrapper, "plugin", "check", folder], env },
      { name: "plugin check OWNER/REPO (7 platforms)", cmd: [wrapper, "plugin", "check", "acme/k3d-p0"], env },
      { name: `plugin search (${REPOSITORIES} results + releases)`, cmd: [wrapper, "plugin", "search"], env },
    ];
    for (const contender of contenders) {
      const once = await runOnce(contender);
      if (once.code !== 0) throw new Error(`${contender.name} exited ${once.code}`);
    }
    const timings = await timeSideBySide(contenders, 10, 2);
    const group = "author toolkit";
    return timings.map((timing) => ({ group, name: timing.name, value: round(timing.medianMs), unit: "ms" }));
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
