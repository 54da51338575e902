/**
 * Issue 13: installing a project's five plugins. The local GitHub-shaped server answers
 * every asset request (the plugin and its checksums.txt) after a delay, as a far-away
 * server would. Side by side, each run from an empty K3DX_HOME:
 *
 *   - `dist/k3d plugin install --locked` of a k3d-plugins.yaml listing the five: they are
 *     fetched in parallel (at most PARALLEL_FETCHES_MAX at once) and placed one by one;
 *   - the same five as five `dist/k3d plugin install OWNER/REPO@TAG`, one after another.
 *
 * Target: the parallel install takes at most half the time of the sequential one (with
 * four fetches at once, five plugins are two rounds of latency instead of five).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { platformRelease } from "../../test/project/project-world.ts";
import { startGithubServer } from "../../test/fixtures/github-server.ts";
import { round, timeSideBySide, type BenchRow } from "./measure.ts";

const PLUGINS = ["mirror", "dns", "metrics", "tunnel", "logs"];
/** Per asset request: a transatlantic round trip or two, plus a storage host's first byte. */
const ASSET_LATENCY_MS = 150;

export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), "k3dx-bench-project-"));
  const releases = PLUGINS.map((name) => platformRelease("acme", name, "v1.0.0"));
  const server = startGithubServer({ releases, assetLatencyMs: ASSET_LATENCY_MS });
  try {
    const wrapper = join(import.meta.dir, "..", "..", "dist", "k3d");
    const project = join(dir, "project");
    mkdirSync(project);
    const sources = PLUGINS.map((name) => `acme/k3d-${name}@v1.0.0`);
    writeFileSync(join(project, "k3d-plugins.yaml"), `plugins:\n${sources.map((source) => `  - source: ${source}\n`).join("")}`);
    const env = {
      HOME: dir,
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      K3DX_HOME: join(dir, "k3dx-home"),
      K3DX_GITHUB_API: server.apiUrl,
      K3DX_OS: "linux",
      K3DX_ARCH: "amd64",
      NO_COLOR: "1",
    };
    // The lock is written once; both contenders then install the same releases. (Spawned
    // asynchronously: the server answers from this process's event loop.)
    const lock = Bun.spawn([wrapper, "plugin", "lock"], { cwd: project, env, stdout: "ignore", stderr: "pipe" });
    if ((await lock.exited) !== 0) throw new Error(`plugin lock failed: ${await new Response(lock.stderr).text()}`);

    const [parallel, sequential] = await timeSideBySide(
      [
        {
          name: "plugin install --locked (5 from k3d-plugins.yaml)",
          cmd: ["sh", "-c", `rm -rf "$K3DX_HOME" && exec "$0" plugin install --locked`, wrapper],
          env,
          cwd: project,
        },
        {
          name: "5 × plugin install OWNER/REPO@TAG",
          cmd: ["sh", "-c", `rm -rf "$K3DX_HOME" && for source in ${sources.join(" ")}; do "$0" plugin install "$source" || exit 1; done`, wrapper],
          env,
          cwd: project,
        },
      ],
      10,
      2,
    );
    const ratio = parallel!.medianMs / sequential!.medianMs;
    const group = "project install";
    return [
      { group, name: `latency per asset request`, value: ASSET_LATENCY_MS, unit: "ms" },
      { group, name: sequential!.name, value: round(sequential!.medianMs), unit: "ms" },
      { group, name: parallel!.name, value: round(parallel!.medianMs), unit: "ms" },
      { group, name: "parallel ÷ one after another", value: round(ratio), unit: "×", target: "≤ 0.5×", ok: ratio <= 0.5 },
    ];
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
