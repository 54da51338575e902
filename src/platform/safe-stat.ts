/**
 * Looking at a path someone else put there — a `k3d-*` file on PATH, an entry of a hook
 * folder, a file in the plugin store — without ever throwing. `statSync(path,
 * {throwIfNoEntry: false})` answers "no entry" only for ENOENT: a loop of symbolic links
 * (ELOOP), an unreadable folder on the way (EACCES), a name too long (ENAMETOOLONG) or a
 * file where a folder should be (ENOTDIR) still throw, and one such entry on PATH would
 * take `k3d --help` and Tab down with it. For lookups, all of them mean "nothing usable
 * here"; doctor asks `statProblem` to report why.
 *
 * node:fs is loaded on first use: wrapper-identity.ts, on the start-up path, imports this.
 */
import type { Stats } from "node:fs";

/** The file `path` finally points to, or undefined when there is none that can be looked at. */
export function statPath(path: string): Stats | undefined {
  try {
    return nodeFs().statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** The entry itself, a link not followed; undefined when it cannot be looked at. */
export function lstatPath(path: string): Stats | undefined {
  try {
    return nodeFs().lstatSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/**
 * Why `path` cannot be looked at, in words for a finding ("a loop of symbolic links"),
 * or undefined when it can, or simply does not exist.
 */
export function statProblem(path: string): string | undefined {
  try {
    nodeFs().statSync(path, { throwIfNoEntry: false });
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    return `${PROBLEMS[code] ?? "it cannot be looked at"}${code ? ` (${code})` : ""}`;
  }
}

const PROBLEMS: Record<string, string> = {
  ELOOP: "it is a loop of symbolic links",
  EACCES: "permission denied on the way to it",
  EPERM: "permission denied on the way to it",
  ENAMETOOLONG: "its name is too long",
  ENOTDIR: "a part of its path is not a folder",
};

let fs: typeof import("node:fs") | undefined;
function nodeFs(): typeof import("node:fs") {
  return (fs ??= require("node:fs") as typeof import("node:fs"));
}
