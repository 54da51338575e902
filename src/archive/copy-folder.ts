/**
 * Copies a local plugin folder through the same EntryWriter as an archive, so a link
 * in it that points outside (`config -> ~/.ssh`) fails the install exactly as it would
 * in a download. Returns the SHA-256 of the folder's manifest: `sha256sum` lines of
 * every regular file, sorted by path, which the shell reproduces with
 * `find . -type f | sed 's|^\./||' | LC_ALL=C sort | xargs sha256sum | sha256sum`.
 */
import { closeSync, lstatSync, openSync, readSync, readdirSync, readlinkSync } from "node:fs";
import { joinPath } from "../platform/paths.ts";
import { ArchiveError } from "./archive-error.ts";
import { EntryWriter } from "./entry-writer.ts";
import { quoted } from "../platform/printable.ts";

const CHUNK = 1 << 20;

export function copyFolder(source: string, target: string): string {
  const writer = new EntryWriter(target);
  const manifest: { path: string; line: string }[] = [];
  const buffer = Buffer.allocUnsafe(CHUNK);
  const walk = (relative: string): void => {
    for (const name of readdirSync(joinPath(source, relative)).sort()) {
      const path = relative === "" ? name : `${relative}/${name}`;
      const absolute = joinPath(source, path);
      const stat = lstatSync(absolute);
      if (stat.isDirectory()) {
        writer.folder(path, stat.mode);
        walk(path);
      } else if (stat.isSymbolicLink()) {
        writer.symlink(path, readlinkSync(absolute));
      } else if (stat.isFile()) {
        manifest.push({ path, line: `${copyFile(absolute, path, stat.mode, writer, buffer)}  ${path}\n` });
      } else {
        throw new ArchiveError(`${quoted(path)} is a device, socket or FIFO, which a plugin has no use for`);
      }
    }
  };
  walk("");
  const hasher = new Bun.CryptoHasher("sha256");
  for (const { line } of manifest.sort((a, b) => byBytes(a.path, b.path))) hasher.update(line);
  return hasher.digest("hex");
}

/** Copies in chunks, hashing on the way; returns the file's SHA-256. */
function copyFile(absolute: string, path: string, mode: number, writer: EntryWriter, buffer: Buffer): string {
  const hasher = new Bun.CryptoHasher("sha256");
  const entry = writer.openFile(path, mode);
  const fd = openSync(absolute, "r");
  try {
    for (let n; (n = readSync(fd, buffer, 0, buffer.length, null)) > 0; ) {
      const chunk = buffer.subarray(0, n);
      hasher.update(chunk);
      entry.write(chunk);
    }
  } finally {
    closeSync(fd);
    entry.close();
  }
  return hasher.digest("hex");
}

/** `LC_ALL=C sort` order: by UTF-8 bytes, not by UTF-16 code units. */
function byBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
