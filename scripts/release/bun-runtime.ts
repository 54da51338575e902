/**
 * The Bun runtime inside each release binary, taken only when it is the one package-lock.json
 * pinned. Left to itself, `bun build --compile --target=…` downloads that runtime from the
 * npm registry and embeds it without any integrity check; every k3dx user would then run
 * whatever came over the wire. So we fetch the same `@oven/bun-<os>-<arch>` tarball with npm
 * (which honours the user's registry, proxy and cache settings), compare its sha512 with the
 * lockfile's, and hand the verified executable to `bun build --compile-executable-path`.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface LockedPackage {
  name: string;
  version: string;
  /** Subresource-integrity string from package-lock.json, e.g. `sha512-…`. */
  integrity: string;
}

/** The version and integrity package-lock.json pinned for `name`. */
export function lockedPackage(lockfilePath: string, name: string): LockedPackage {
  const lock = JSON.parse(readFileSync(lockfilePath, "utf8")) as { packages?: Record<string, { version?: string; integrity?: string }> };
  const entry = lock.packages?.[`node_modules/${name}`];
  if (!entry?.version || !entry.integrity) {
    throw new Error(`${lockfilePath} pins no version and integrity for ${name}; run 'npm install' to refresh the lockfile`);
  }
  return { name, version: entry.version, integrity: entry.integrity };
}

/** Does `bytes` match one of the sha512 digests in an SRI string? (Weaker algorithms are not accepted.) */
export function matchesIntegrity(bytes: Uint8Array, integrity: string): boolean {
  const wanted = integrity
    .split(/\s+/)
    .filter((entry) => entry.startsWith("sha512-"))
    .map((entry) => entry.slice("sha512-".length).split("?")[0]);
  if (wanted.length === 0) return false;
  const actual = new Bun.CryptoHasher("sha512").update(bytes).digest("base64");
  return wanted.includes(actual);
}

/**
 * Fetches the locked runtime package into `workDir`, verifies it, and returns the path of
 * its `bun` (or `bun.exe`) executable.
 */
export async function fetchVerifiedRuntime(pkg: LockedPackage, workDir: string): Promise<string> {
  const spec = `${pkg.name}@${pkg.version}`;
  const tarball = await npmPack(spec, workDir);
  const bytes = readFileSync(tarball);
  if (!matchesIntegrity(bytes, pkg.integrity)) {
    throw new Error(`${spec} from the npm registry does not match the integrity in package-lock.json; refusing to build on it`);
  }
  const entries = await new Bun.Archive(bytes).files(["package/bin/bun", "package/bin/bun.exe"]);
  const [entryName, file] = [...entries][0] ?? [];
  if (!entryName || !file) throw new Error(`${spec} holds no package/bin/bun executable`);
  const folder = join(workDir, pkg.name.replace("/", "__"));
  mkdirSync(folder, { recursive: true });
  const executable = join(folder, entryName.slice("package/bin/".length));
  writeFileSync(executable, new Uint8Array(await file.arrayBuffer()));
  chmodSync(executable, 0o755);
  return executable;
}

/** `npm pack SPEC` into `dir`: the registry tarball, through npm's cache. Returns its path. */
async function npmPack(spec: string, dir: string): Promise<string> {
  const proc = Bun.spawn({
    cmd: ["npm", "pack", spec, "--pack-destination", dir, "--json", "--ignore-scripts", "--silent"],
    cwd: dir,
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  if (code !== 0) throw new Error(`'npm pack ${spec}' failed (exit ${code}): ${err.trim().split("\n").at(-1) ?? ""}`);
  const [packed] = JSON.parse(out) as { filename: string }[];
  if (!packed?.filename) throw new Error(`'npm pack ${spec}' did not say which file it wrote`);
  return join(dir, packed.filename);
}
