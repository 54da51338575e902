/**
 * Issue 10: what the compressed release asset saves install.sh, side by side. A release of
 * dist/k3d (bare, and `gzip -9` as `npm run release` makes it) is served from 127.0.0.1,
 * once at loopback speed and once through a 100 Mbit/s pipe (a good home line); install.sh
 * runs with gzip on PATH (it takes the .gz) and without (the bare binary). Bytes are what
 * the server sent; seconds are install.sh's whole run (download, checks, unpacking).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checksumsText } from "../release/checksums.ts";
import { assetName, hostTarget } from "../release/targets.ts";
import { round, type BenchRow } from "./measure.ts";

const ROOT = join(import.meta.dir, "..", "..");
const MB = 1e6;
/** 100 Mbit/s, in bytes per second. */
const LINE_RATE = 12.5 * MB;
/** Bytes sent per tick of the throttled pipe. */
const CHUNK = 256 * 1024;

const sha256 = (bytes: Uint8Array) => new Bun.CryptoHasher("sha256").update(bytes).digest("hex");

export async function run(): Promise<BenchRow[]> {
  const host = hostTarget();
  if (!host) throw new Error(`no release target for ${process.platform}/${process.arch}`);
  const asset = assetName(host);
  const bare = readFileSync(join(ROOT, "dist", "k3d"));
  const packed = Bun.gzipSync(bare, { level: 9 });
  const files: Record<string, Uint8Array | string> = {
    [asset]: bare,
    [`${asset}.gz`]: packed,
    "checksums.txt": checksumsText([{ name: asset, sha256: sha256(bare) }, { name: `${asset}.gz`, sha256: sha256(packed) }]),
  };
  let rate = Infinity;
  let sent = 0;
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(request) {
      const name = new URL(request.url).pathname.split("/").at(-1)!;
      const file = files[name];
      if (file === undefined) return new Response("Not Found", { status: 404 });
      const bytes = typeof file === "string" ? new TextEncoder().encode(file) : file;
      return new Response(throttled(bytes, rate, (n) => (sent += n)), { headers: { "content-length": String(bytes.length) } });
    },
  });
  const work = mkdtempSync(join(tmpdir(), "k3dx-bench-install-"));
  try {
    const noGzip = toolsWithout(join(work, "tools"), "gzip");
    const installOnce = async (withGzip: boolean): Promise<{ seconds: number; bytes: number }> => {
      const dir = join(work, `bin-${withGzip}-${rate}`);
      sent = 0;
      const started = performance.now();
      const proc = Bun.spawn({
        cmd: ["/bin/sh", join(ROOT, "scripts", "install.sh"), "--version", "v0.0.0", "--dir", dir],
        env: { HOME: work, TMPDIR: work, PATH: withGzip ? "/usr/bin:/bin" : noGzip, K3DX_RELEASE_URL: `http://127.0.0.1:${server.port}/releases` },
        stdout: "pipe",
        stderr: "pipe",
      });
      const [err, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
      if (code !== 0) throw new Error(`install.sh failed (exit ${code}): ${err}`);
      return { seconds: (performance.now() - started) / 1000, bytes: sent };
    };
    const rows: BenchRow[] = [];
    const group = "install.sh";
    for (const [label, speed] of [["loopback", Infinity], ["100 Mbit/s", LINE_RATE]] as const) {
      rate = speed;
      const plain = await installOnce(false);
      const gz = await installOnce(true);
      rows.push(
        { group, name: `${label}: bare binary, downloaded`, value: round(plain.bytes / MB, 1), unit: "MB" },
        { group, name: `${label}: .gz, downloaded`, value: round(gz.bytes / MB, 1), unit: "MB" },
        { group, name: `${label}: bare binary, install time`, value: round(plain.seconds, 2), unit: "s" },
        // On loopback the transfer is free and unpacking is what the .gz costs; on a real line it pays.
        label === "loopback"
          ? { group, name: `${label}: .gz, install time`, value: round(gz.seconds, 2), unit: "s" }
          : { group, name: `${label}: .gz, install time`, value: round(gz.seconds, 2), unit: "s", target: "< bare", ok: gz.seconds < plain.seconds },
      );
    }
    return rows;
  } finally {
    server.stop(true);
    rmSync(work, { recursive: true, force: true });
  }
}

/** The body, at most `rate` bytes a second (bounded: it ends with the file). */
function throttled(bytes: Uint8Array, rate: number, count: (n: number) => void): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    async pull(controller) {
      if (at >= bytes.length) return controller.close();
      const chunk = bytes.subarray(at, at + CHUNK);
      at += chunk.length;
      if (Number.isFinite(rate)) await Bun.sleep((chunk.length / rate) * 1000);
      count(chunk.length);
      controller.enqueue(chunk);
    },
  });
}

/** A folder of links to the tools install.sh uses, all but `missing`. */
function toolsWithout(dir: string, missing: string): string {
  mkdirSync(dir, { recursive: true });
  for (const tool of ["sh", "awk", "tr", "cut", "sha256sum", "curl", "wget", "mktemp", "rm", "cp", "chmod", "mkdir", "mv", "dirname", "uname", "grep", "cat", "pwd", "gzip"]) {
    const path = tool === missing ? null : Bun.which(tool, { PATH: "/usr/bin:/bin" });
    if (path) symlinkSync(path, join(dir, tool));
  }
  return dir;
}
