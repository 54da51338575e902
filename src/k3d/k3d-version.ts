/**
 * Real k3d's version (K3D_VERSION for hooks), from the first line of `k3d version`:
 * `k3d version v5.4.9`. Every k3d release prints that line the same way (k3d's own
 * install.sh parses it), while `k3d version -o json` exists only from v5.5.0 on.
 * Asking costs a process start, so the answer is cached per k3d binary in
 * `$K3DX_HOME/cache/k3d-version.json`, keyed by path and checked against size and mtime:
 * an upgraded k3d is a different file and is asked again.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { statPath } from "../platform/safe-stat.ts";
import { dirName, joinPath } from "../platform/paths.ts";
import { askK3d } from "./ask-k3d.ts";

interface CacheEntry {
  size: number;
  mtimeMs: number;
  version: string;
}

type VersionCache = Record<string, CacheEntry>;

export function k3dVersionCacheFile(home: string): string {
  return joinPath(home, "cache", "k3d-version.json");
}

/** The version string (e.g. `v5.9.0`), or "" when k3d cannot tell. `abort` ends the question (k3dx got a signal). */
export async function readK3dVersion(k3d: string, home: string, env: Record<string, string | undefined>, abort?: AbortSignal): Promise<string> {
  const stat = statPath(k3d);
  if (!stat) return "";
  const cacheFile = k3dVersionCacheFile(home);
  const cache = readCache(cacheFile);
  const cached = cache[k3d];
  if (cached && cached.size === stat.size && cached.mtimeMs === stat.mtimeMs) return cached.version;

  const answer = await askK3d(k3d, ["version"], env, abort);
  const version = answer.status === 0 ? versionFromText(answer.stdout) : "";
  // A k3d that cannot answer now may answer next time: only a real answer is kept.
  if (version !== "") writeCache(cacheFile, { ...cache, [k3d]: { size: stat.size, mtimeMs: stat.mtimeMs, version } });
  return version;
}

/** Pure: `k3d version v5.4.9\nk3s version v1.26.4-k3s1 (default)\n` → "v5.4.9"; "" when the first line is not k3d's. */
export function versionFromText(stdout: string): string {
  const first = stdout.split("\n", 1)[0]!.trimEnd();
  return /^k3d version (\S+)$/.exec(first)?.[1] ?? "";
}

function readCache(file: string): VersionCache {
  try {
    const value = JSON.parse(readFileSync(file, "utf8")) as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as VersionCache) : {};
  } catch {
    return {};
  }
}

/** Written beside and renamed into place, so a parallel k3dx never reads half a file. A cache that cannot be written is no error. */
function writeCache(file: string, cache: VersionCache): void {
  const staging = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirName(file), { recursive: true });
    writeFileSync(staging, JSON.stringify(cache) + "\n");
    renameSync(staging, file);
  } catch {
    rmSync(staging, { force: true });
    // Read-only home, full disk: k3d is simply asked again next time.
  }
}

