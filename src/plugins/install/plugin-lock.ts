/**
 * One plugin folder changes under one lock, so two `k3d plugin` commands at the same
 * time cannot interleave their renames. The lock is a file created with O_EXCL beside
 * the folder (`plugins/OWNER/.REPO.lock`, a dot-file readers skip) holding the owner's
 * pid; a lock whose process is gone was left by a crash and is taken over.
 *
 * Only the final step of a command runs under the lock (collision checks, renames,
 * hook links): downloads and unpacking happen before, in a private staging folder, so
 * the wait is short and bounded.
 */
import { closeSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { K3dxError } from "../../errors.ts";
import { baseName, dirName, joinPath } from "../../platform/paths.ts";

export interface LockOptions {
  /** How long to wait for another command to finish with this plugin. */
  waitMs?: number;
  /** How often to look again while waiting. */
  pollMs?: number;
}

const DEFAULT_WAIT_MS = 30_000;
const DEFAULT_POLL_MS = 50;

export function lockPathFor(pluginDir: string): string {
  return joinPath(dirName(pluginDir), `.${baseName(pluginDir)}.lock`);
}

/** Runs `work` holding the lock of `pluginDir`, then releases it, whatever happened. */
export async function withPluginLock<T>(pluginDir: string, work: () => Promise<T> | T, options: LockOptions = {}): Promise<T> {
  const lockPath = lockPathFor(pluginDir);
  await acquire(lockPath, options.waitMs ?? DEFAULT_WAIT_MS, options.pollMs ?? DEFAULT_POLL_MS);
  try {
    return await work();
  } finally {
    rmSync(lockPath, { force: true });
  }
}

async function acquire(lockPath: string, waitMs: number, pollMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    if (tryCreate(lockPath)) return;
    const holder = readHolder(lockPath);
    if (holder !== undefined && !isRunning(holder)) {
      takeOverStaleLock(lockPath, holder);
      continue;
    }
    if (Date.now() >= deadline) {
      const who = holder === undefined ? "another k3d plugin command" : `another k3d plugin command (pid ${holder})`;
      throw new K3dxError(
        `${who} is changing this plugin and did not finish within ${Math.round(waitMs / 1000)} s; ` +
          `try again, or delete ${lockPath} if no such command is running`,
      );
    }
    await Bun.sleep(pollMs);
  }
}

function tryCreate(lockPath: string): boolean {
  let fd: number;
  try {
    fd = openSync(lockPath, "wx", 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw new K3dxError(`cannot create the lock ${lockPath}: ${(error as Error).message}`);
  }
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** The pid in a lock file; undefined while its creator has not written it yet, or when it is gone. */
function readHolder(lockPath: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(lockPath, "utf8"), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes a lock left by a dead process. Two commands may find the same stale lock: each
 * first renames it to a name of its own (only one rename can win), and deletes what it
 * moved only if that still names the dead holder; a fresh lock it caught is put back.
 */
function takeOverStaleLock(lockPath: string, deadPid: number): void {
  const moved = `${lockPath}.stale-${process.pid}`;
  try {
    renameSync(lockPath, moved);
  } catch {
    return; // someone else took it over first
  }
  if (readHolder(moved) === deadPid) rmSync(moved, { force: true });
  else renameSync(moved, lockPath);
}
