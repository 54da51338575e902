/**
 * One lock for the whole plugin store. Names and commands are unique across the store,
 * so the check that a name is free and the rename that takes it must run with no other
 * `k3d plugin` command in between, whichever folders the two are installing into.
 *
 * The lock is a file created with O_EXCL (`plugins/.store.lock`, a dot-file readers
 * skip) holding the owner's pid; a lock whose process is gone was left by a crash and is
 * taken over. Only the final step of a command runs under it (collision checks, renames,
 * hook links): downloads, unpacking and the INFO protocol happen before, in a private
 * staging folder, so the wait is short and bounded.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { K3dxError } from "../errors.ts";
import { dirName } from "../platform/paths.ts";
import { storeLockPath } from "../plugins/store-layout.ts";

export interface LockOptions {
  /** How long to wait for another command to finish with the store. */
  waitMs?: number;
  /** How often to look again while waiting. */
  pollMs?: number;
}

const DEFAULT_WAIT_MS = 30_000;
const DEFAULT_POLL_MS = 50;
/** A takeover takes microseconds; a guard this old was left by a process killed during one. */
const STALE_GUARD_MS = 5_000;

/** Runs `work` holding the store's lock, then releases it, whatever happened. */
export async function withStoreLock<T>(home: string, work: () => Promise<T> | T, options: LockOptions = {}): Promise<T> {
  const lockPath = storeLockPath(home);
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
    if (holder !== undefined && !isRunning(holder) && takeOverStaleLock(lockPath, holder)) continue;
    if (Date.now() >= deadline) {
      const who = holder === undefined ? "another k3d plugin command" : `another k3d plugin command (pid ${holder})`;
      throw new K3dxError(
        `${who} is changing the plugin store and did not finish within ${Math.round(waitMs / 1000)} s; ` +
          `try again, or delete ${lockPath} if no such command is running`,
      );
    }
    await Bun.sleep(pollMs);
  }
}

/** Creates `path` holding our pid, or returns false when it exists. */
function tryCreate(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, "wx", 0o644);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    // plugins/ itself may have just been removed by a command that emptied the store.
    if (code === "ENOENT") {
      mkdirSync(dirName(path), { recursive: true });
      return tryCreate(path);
    }
    throw new K3dxError(`cannot create the lock ${path}: ${(error as Error).message}`);
  }
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** The pid in a lock file; undefined while its creator has not written it yet, or when it is gone. */
function readHolder(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, "utf8"), 10);
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
 * Removes a lock left by a dead process. Two commands may find the same stale lock, and
 * by the time one deletes it the other may have deleted it and a third taken the store:
 * so a takeover first creates `<lock>.takeover` (O_EXCL). While that guard exists no one
 * else deletes the lock, and no one can create one over it, so the dead pid read under
 * the guard is still the file's when it is deleted. Returns false when another command
 * holds the guard: wait, and look again.
 */
function takeOverStaleLock(lockPath: string, deadPid: number): boolean {
  const guard = `${lockPath}.takeover`;
  if (!tryCreate(guard)) {
    removeStaleGuard(guard);
    return false;
  }
  try {
    if (readHolder(lockPath) === deadPid) rmSync(lockPath, { force: true });
  } finally {
    rmSync(guard, { force: true });
  }
  return true;
}

function removeStaleGuard(guard: string): void {
  const stat = statSync(guard, { throwIfNoEntry: false });
  if (stat && Date.now() - stat.mtimeMs > STALE_GUARD_MS) rmSync(guard, { force: true });
}
