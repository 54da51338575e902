/**
 * The only judge of where an archive entry may land. Entry names and link targets come
 * from untrusted downloads, so anything that could reach outside the unpack folder fails
 * the install instead of being quietly rewritten (which is what Bun.Archive's extract does).
 *
 * Paths are checked as text, with `/` and `\` both taken as separators: a name that is
 * harmless on Linux (`..\x`) climbs out on Windows, and the same archive serves both.
 */
import { ArchiveError } from "./archive-error.ts";
import { quoted } from "../platform/printable.ts";

/** `a/./b//c/` → `a/b/c`; "" for the folder itself. Throws for absolute names and `..`. */
export function checkEntryPath(name: string): string {
  if (name.includes("\0")) throw new ArchiveError(`entry ${quoted(name)} has a NUL byte in its name`);
  if (/^[\\/]/.test(name) || /^[a-zA-Z]:/.test(name)) {
    throw new ArchiveError(`entry ${quoted(name)} has an absolute path`);
  }
  const parts = segments(name);
  if (parts.includes("..")) throw new ArchiveError(`entry ${quoted(name)} climbs out of the plugin folder with ".."`);
  return parts.join("/");
}

/**
 * Checks the target of a symbolic link at `entryPath` (already checked): it must stay
 * inside the folder. Returns the target as a path inside the folder.
 *
 * `..` is allowed only at the start of a target. After a name it would be resolved by
 * the kernel from wherever that name leads, and the name may itself be a link: with
 * `l -> .`, the target `l/..` looks like the folder but is its parent. Leading `..`
 * starts from the link's own folder, which is a real folder (`EntryWriter` never writes
 * through a link), so counting is exact there.
 */
export function checkLinkTarget(entryPath: string, target: string): string {
  const shown = `link ${quoted(entryPath)} -> ${quoted(target)}`;
  if (target === "" || target.includes("\0")) throw new ArchiveError(`${shown} has an empty or invalid target`);
  if (/^[\\/]/.test(target) || /^[a-zA-Z]:/.test(target)) throw new ArchiveError(`${shown} points to an absolute path`);
  const resolved = segments(entryPath).slice(0, -1);
  let named = false;
  for (const part of segments(target)) {
    if (part !== "..") {
      resolved.push(part);
      named = true;
    } else if (named) {
      throw new ArchiveError(`${shown} has ".." after a name; only leading ".." is allowed in link targets`);
    } else if (resolved.pop() === undefined) {
      throw new ArchiveError(`${shown} points outside the plugin folder`);
    }
  }
  return resolved.join("/");
}

function segments(path: string): string[] {
  return path.split(/[\\/]/).filter((part) => part !== "" && part !== ".");
}
