/**
 * Telling the wrapper from the real k3d. A `k3d` on PATH may be this very binary through
 * a symlink or a hard link (same device and inode), or a copy of it — possibly another
 * k3dx version, which would hand the call straight back to us. Every k3dx is a Bun
 * standalone executable and real k3d (Go) never is, so a copy is recognised by Bun's
 * standalone trailer. Either way we skip it, so two wrappers can never exec each other.
 */
import { closeSync, openSync, readSync, statSync } from "node:fs";

export interface FileIdentity {
  dev: number;
  ino: number;
}

/** The identity of the file a path finally points to; undefined if it does not exist. */
export function fileIdentity(path: string): FileIdentity | undefined {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat ? { dev: stat.dev, ino: stat.ino } : undefined;
}

export function sameFile(a: FileIdentity | undefined, b: FileIdentity | undefined): boolean {
  return a !== undefined && b !== undefined && a.dev === b.dev && a.ino === b.ino;
}

/** Bun's runtime alone is larger than this; anything smaller cannot be a compiled k3dx. */
const SMALLEST_BUN_EXECUTABLE = 40 * 1024 * 1024;
/** Bun puts the trailer near the end (ELF/PE section, or Mach-O segment before the signature). */
const TRAILER_SEARCH_WINDOW = 4 * 1024 * 1024;
const BUN_STANDALONE_TRAILER = Buffer.from("\n---- Bun! ----\n");

export function isBunStandaloneExecutable(path: string): boolean {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat || stat.size < SMALLEST_BUN_EXECUTABLE) return false;
  const length = Math.min(TRAILER_SEARCH_WINDOW, stat.size);
  const tail = Buffer.allocUnsafe(length);
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const read = readSync(fd, tail, 0, length, stat.size - length);
    return tail.subarray(0, read).includes(BUN_STANDALONE_TRAILER);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Is `path` this wrapper, or another k3dx, rather than a real k3d? */
export function isWrapper(path: string, self: FileIdentity | undefined): boolean {
  return sameFile(fileIdentity(path), self) || isBunStandaloneExecutable(path);
}
