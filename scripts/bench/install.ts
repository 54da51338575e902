/**
 * Issue 4: installing a plugin from a GitHub release. A 50 MB `.tar.gz` (incompressible
 * random bytes and an executable) is served by the local GitHub-shaped server;
 * `dist/k3d plugin install OWNER/REPO@TAG` (release JSON, checksum list, asset through
 * its API URL and redirect, SHA-256, safe unpack, metadata, store) runs side by side
 * with `curl -s URL | tar xz` of the same asset straight from the storage host.
 * Each run starts from an empty folder, with the same `rm -rf` on both sides.
 *
 * Targets: within 1.5× of curl | tar; peak memory growing by less than the asset's size
 * (the download is streamed, never held whole). The growth is the install's peak RSS
 * minus that of installing a 1 kB plugin the same way; a 200 MB asset shows that it does
 * not follow the size (what grows is garbage the collector has not reclaimed yet, not
 * buffered data). The server runs in its own
 * process (_install-server.ts) so that the bench process stays small: see there why.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runOnce, round, timeSideBySide, type BenchRow, type Contender } from "./measure.ts";

const ASSET_MB = 50;
/** A second, larger asset shows the memory does not follow the size. */
const LARGE_ASSET_MB = 200;

export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), "k3dx-bench-install-"));
  const wrapper = join(import.meta.dir, "..", "..", "dist", "k3d");
  const server = Bun.spawn({
    cmd: [
      process.execPath,
      join(import.meta.dir, "_install-server.ts"),
      `k3d-big=${makeAsset(dir, "big", ASSET_MB * 1_000_000)}`,
      `k3d-large=${makeAsset(dir, "large", LARGE_ASSET_MB * 1_000_000)}`,
      `k3d-small=${makeAsset(dir, "small", 1000)}`,
    ],
    stdin: "pipe",
    stdout: "pipe",
    stderr: "inherit",
  });
  try {
    const { apiUrl, assetUrls } = JSON.parse(await firstLine(server.stdout)) as { apiUrl: string; assetUrls: Record<string, string> };
    const home = join(dir, "k3dx-home");
    const target = join(dir, "curl-target");
    const env = {
      HOME: dir,
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      K3DX_HOME: home,
      K3DX_GITHUB_API: apiUrl,
      K3DX_OS: "linux",
      K3DX_ARCH: "amd64",
      NO_COLOR: "1",
    };
    const install = (repo: string): Contender => ({
      name: `dist/k3d plugin install (${repo})`,
      cmd: ["sh", "-c", `rm -rf "$K3DX_HOME" && exec "$0" plugin install acme/${repo}@v1.0.0`, wrapper],
      env,
    });
    const curlTar: Contender = {
      name: "curl -s URL | tar xz",
      cmd: ["sh", "-c", `rm -rf "$1" && mkdir -p "$1" && curl -sf "$0" | tar xz -C "$1"`, assetUrls["k3d-big"]!, target],
      env,
    };

    const [ours, theirs] = await timeSideBySide([install("k3d-big"), curlTar], 10, 2);
    const ratio = ours!.medianMs / theirs!.medianMs;
    const smallRss = await peakRss(install("k3d-small"));
    const bigRss = await peakRss(install("k3d-big"));
    const largeRss = await peakRss(install("k3d-large"));
    const group = "install";
    return [
      { group, name: `curl | tar xz of a ${ASSET_MB} MB .tar.gz`, value: round(theirs!.medianMs), unit: "ms" },
      { group, name: "plugin install of the same asset", value: round(ours!.medianMs), unit: "ms" },
      { group, name: "install ÷ curl | tar", value: round(ratio), unit: "×", target: "≤ 1.5×", ok: ratio <= 1.5 },
      { group, name: "peak RSS, install of a 1 kB plugin", value: round(smallRss, 1), unit: "MB" },
      { group, name: `peak RSS, install of the ${ASSET_MB} MB plugin`, value: round(bigRss, 1), unit: "MB" },
      { group, name: `peak RSS, install of a ${LARGE_ASSET_MB} MB plugin`, value: round(largeRss, 1), unit: "MB" },
      { group, name: `peak RSS growth, ${ASSET_MB} MB asset`, value: round(bigRss - smallRss, 1), unit: "MB", target: `< ${ASSET_MB} MB (streamed)`, ok: bigRss - smallRss < ASSET_MB },
      { group, name: `peak RSS growth, ${LARGE_ASSET_MB} MB asset`, value: round(largeRss - smallRss, 1), unit: "MB", target: `< ${ASSET_MB} MB (bounded)`, ok: largeRss - smallRss < ASSET_MB },
    ];
  } finally {
    server.stdin.end();
    await server.exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `NAME/k3d-NAME`, `NAME/plugin.yaml` and `NAME/payload.bin` of random bytes, as a .tar.gz made by tar. */
function makeAsset(dir: string, name: string, payloadBytes: number): string {
  const folder = join(dir, "asset", name);
  mkdirSync(folder, { recursive: true });
  // Made by other processes, so none of these bytes ever sit in the bench process.
  shell(`head -c ${payloadBytes} /dev/urandom > payload.bin`, folder);
  writeFileSync(join(folder, `k3d-${name}`), "#!/bin/sh\necho big\n");
  chmodSync(join(folder, `k3d-${name}`), 0o755);
  writeFileSync(join(folder, "plugin.yaml"), `name: ${name}\nversion: 1.0.0\ndescription: a plugin for the install bench\n`);
  const archive = join(dir, "asset", `${name}.tar.gz`);
  // gzip -1: random bytes do not compress anyway, and the large asset is made faster.
  shell(`tar cf - ${name} | gzip -1 > ${JSON.stringify(archive)}`, join(dir, "asset"));
  return archive;
}

function shell(command: string, cwd: string): void {
  const result = Bun.spawnSync(["sh", "-c", command], { cwd });
  if (result.exitCode !== 0) throw new Error(`${command} failed: ${result.stderr.toString()}`);
}

async function firstLine(stream: ReadableStream<Uint8Array>): Promise<string> {
  let text = "";
  for await (const chunk of stream) {
    text += new TextDecoder().decode(chunk);
    if (text.includes("\n")) break;
  }
  return text.split("\n")[0]!;
}

/** The highest of three runs: `sh` execs the wrapper, so the child's maxRSS is the wrapper's. */
async function peakRss(contender: Contender): Promise<number> {
  let peak = 0;
  for (let i = 0; i < 3; i++) {
    const result = await runOnce(contender);
    if (result.code !== 0) throw new Error(`${contender.name} exited ${result.code}`);
    peak = Math.max(peak, result.maxRssBytes);
  }
  return peak / (1024 * 1024);
}
