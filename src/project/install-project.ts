/**
 * `k3d plugin install` with no source: every plugin of k3d-plugins.yaml, as the lock
 * beside it says (SPEC §9).
 *
 *   read the file and the lock → [--locked: the lock must match the file, and serve this
 *   platform, or nothing happens] → lock what the lock lacks → install the set (in
 *   parallel, consent, placing) → [not --locked: write the lock]
 *
 * The lock is the truth for every plugin it has: the release tag it names is installed,
 * the asset it names for this platform must be the one chosen, and the download must
 * have its digest; a plugin already installed with other bytes is brought to it. Without
 * --locked, plugins the lock lacks are locked now (the latest release, for an unpinned
 * source), entries the file dropped leave the lock, and the lock is written. With
 * --locked, the lock is never written, and any difference fails before a byte is fetched.
 */
import { existsSync } from "node:fs";
import { K3dxError } from "../errors.ts";
import type { InstallContext, InstallRequest, StagedInstall } from "../install/install-plugin.ts";
import { differenceLines, compareFileAndLock } from "./drift.ts";
import { installSet, type MemberResult } from "./install-set.ts";
import { createLimiter } from "./limiter.ts";
import { lockEntryFor } from "./lock-entry.ts";
import { LOCK_FILE, lockPath, readLockFile, writeLockFile, type LockEntry, type LockFile } from "./lock-file.ts";
import { entryKey, projectTrust, type ProjectEntry, type ProjectFile } from "./project-file.ts";
import { PARALLEL_FETCHES_MAX } from "../limits.ts";
import { thisPlatform, type ThisPlatform } from "./this-platform.ts";

export interface ProjectInstallOptions {
  ctx: InstallContext;
  /** Install exactly the lock, or nothing. */
  locked: boolean;
  /** `--force`: replace plugins of the same name, reinstall what is there. */
  force: boolean;
  confirm?: (staged: StagedInstall) => Promise<boolean>;
}

export interface ProjectInstallResult {
  lockPath: string;
  /** One per entry of the file, in its order. */
  results: MemberResult[];
  /** Platforms locked as `none` while locking new entries, and why. */
  warnings: string[];
  /** Whether the lock was written; undefined with --locked, which never writes it. */
  lockWritten?: boolean;
  /** How many entries the lock now has. */
  lockedCount: number;
}

/** Shown after the lock's digest in a mismatch: a local plugin being worked on changes on purpose. */
const LOCK_AUTHORITY = `${LOCK_FILE}; if the change is meant, 'k3d plugin lock' records it`;

export async function installProject(file: ProjectFile, options: ProjectInstallOptions): Promise<ProjectInstallResult> {
  const path = lockPath(file.dir);
  const lock = existsSync(path) ? readLockFile(path, projectTrust(options.ctx.env)) : undefined;
  const platform = thisPlatform(options.ctx.env);
  if (options.locked) return installLocked(file, lock, path, platform, options);

  const lockedBy = new Map((lock?.entries ?? []).map((entry) => [entryKey(entry), entry]));
  const limit = createLimiter(PARALLEL_FETCHES_MAX);
  const warnings: string[] = [];
  const resolved = new Map<string, LockEntry>();
  const members = file.entries.map((entry) => ({
    label: entry.source,
    request: async () => {
      let locked = lockedBy.get(entryKey(entry));
      if (!locked && entry.spec.kind === "github") {
        const fresh = await lockEntryFor(entry, { env: options.ctx.env, limit });
        warnings.push(...fresh.warnings);
        resolved.set(entryKey(entry), fresh.entry);
        locked = fresh.entry;
      }
      return requestFor(entry, locked, platform, options.force);
    },
  }));
  const results = await installSet(members, { ctx: options.ctx, limit, confirm: options.confirm, allOrNothing: false });
  const entries = file.entries.flatMap((entry, index) => {
    const known = lockedBy.get(entryKey(entry)) ?? resolved.get(entryKey(entry));
    if (known) return [known];
    // A path or URL is locked by the digest of what was just fetched.
    const sha256 = results[index]!.fetched?.receipt?.sha256;
    if (sha256 === undefined || entry.spec.kind === "github") return [];
    return [{ kind: "digest" as const, source: entry.source, ...(entry.name === undefined ? {} : { name: entry.name }), sha256 }];
  });
  const lockWritten = writeLockFile(path, { entries });
  return { lockPath: path, results, warnings, lockWritten, lockedCount: entries.length };
}

async function installLocked(
  file: ProjectFile,
  lock: LockFile | undefined,
  path: string,
  platform: ThisPlatform,
  options: ProjectInstallOptions,
): Promise<ProjectInstallResult> {
  if (!lock) throw new K3dxError(`--locked: there is no ${LOCK_FILE} beside ${file.path}; run 'k3d plugin lock' and commit it`);
  const differences = differenceLines(compareFileAndLock(file, lock));
  if (differences.length > 0) {
    throw new K3dxError(lines(`--locked: ${LOCK_FILE} does not match ${file.path}`, differences, "run 'k3d plugin lock' and commit the lock; nothing was installed"));
  }
  const lockedBy = new Map(lock.entries.map((entry) => [entryKey(entry), entry]));
  // Every request before any download: a plugin this platform cannot have stops them all.
  const problems: string[] = [];
  const requests = file.entries.map((entry) => {
    try {
      return requestFor(entry, lockedBy.get(entryKey(entry)), platform, options.force);
    } catch (error) {
      if (!(error instanceof K3dxError)) throw error;
      problems.push(error.message);
      return undefined;
    }
  });
  if (problems.length > 0) throw new K3dxError(lines(`--locked: ${LOCK_FILE} cannot be installed here`, problems, "nothing was installed"));
  const members = file.entries.map((entry, index) => ({ label: entry.source, request: async () => requests[index]! }));
  const results = await installSet(members, { ctx: options.ctx, limit: createLimiter(PARALLEL_FETCHES_MAX), confirm: options.confirm, allOrNothing: true });
  return { lockPath: path, results, warnings: [], lockedCount: lock.entries.length };
}

/** The install request for an entry, pinned to its lock entry when there is one. */
function requestFor(entry: ProjectEntry, locked: LockEntry | undefined, platform: ThisPlatform, force: boolean): InstallRequest {
  const request: InstallRequest = {
    source: entry.spec,
    nameOverride: entry.name,
    replaceCurrent: force,
    replaceSameName: force,
    replaceChanged: true,
  };
  if (!locked) return request;
  if (locked.kind === "digest") return { ...request, sha256: locked.sha256, sha256From: LOCK_AUTHORITY };
  if (!platform.locked) {
    throw new K3dxError(`${entry.source}: ${LOCK_FILE} locks the platforms k3dx is released for, and ${platform.label} is not one of them`);
  }
  const asset = locked.platforms[platform.locked.id];
  if (asset === undefined || asset === "none") {
    throw new K3dxError(`${entry.source}: ${LOCK_FILE} has no asset of ${locked.tag} for ${platform.locked.id} (the release had none when it was locked)`);
  }
  return { ...request, releaseTag: locked.tag, asset: asset.asset, sha256: asset.sha256, sha256From: LOCK_AUTHORITY };
}

/** A headline and its items: one line when there is one item, else a line each. */
function lines(headline: string, items: string[], closing: string): string {
  if (items.length === 1) return `${headline}: ${items[0]}; ${closing}`;
  return [`${headline}:`, ...items.map((item) => `  ${item}`), closing].join("\n");
}
