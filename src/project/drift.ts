/**
 * Drift between k3d-plugins.yaml, k3d-plugins.lock and the plugin store (pure: the
 * three are read by the caller). What `plugin list` and `plugin doctor` report:
 *
 *   file ↔ lock    a plugin listed but not locked, or locked but no longer listed
 *   file ↔ store   a plugin listed but not installed, or installed from another source
 *   lock ↔ store   installed, but another release or other bytes than the lock says
 */
import { receiptSource } from "../install/install-plugin.ts";
import { pluginFolder } from "../plugins/store-layout.ts";
import type { InstalledPlugin } from "../plugins/types.ts";
import type { LockEntry, LockFile } from "./lock-file.ts";
import { LOCK_FILE } from "./lock-file.ts";
import { entryKey, PROJECT_FILE, readProjectSource, type ProjectEntry, type ProjectFile } from "./project-file.ts";
import type { SourceSpec } from "../sources/parse-source.ts";

export interface FileLockDifference {
  /** Listed in the file, not in the lock. */
  unlocked: ProjectEntry[];
  /** In the lock, no longer listed in the file. */
  stale: LockEntry[];
}

export function compareFileAndLock(file: ProjectFile, lock: LockFile): FileLockDifference {
  const locked = new Set(lock.entries.map(entryKey));
  const listed = new Set(file.entries.map(entryKey));
  return {
    unlocked: file.entries.filter((entry) => !locked.has(entryKey(entry))),
    stale: lock.entries.filter((entry) => !listed.has(entryKey(entry))),
  };
}

/** One line per difference, as `--locked` and drift report them. */
export function differenceLines(difference: FileLockDifference): string[] {
  return [
    ...difference.unlocked.map((entry) => `${entryKey(entry)} is in ${PROJECT_FILE} but not in ${LOCK_FILE}`),
    ...difference.stale.map((entry) => `${entryKey(entry)} is in ${LOCK_FILE} but no longer in ${PROJECT_FILE}`),
  ];
}

export interface DriftInput {
  file: ProjectFile;
  /** Undefined when there is no lock. */
  lock: LockFile | undefined;
  store: InstalledPlugin[];
  home: string;
  /** This machine's platform id in the lock (`linux-amd64`), if k3dx is released for it. */
  platformId: string | undefined;
}

export function findDrift({ file, lock, store, home, platformId }: DriftInput): string[] {
  const lines: string[] = [];
  if (!lock && file.entries.length > 0) lines.push(`${LOCK_FILE} is missing: run 'k3d plugin lock' and commit it`);
  const lockedBy = new Map((lock?.entries ?? []).map((entry) => [entryKey(entry), entry]));
  for (const entry of file.entries) {
    const installed = installedFor(entry.spec, entry.name, store, home);
    const shown = entryKey(entry);
    const locked = lockedBy.get(shown);
    const match = `run 'k3d plugin install' to match ${locked ? "the lock" : PROJECT_FILE}`;
    if (!installed) {
      const sameName = entry.name === undefined ? undefined : store.find((plugin) => plugin.metadata.name === entry.name);
      lines.push(
        sameName
          ? // install refuses to replace a plugin of that name from elsewhere without --force, which would reinstall every plugin.
            `${shown}: a plugin named ${entry.name} is installed from ${sameName.receipt?.source ?? sameName.dir} instead: run 'k3d plugin remove ${entry.name}', then 'k3d plugin install'`
          : `${shown} is in ${PROJECT_FILE} but not installed: run 'k3d plugin install'`,
      );
      continue;
    }
    const wanted = receiptSource(entry.spec);
    if (installed.receipt?.source !== wanted) {
      // A GitHub plugin in the repository's folder is brought to the file and lock by install (plan-placement.ts), whatever tag it pins now.
      const fix = entry.spec.kind === "github" ? match : `run 'k3d plugin remove ${installed.metadata.name}', then 'k3d plugin install'`;
      lines.push(`${shown}: ${installed.metadata.name} is installed from ${installed.receipt?.source ?? "an unknown source"} instead: ${fix}`);
      continue;
    }
    const mismatch = locked && lockMismatch(locked, installed, platformId);
    if (mismatch) lines.push(`${shown}: ${installed.metadata.name} ${mismatch}: ${match}`);
  }
  if (lock) {
    const difference = compareFileAndLock(file, lock);
    for (const entry of difference.unlocked) lines.push(`${entryKey(entry)} is in ${PROJECT_FILE} but not in ${LOCK_FILE}: run 'k3d plugin lock'`);
    for (const entry of difference.stale) {
      const installed = installedFor(specOrUndefined(entry.source, file.dir), entry.name, store, home);
      const still = installed ? ` (${installed.metadata.name} is still installed: 'k3d plugin remove ${installed.metadata.name}' if no project needs it)` : "";
      lines.push(`${entryKey(entry)} is in ${LOCK_FILE} but no longer in ${PROJECT_FILE}: run 'k3d plugin lock'${still}`);
    }
  }
  return lines;
}

/** How the installed plugin differs from its lock entry on this platform, or undefined. */
function lockMismatch(locked: LockEntry, installed: InstalledPlugin, platformId: string | undefined): string | undefined {
  const receipt = installed.receipt;
  if (locked.kind === "digest") return receipt?.sha256 === locked.sha256 ? undefined : `has other bytes than ${LOCK_FILE} locks (sha256 ${receipt?.sha256 ?? "unknown"})`;
  if (receipt?.tag !== locked.tag) return `${receipt?.tag ?? "(no tag)"} is installed, but ${LOCK_FILE} says ${locked.tag}`;
  const asset = platformId === undefined ? undefined : locked.platforms[platformId];
  if (asset && asset !== "none" && asset.sha256 !== receipt.sha256) return `${receipt.tag} is installed with other bytes than ${LOCK_FILE} locks for ${platformId}`;
  return undefined;
}

/**
 * The installed plugin an entry stands for: a GitHub repository's folder, else the plugin
 * installed from that path or URL (under the entry's name, when it gives one).
 */
function installedFor(spec: SourceSpec | undefined, name: string | undefined, store: InstalledPlugin[], home: string): InstalledPlugin | undefined {
  if (!spec) return undefined;
  if (spec.kind === "github") {
    const folder = safeFolder(home, spec.owner, spec.repo);
    return store.find((plugin) => plugin.dir === folder);
  }
  const source = receiptSource(spec);
  return store.find((plugin) => plugin.receipt?.source === source && (name === undefined || plugin.metadata.name === name));
}

function specOrUndefined(source: string, dir: string): SourceSpec | undefined {
  try {
    return readProjectSource(source, dir);
  } catch {
    return undefined;
  }
}

function safeFolder(home: string, owner: string, repo: string): string | undefined {
  try {
    return pluginFolder(home, owner, repo);
  } catch {
    return undefined;
  }
}
