/**
 * `npm run release`: k3dx for every platform of release/targets.ts, under k3d's own asset
 * names, each also as `<asset>.gz` (gzip -9), and checksums.txt in `sha256sum` format
 * listing all of them. The version baked in is package.json's (what
 * `k3d plugin --version` prints). Each binary embeds the Bun runtime package-lock.json
 * pinned, verified before use (release/bun-runtime.ts), so the npm registry is the only
 * host a release talks to.
 *
 *   bun scripts/release.ts [--out DIR]      DIR defaults to dist
 */
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { WRAPPER_VERSION } from "../src/version.ts";
import { compile } from "./compile.ts";
import { fetchVerifiedRuntime, lockedPackage } from "./release/bun-runtime.ts";
import { checksumsText, sha256OfFile, type Checksum } from "./release/checksums.ts";
import { ensureAdHocSignature } from "./release/macho-signature.ts";
import { assetName, compressedAssetName, RELEASE_TARGETS } from "./release/targets.ts";

const root = resolve(import.meta.dir, "..");
const lockfile = join(root, "package-lock.json");

function outDirFromArgs(args: string[]): string {
  if (args.length === 0) return join(root, "dist");
  if (args.length === 2 && args[0] === "--out" && args[1]) return resolve(args[1]);
  throw new Error("usage: bun scripts/release.ts [--out DIR]");
}

/** The runtimes must be the very Bun that builds: bytecode is only valid for its own version. */
function checkBuilderVersion(): void {
  const locked = lockedPackage(lockfile, "bun").version;
  if (locked !== Bun.version) {
    throw new Error(`package-lock.json pins bun ${locked} but this is bun ${Bun.version}; run 'npm ci' and 'npm run release'`);
  }
}

/** dist/k3d-linux-amd64 for files in the repository, the full path elsewhere. */
function shown(path: string): string {
  const inside = relative(root, path);
  return inside.startsWith("..") ? path : inside;
}

async function release(outDir: string): Promise<void> {
  checkBuilderVersion();
  // compile() names src/main.ts relative to the repository.
  process.chdir(root);
  mkdirSync(outDir, { recursive: true });
  const checksumsPath = join(outDir, "checksums.txt");
  // A failed release must not leave checksums that describe binaries of another build.
  rmSync(checksumsPath, { force: true });
  const workDir = mkdtempSync(join(tmpdir(), "k3dx-release-"));
  try {
    const runtimes = await Promise.all(
      RELEASE_TARGETS.map((target) => fetchVerifiedRuntime(lockedPackage(lockfile, target.runtimePackage), workDir)),
    );
    const checksums: Checksum[] = [];
    for (const [i, target] of RELEASE_TARGETS.entries()) {
      const name = assetName(target);
      const outfile = join(outDir, name);
      await compile(outfile, target.bunTarget, undefined, runtimes[i]);
      const signed = target.os === "darwin" && ensureAdHocSignature(outfile);
      checksums.push({ name, sha256: await sha256OfFile(outfile) });
      const note = signed ? "  (re-signed ad hoc: Bun's signature did not cover it)" : "";
      process.stdout.write(`built ${shown(outfile)}  ${(statSync(outfile).size / 1e6).toFixed(1)} MB${note}\n`);
      const compressed = compress(outfile, join(outDir, compressedAssetName(name)));
      checksums.push({ name: compressedAssetName(name), sha256: await sha256OfFile(compressed) });
      process.stdout.write(`built ${shown(compressed)}  ${(statSync(compressed).size / 1e6).toFixed(1)} MB\n`);
    }
    const staging = `${checksumsPath}.${process.pid}.tmp`;
    writeFileSync(staging, checksumsText(checksums));
    renameSync(staging, checksumsPath);
    process.stdout.write(`wrote ${shown(checksumsPath)} for k3dx v${WRAPPER_VERSION}\n`);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * `gzip -9 -n` of `file`, written beside and renamed into place. zlib's gzip header holds no
 * name and no time, so the same binary always gives the same bytes (and checksum).
 */
function compress(file: string, outfile: string): string {
  const staging = `${outfile}.${process.pid}.tmp`;
  writeFileSync(staging, Bun.gzipSync(readFileSync(file), { level: 9 }));
  renameSync(staging, outfile);
  return outfile;
}

try {
  await release(outDirFromArgs(process.argv.slice(2)));
} catch (error) {
  process.stderr.write(`release: ${(error as Error).message}\n`);
  process.exit(1);
}
