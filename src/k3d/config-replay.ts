/**
 * A config k3dx had to read before k3d does (to learn the cluster's name for hooks) must
 * reach k3d as if k3dx had never touched it. A regular file k3d simply reads again. A
 * stream can be read once only, so k3dx keeps the bytes and hands them back where k3d
 * will look:
 *
 *   -c -              k3d's stdin is the bytes
 *   -c /dev/stdin     the same
 *   -c /dev/fd/N      (`<(…)`, `3<file`) descriptor N in k3d is a memory file of the bytes
 *   -c /path/fifo     the bytes are written into the named pipe once k3d opens it
 *
 * The argument itself is never changed: k3d, K3D_ARGS and hooks see what the user typed.
 */
import { statSync } from "node:fs";

export interface ConfigReplay {
  /** k3d's stdin is these bytes. */
  stdin?: Uint8Array;
  /** Descriptor number in k3d → the bytes it reads there. */
  fds?: Map<number, Uint8Array>;
  /** A named pipe k3d will open: the bytes are written into it again. */
  fifo?: { path: string; bytes: Uint8Array };
}

/** Nothing to hand back: k3d reads the file itself. */
export const NO_REPLAY: ConfigReplay = {};

export function isEmptyReplay(replay: ConfigReplay): boolean {
  return replay.stdin === undefined && (replay.fds?.size ?? 0) === 0 && replay.fifo === undefined;
}

/** Whether `path` can be read again with the same result (a regular file, or nothing readable at all). */
export function isRereadable(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    // Missing or unreadable: k3d says so itself.
    return true;
  }
}

/** How k3d gets `bytes` — just read from `path` ("-" for stdin) — again. */
export function replayFor(path: string, bytes: Uint8Array): ConfigReplay {
  if (path === "-" || path === "/dev/stdin") return { stdin: bytes };
  const fd = /^\/(?:dev|proc\/self)\/fd\/(\d+)$/.exec(path)?.[1];
  if (fd !== undefined) return Number(fd) === 0 ? { stdin: bytes } : { fds: new Map([[Number(fd), bytes]]) };
  if (isRereadable(path)) return NO_REPLAY;
  let fifo = false;
  try {
    fifo = statSync(path).isFIFO();
  } catch {
    // Gone since: k3d will say so.
  }
  return fifo ? { fifo: { path, bytes } } : NO_REPLAY;
}
