/**
 * Telling the wrapper from the real k3d. A `k3d` on PATH may be this very binary through
 * a symlink or a hard link (same device and inode), or a copy of it — possibly another
 * k3dx version, which would hand the call straight back to us. Every k3dx is a Bun
 * standalone executable and real k3d (Go) never is, so a copy is recognised by Bun's
 * standalone trailer. Either way we skip it, so two wrappers can never exec each other.
 *
 * This runs on every k3d call, so the common case — a real k3d, far smaller than any
 * Bun executable — is settled by one size lookup, without loading node:fs.
 */

import { statPath } from "../platform/safe-stat.ts";

export interface FileIdentity {
  dev: number;
  ino: number;
}

/** Bun's runtime alone is larger than this; anything smaller cannot be a compiled k3dx. */
const SMALLEST_BUN_EXECUTABLE = 40 * 1024 * 1024;
/** Bun puts the trailer near the end (ELF/PE section, or Mach-O segment before the signature). */
const TRAILER_SEARCH_WINDOW = 4 * 1024 * 1024;
const BUN_STANDALONE_TRAILER = "\n---- Bun! ----\n";

/** The identity of the file a path finally points to; undefined if it does not exist or cannot be looked at. */
export function fileIdentity(path: string): FileIdentity | undefined {
  const stat = statPath(path);
  return stat ? { dev: stat.dev, ino: stat.ino } : undefined;
}

export function sameFile(a: FileIdentity | undefined, b: FileIdentity | undefined): boolean {
  return a !== undefined && b !== undefined && a.dev === b.dev && a.ino === b.ino;
}

export function isBunStandaloneExecutable(path: string): boolean {
  const stat = statPath(path);
  if (!stat || stat.size < SMALLEST_BUN_EXECUTABLE) return false;
  const fs = nodeFs();
  const length = Math.min(TRAILER_SEARCH_WINDOW, stat.size);
  const tail = Buffer.allocUnsafe(length);
  let fd: number | undefined;
  try {
    fd = fs.openSync(path, "r");
    const read = fs.readSync(fd, tail, 0, length, stat.size - length);
    return tail.subarray(0, read).includes(BUN_STANDALONE_TRAILER);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Is `path` this wrapper (`selfPath`), or another k3dx, rather than a real k3d? */
export function isWrapper(path: string, selfPath: string): boolean {
  // Bun.file().size follows links; a link to us, or any Bun executable, is this large.
  if (Bun.file(path).size < SMALLEST_BUN_EXECUTABLE) return false;
  return sameFile(fileIdentity(path), fileIdentity(selfPath)) || isBunStandaloneExecutable(path);
}

/**
 * node:fs, loaded on first use: importing it costs every k3d call about a millisecond,
 * and only the rare large candidate needs it.
 */
function nodeFs(): typeof import("node:fs") {
  return require("node:fs") as typeof import("node:fs");
}
