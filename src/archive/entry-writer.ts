/**
 * Writes checked archive entries into one folder: the tar reader, the zip reader and the
 * folder copy all go through here, so the rules hold for every kind of source.
 *
 * - Names and link targets pass `safe-entry-path.ts` first.
 * - Nothing is ever written through a link: an entry whose parent is a link (or a file)
 *   fails, so every path's physical place is its textual place and the checks are exact.
 * - An entry that repeats an earlier name replaces it, as tar does; it never follows it.
 * - Permission bits are kept except setuid/setgid/sticky and group/other write: a plugin
 *   store that another user could write to would let them run code as this user.
 * - What is written in all stays within `UnpackLimits`: every entry and every folder a
 *   path implies counts, and every byte of file data.
 *
 * The folder must be new and empty: what is in it is tracked in memory, not re-read.
 */
import { chmodSync, closeSync, fchmodSync, linkSync, mkdirSync, openSync, symlinkSync, unlinkSync, writeSync } from "node:fs";
import { joinPath } from "../platform/paths.ts";
import { ArchiveError } from "./archive-error.ts";
import { checkEntryPath, checkLinkTarget } from "./safe-entry-path.ts";
import { DEFAULT_UNPACK_LIMITS, tooManyBytes, tooManyEntries, type UnpackLimits } from "./unpack-limits.ts";
import { quoted } from "../platform/printable.ts";

type Written = "folder" | "file" | "link";

/** A file being written in pieces (tar streams its data). */
export interface OpenEntry {
  write(chunk: Uint8Array): void;
  close(): void;
}

export const DEFAULT_FILE_MODE = 0o644;
export const EXECUTABLE_MODE = 0o755;

export function fileMode(mode: number): number {
  return (mode & 0o755) | 0o600;
}

export class EntryWriter {
  private readonly written = new Map<string, Written>();
  private entries = 0;
  private bytes = 0;

  constructor(
    readonly root: string,
    readonly limits: UnpackLimits = DEFAULT_UNPACK_LIMITS,
  ) {
    mkdirSync(root, { recursive: true });
  }

  folder(name: string, mode = 0o755): void {
    this.countEntry();
    const path = checkEntryPath(name);
    if (path === "") return;
    this.makeParents(name, path);
    const previous = this.written.get(path);
    if (previous === undefined) {
      mkdirSync(this.absolute(path));
      this.written.set(path, "folder");
    } else if (previous !== "folder") {
      throw new ArchiveError(`entry ${quoted(name)} is a folder, but an earlier entry made it a ${previous}`);
    }
    chmodSync(this.absolute(path), (mode & 0o755) | 0o700);
  }

  /** `declaredSize`, when the archive states it, fails an entry too large before any of it is written. */
  openFile(name: string, mode: number, declaredSize = 0): OpenEntry {
    this.countEntry();
    this.checkRoomFor(declaredSize);
    const path = this.clearForEntry(name, "file");
    const fd = openSync(this.absolute(path), "wx", 0o600);
    this.written.set(path, "file");
    return {
      write: (chunk) => {
        this.checkRoomFor(chunk.length);
        this.bytes += chunk.length;
        for (let done = 0; done < chunk.length; ) done += writeSync(fd, chunk, done);
      },
      close() {
        fchmodSync(fd, fileMode(mode));
        closeSync(fd);
      },
    };
  }

  symlink(name: string, target: string): void {
    this.countEntry();
    const path = this.clearForEntry(name, "link");
    checkLinkTarget(path, target);
    symlinkSync(target, this.absolute(path));
    this.written.set(path, "link");
  }

  /** A hard link may only point to a regular file written earlier from the same archive. */
  hardlink(name: string, target: string): void {
    this.countEntry();
    const shown = `hard link ${quoted(name)} -> ${quoted(target)}`;
    let targetPath: string;
    try {
      targetPath = checkEntryPath(target);
    } catch {
      throw new ArchiveError(`${shown} points outside the plugin folder`);
    }
    if (this.written.get(targetPath) !== "file" || targetPath === checkEntryPath(name)) {
      throw new ArchiveError(`${shown} does not point to a file unpacked before it`);
    }
    const path = this.clearForEntry(name, "link");
    linkSync(this.absolute(targetPath), this.absolute(path));
    this.written.set(path, "file");
  }

  /** Checks the name, makes the parent folders, and removes an earlier entry of that name. */
  private clearForEntry(name: string, kind: "file" | "link"): string {
    const path = checkEntryPath(name);
    if (path === "") throw new ArchiveError(`entry ${quoted(name)} names the plugin folder itself as a ${kind}`);
    this.makeParents(name, path);
    const previous = this.written.get(path);
    if (previous === "folder") throw new ArchiveError(`entry ${quoted(name)} would replace a folder`);
    if (previous !== undefined) unlinkSync(this.absolute(path));
    return path;
  }

  private makeParents(name: string, path: string): void {
    const parts = path.split("/");
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join("/");
      const previous = this.written.get(parent);
      if (previous === "folder") continue;
      if (previous === "link") throw new ArchiveError(`entry ${quoted(name)} goes through the link ${quoted(parent)}`);
      if (previous === "file") throw new ArchiveError(`entry ${quoted(name)} is inside ${quoted(parent)}, which is a file`);
      this.countEntry();
      mkdirSync(this.absolute(parent), { mode: 0o755 });
      this.written.set(parent, "folder");
    }
  }

  private countEntry(): void {
    if (++this.entries > this.limits.maxEntries) throw tooManyEntries(this.limits);
  }

  private checkRoomFor(bytes: number): void {
    if (this.bytes + bytes > this.limits.maxBytes) throw tooManyBytes(this.limits);
  }

  private absolute(path: string): string {
    return joinPath(this.root, path);
  }
}
