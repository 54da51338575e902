/**
 * Path helpers that stay off `node:path` and `node:os`: this module is on the start-up
 * path of every k3d call, where each builtin module costs milliseconds.
 */

export const IS_WINDOWS = process.platform === "win32";
export const PATH_LIST_SEPARATOR = IS_WINDOWS ? ";" : ":";
const SEPARATOR = IS_WINDOWS ? "\\" : "/";

/**
 * Joins path parts with one separator between them. Plain string scanning rather than
 * regular expressions: compiling a regex costs a start-up path a fraction of a millisecond.
 */
export function joinPath(...parts: string[]): string {
  let out = "";
  for (const part of parts) {
    if (part === "") continue;
    if (out === "") {
      const trimmed = trimSeparators(part, false);
      out = trimmed === "" ? part.slice(0, 1) : trimmed;
    } else {
      const piece = trimSeparators(part, true);
      if (piece !== "") out = isSeparator(out.charCodeAt(out.length - 1)) ? out + piece : out + SEPARATOR + piece;
    }
  }
  return out;
}

function isSeparator(code: number): boolean {
  return code === 47 /* / */ || (IS_WINDOWS && code === 92) /* \ */;
}

function trimSeparators(part: string, leading: boolean): string {
  let start = 0;
  let end = part.length;
  if (leading) while (start < end && isSeparator(part.charCodeAt(start))) start++;
  while (end > start && isSeparator(part.charCodeAt(end - 1))) end--;
  return part.slice(start, end);
}

export function dirName(path: string): string {
  const cut = Math.max(path.lastIndexOf("/"), IS_WINDOWS ? path.lastIndexOf("\\") : -1);
  if (cut < 0) return ".";
  return cut === 0 ? path.slice(0, 1) : path.slice(0, cut);
}

export function baseName(path: string): string {
  const cut = Math.max(path.lastIndexOf("/"), IS_WINDOWS ? path.lastIndexOf("\\") : -1);
  return path.slice(cut + 1);
}

export function isAbsolutePath(path: string): boolean {
  return path.startsWith("/") || (IS_WINDOWS && /^([a-zA-Z]:)?[\\/]/.test(path));
}

export function homeDirectory(env: Record<string, string | undefined>): string {
  return (IS_WINDOWS ? env.USERPROFILE : env.HOME) || env.HOME || "/";
}

/** PATH split into folders; an empty entry means the current folder, as in execvp. */
export function pathFolders(pathValue: string | undefined): string[] {
  if (!pathValue) return [];
  return pathValue.split(PATH_LIST_SEPARATOR).map((folder) => folder || ".");
}
