/**
 * One lock for the whole plugin store. Names and commands are unique across the store,
 * so the check that a name is free and the rename that takes it must run with no other
 * `k3d plugin` command in between, whichever folders the two are installing into.
 *
 * The lock is the file `plugins/.store.lock` (a dot-file readers skip), holding its
 * owner's pid and identity (process-identity.ts: on Linux the boot and the process's start
 * time). It never exists without them: they are written to a private file first, which
 * is then hard-linked to the lock's name — one atomic step that fails if the lock exists.
 * So a full disk makes taking the lock fail, with a message, instead of leaving an empty
 * lock that no one could ever tell from a live one.
 *
 * A lock is stale, and taken over, when its process is gone, or when a process with its
 * pid runs but is another one (a pid reused, after a reboot say). A lock whose content
 * cannot be read (written by an older k3dx that died between creating and writing it) is
 * stale once it is 5 s old. Only the final step of a command runs under it (collision
 * checks, renames, hook links): downloads, unpacking and the INFO protocol happen before,
 * in a private staging folder, so the wait is short and bounded.
 */
import { linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { K3dxError } from "../errors.ts";
import { dirName } from "../platform/paths.ts";
import { storeLockPath } from "../plugins/store-layout.ts";
import { isStillRunning, processIdentity } from "../process/process-identity.ts";
import { recoverInterruptedChanges, type Recovery } from "./recover-store.ts";

export interface LockOptions {
  /** How long to wait for another command to finish with the store. */
  waitMs?: number;
  /** How often to look again while waiting. */
  pollMs?: number;
  /** Stops waiting: the command was interrupted. */
  abort?: AbortSignal;
}

const DEFAULT_WAIT_MS = 30_000;
const DEFAULT_POLL_MS = 50;
/**
 * A lock or takeover guard whose content cannot be read is this old at most while its
 * writer is alive: an older k3dx created the file, then wrote its pid microseconds later.
 */
const UNREADABLE_LOCK_STALE_MS = 5_000;

/** Who holds a lock, as its file says. */
interface Holder {
  pid: number;
  /** Absent where the writer could not tell it (Windows), and in locks of older k3dx versions. */
  identity: string | undefined;
}

/**
 * Runs `work` holding the store's lock, then releases it, whatever happened. What an
 * interrupted command left half-done in the store is put right first (recover-store.ts);
 * `work` is told what that was.
 */
export async function withStoreLock<T>(home: string, work: (recovered: Recovery[]) => Promise<T> | T, options: LockOptions = {}): Promise<T> {
  const lockPath = storeLockPath(home);
  const mine = lockContent(process.pid);
  await acquire(lockPath, mine, options);
  try {
    return await work(recoverInterruptedChanges(home));
  } finally {
    releaseIfMine(lockPath, mine);
  }
}

async function acquire(lockPath: string, content: string, options: LockOptions): Promise<void> {
  const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
  const deadline = Date.now() + waitMs;
  for (;;) {
    if (tryCreate(lockPath, content)) return;
    const holder = readHolder(lockPath);
    if (isStale(lockPath, holder) && takeOverStaleLock(lockPath, content)) continue;
    if (options.abort?.aborted) throw new K3dxError(`stopped waiting for the plugin store's lock ${lockPath}`);
    if (Date.now() >= deadline) {
      const who = holder === undefined ? "another k3d plugin command" : `another k3d plugin command (pid ${holder.pid})`;
      throw new K3dxError(
        `${who} holds the plugin store's lock ${lockPath} and did not finish within ${Math.round(waitMs / 1000)} s; ` +
          `try again, or delete ${lockPath} if no 'k3d plugin' command is running`,
      );
    }
    await Bun.sleep(options.pollMs ?? DEFAULT_POLL_MS);
  }
}

/** `pid identity`, the line a lock holds. */
function lockContent(pid: number): string {
  const identity = processIdentity(pid);
  return identity === undefined ? `${pid}\n` : `${pid} ${identity}\n`;
}

/**
 * Creates `path` holding `content`, or returns false when it exists. The content is
 * written under a private name and linked to `path`: the name never exists empty.
 */
function tryCreate(path: string, content: string): boolean {
  const draft = `${path}.${process.pid}.${Math.random().toString(36).slice(2, 8)}`;
  try {
    try {
      writeFileSync(draft, content, { flag: "wx", mode: 0o644 });
    } catch (error) {
      // plugins/ itself may have just been removed by a command that emptied the store.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      mkdirSync(dirName(path), { recursive: true });
      writeFileSync(draft, content, { flag: "wx", mode: 0o644 });
    }
    linkSync(draft, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw new K3dxError(`cannot create the plugin store's lock ${path}: ${(error as Error).message}; ${adviceFor(error, dirName(path))}`);
  } finally {
    rmSync(draft, { force: true });
  }
}

function adviceFor(error: unknown, folder: string): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case "ENOSPC":
    case "EDQUOT":
    case "EFBIG":
      return "free some disk space and try again; nothing was changed";
    case "EACCES":
    case "EPERM":
    case "EROFS":
      return `make ${folder} writable (or set K3DX_HOME to a folder that is) and try again; nothing was changed`;
    default:
      return "nothing was changed";
  }
}

/** What a lock file says; undefined when it is gone, empty, or not a lock k3dx wrote. */
function readHolder(path: string): Holder | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  const match = /^(\d+)(?: (\S+))?\n?$/.exec(text);
  const pid = match ? Number(match[1]) : NaN;
  return Number.isSafeInteger(pid) && pid > 0 ? { pid, identity: match![2] } : undefined;
}

/** Whether the lock at `path` (held by `holder`, as read) was left by a process that is gone. */
function isStale(path: string, holder: Holder | undefined): boolean {
  if (holder) return !isStillRunning(holder.pid, holder.identity);
  const stat = statIfThere(path);
  return stat !== undefined && Date.now() - stat.mtimeMs > UNREADABLE_LOCK_STALE_MS;
}

/**
 * Removes a stale lock. Two commands may find the same stale lock, and by the time one
 * deletes it the other may have deleted it and a third taken the store: so a takeover
 * first creates `<lock>.takeover` (the same way as the lock). While that guard exists no
 * one else deletes the lock, and no one can create one over it, so the stale content
 * read under the guard is still the file's when it is deleted. Returns false when
 * another command holds the guard: wait, and look again.
 */
function takeOverStaleLock(lockPath: string, content: string): boolean {
  const guard = `${lockPath}.takeover`;
  if (!tryCreate(guard, content)) {
    removeStaleGuard(guard);
    return false;
  }
  try {
    if (isStale(lockPath, readHolder(lockPath))) rmSync(lockPath, { force: true });
  } finally {
    rmSync(guard, { force: true });
  }
  return true;
}

/** A guard lives microseconds; one whose writer is gone, or that is unreadable and old, was left by a crash. */
function removeStaleGuard(guard: string): void {
  if (isStale(guard, readHolder(guard))) rmSync(guard, { force: true });
}

/** Deletes the lock if it is still ours: a lock taken over by mistake is not ours to delete. */
function releaseIfMine(path: string, content: string): void {
  try {
    if (readFileSync(path, "utf8") === content) rmSync(path, { force: true });
  } catch {
    // Gone already.
  }
}

function statIfThere(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
