/**
 * A zip reader: the central directory at the end of the file says what is in it, each
 * entry is read from its offset and inflated with Bun's zlib (raw deflate), and checked
 * against its CRC-32. Unix permission bits and symbolic links come from the external
 * attributes that zip tools on Unix and macOS record; zips made on Windows carry none,
 * so their files get 0644.
 *
 * The file is read entry by entry: memory holds one entry, never the whole archive.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { ArchiveError } from "./archive-error.ts";
import { DEFAULT_FILE_MODE, type EntryWriter } from "./entry-writer.ts";

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP64_END_LOCATOR = 0x07064b50;
const ZIP64_END_OF_CENTRAL_DIRECTORY = 0x06064b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
/** The end record is 22 bytes plus a comment of at most 65535. */
const MAX_TAIL = 22 + 0xffff;

const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
/** "version made by" hosts whose external attributes hold a Unix mode: Unix, macOS. */
const UNIX_HOSTS = new Set([3, 19]);

interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
  /** The Unix mode (type and permissions), or 0 when the zip was not made on Unix. */
  unixMode: number;
}

export function unpackZip(path: string, writer: EntryWriter): void {
  const fd = openSync(path, "r");
  try {
    const fileSize = fstatSync(fd).size;
    const read: Read = (position, length) => readExactly(fd, position, length, fileSize);
    for (const entry of readCentralDirectory(read, fileSize)) writeEntry(entry, read, writer);
  } finally {
    closeSync(fd);
  }
}

type Read = (position: number, length: number) => Buffer<ArrayBuffer>;

function readCentralDirectory(read: Read, fileSize: number): ZipEntry[] {
  const tailLength = Math.min(fileSize, MAX_TAIL);
  const tail = read(fileSize - tailLength, tailLength);
  let end = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new ArchiveError("it is not a zip archive, or it is cut short (no end of central directory)");
  if (tail.readUInt16LE(end + 4) !== 0 || tail.readUInt16LE(end + 6) !== 0) {
    throw new ArchiveError("it is a multi-part zip archive, which k3dx does not unpack");
  }
  let count = tail.readUInt16LE(end + 10);
  let directorySize = tail.readUInt32LE(end + 12);
  let directoryOffset = tail.readUInt32LE(end + 16);

  // ZIP64: the 16- and 32-bit fields are saturated and the real values sit in a record before.
  const locator = end - 20;
  if (locator >= 0 && tail.readUInt32LE(locator) === ZIP64_END_LOCATOR) {
    const record = read(Number(tail.readBigUInt64LE(locator + 8)), 56);
    if (record.readUInt32LE(0) !== ZIP64_END_OF_CENTRAL_DIRECTORY) throw new ArchiveError("its zip64 end record is corrupt");
    count = Number(record.readBigUInt64LE(32));
    directorySize = Number(record.readBigUInt64LE(40));
    directoryOffset = Number(record.readBigUInt64LE(48));
  }

  const directory = read(directoryOffset, directorySize);
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL_FILE_HEADER) {
      throw new ArchiveError("its central directory is corrupt");
    }
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    const flags = directory.readUInt16LE(at + 8);
    const nameBytes = directory.subarray(at + 46, at + 46 + nameLength);
    const entry: ZipEntry = {
      // Bit 11 says UTF-8; older tools wrote CP437, whose ASCII part is all a safe name uses.
      name: flags & 0x800 ? nameBytes.toString("utf8") : nameBytes.toString("latin1"),
      method: directory.readUInt16LE(at + 10),
      flags,
      crc32: directory.readUInt32LE(at + 16),
      compressedSize: directory.readUInt32LE(at + 20),
      size: directory.readUInt32LE(at + 24),
      localHeaderOffset: directory.readUInt32LE(at + 42),
      unixMode: UNIX_HOSTS.has(directory[at + 5]!) ? directory.readUInt32LE(at + 38) >>> 16 : 0,
    };
    applyZip64Extra(entry, directory.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength));
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The zip64 extra field holds, in order, whichever of the three 32-bit fields are saturated. */
function applyZip64Extra(entry: ZipEntry, extra: Buffer): void {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === 0x0001) {
      let field = at + 4;
      const next = (): number => {
        if (field + 8 > at + 4 + length) throw new ArchiveError(`the zip64 data of ${JSON.stringify(entry.name)} is corrupt`);
        const value = Number(extra.readBigUInt64LE(field));
        field += 8;
        return value;
      };
      if (entry.size === 0xffffffff) entry.size = next();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next();
    }
    at += 4 + length;
  }
}

function writeEntry(entry: ZipEntry, read: Read, writer: EntryWriter): void {
  const type = entry.unixMode & S_IFMT;
  const permissions = entry.unixMode & 0o7777;
  if (type === S_IFDIR || (type === 0 && entry.name.endsWith("/"))) {
    writer.folder(entry.name, permissions || 0o755);
    return;
  }
  // Any other type (Info-ZIP records a file read from a pipe as a FIFO) holds plain data
  // and becomes a plain file, as unzip makes it.
  const data = readEntryData(entry, read);
  if (type === S_IFLNK) writer.symlink(entry.name, new TextDecoder().decode(data));
  else writer.file(entry.name, permissions || DEFAULT_FILE_MODE, data);
}

function readEntryData(entry: ZipEntry, read: Read): Uint8Array<ArrayBuffer> {
  const shown = JSON.stringify(entry.name);
  if (entry.flags & 0x1) throw new ArchiveError(`entry ${shown} is encrypted`);
  const local = read(entry.localHeaderOffset, 30);
  if (local.readUInt32LE(0) !== LOCAL_FILE_HEADER) throw new ArchiveError(`the local header of ${shown} is corrupt`);
  const dataStart = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  const raw = read(dataStart, entry.compressedSize);
  let data: Uint8Array<ArrayBuffer>;
  if (entry.method === 0) data = raw;
  else if (entry.method === 8) {
    try {
      data = Bun.inflateSync(raw, { windowBits: -15 });
    } catch {
      throw new ArchiveError(`the data of ${shown} is corrupt`);
    }
  } else {
    throw new ArchiveError(`entry ${shown} uses zip compression method ${entry.method}; k3dx reads stored and deflated entries`);
  }
  if (data.length !== entry.size || (Bun.hash.crc32(data) >>> 0) !== entry.crc32) {
    throw new ArchiveError(`the data of ${shown} is corrupt (size or CRC-32 does not match)`);
  }
  return data;
}

function readExactly(fd: number, position: number, length: number, fileSize: number): Buffer<ArrayBuffer> {
  if (position < 0 || position + length > fileSize) throw new ArchiveError("it is cut short or corrupt (an offset points past its end)");
  const buffer = Buffer.allocUnsafe(length);
  for (let done = 0; done < length; ) {
    const n = readSync(fd, buffer, done, length - done, position + done);
    if (n === 0) throw new ArchiveError("it is cut short");
    done += n;
  }
  return buffer;
}
