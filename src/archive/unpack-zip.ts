/**
 * A zip reader: the central directory at the end of the file says what is in it, each
 * entry is read from its offset and inflated as a stream, and checked against its CRC-32.
 * Unix permission bits and symbolic links come from the external attributes that zip
 * tools on Unix and macOS record; zips made on Windows carry none, so their files get 0644.
 *
 * A zip states every entry's size up front, so a bomb is refused before anything is
 * written: entries that share their data (one compressed body listed many times), or
 * stated sizes over the writer's limits. An entry whose data then inflates to more than
 * it stated stops at that size. Memory holds one chunk of one entry, whatever the sizes.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { LINK_TARGET_MAX_BYTES, ZIP_DIRECTORY_MAX_BYTES } from "../limits.ts";
import { ArchiveError } from "./archive-error.ts";
import { decompressedChunks } from "./decompressed-chunks.ts";
import { DEFAULT_FILE_MODE, type EntryWriter } from "./entry-writer.ts";
import { tooManyBytes, tooManyEntries, type UnpackLimits } from "./unpack-limits.ts";
import { quoted } from "../platform/printable.ts";

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

/** Where an entry's compressed bytes are, read from its local header. */
interface Located extends ZipEntry {
  dataStart: number;
}

export async function unpackZip(path: string, writer: EntryWriter): Promise<void> {
  const fd = openSync(path, "r");
  let entries: Located[];
  try {
    const fileSize = fstatSync(fd).size;
    const read: Read = (position, length) => readExactly(fd, position, length, fileSize);
    const directory = readCentralDirectory(read, fileSize, writer.limits);
    entries = directory.entries.map((entry) => locate(entry, read));
    checkNoSharedData(entries, directory.offset);
    const stated = entries.reduce((sum, entry) => sum + entry.size, 0);
    if (stated > writer.limits.maxBytes) throw tooManyBytes(writer.limits);
  } finally {
    closeSync(fd);
  }
  for (const entry of entries) await writeEntry(entry, Bun.file(path), writer);
}

type Read = (position: number, length: number) => Buffer<ArrayBuffer>;

function readCentralDirectory(read: Read, fileSize: number, limits: UnpackLimits): { entries: ZipEntry[]; offset: number } {
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

  if (count > limits.maxEntries) throw tooManyEntries(limits);
  if (directorySize > ZIP_DIRECTORY_MAX_BYTES) throw new ArchiveError("its central directory is implausibly large");
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
  return { entries, offset: directoryOffset };
}

/** The zip64 extra field holds, in order, whichever of the three 32-bit fields are saturated. */
function applyZip64Extra(entry: ZipEntry, extra: Buffer): void {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === 0x0001) {
      let field = at + 4;
      const next = (): number => {
        if (field + 8 > at + 4 + length) throw new ArchiveError(`the zip64 data of ${quoted(entry.name)} is corrupt`);
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

function locate(entry: ZipEntry, read: Read): Located {
  const shown = quoted(entry.name);
  if (entry.flags & 0x1) throw new ArchiveError(`entry ${shown} is encrypted`);
  if (entry.method !== 0 && entry.method !== 8) {
    throw new ArchiveError(`entry ${shown} uses zip compression method ${entry.method}; k3dx reads stored and deflated entries`);
  }
  const local = read(entry.localHeaderOffset, 30);
  if (local.readUInt32LE(0) !== LOCAL_FILE_HEADER) throw new ArchiveError(`the local header of ${shown} is corrupt`);
  const dataStart = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  return { ...entry, dataStart };
}

/**
 * Each entry's local header and data must lie apart from every other's, and before the
 * central directory (which `read` found inside the file, so the data is inside it too).
 * Zip tools never share data between entries; a bomb does, to list one small compressed
 * body thousands of times.
 */
function checkNoSharedData(entries: Located[], directoryOffset: number): void {
  const byOffset = [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  byOffset.forEach((entry, i) => {
    const end = entry.dataStart + entry.compressedSize;
    const next = byOffset[i + 1];
    if (next && end > next.localHeaderOffset) {
      throw new ArchiveError(`entries ${quoted(entry.name)} and ${quoted(next.name)} overlap in the file, which only a zip bomb does`);
    }
    if (end > directoryOffset) throw new ArchiveError(`the data of ${quoted(entry.name)} runs into the central directory`);
  });
}

async function writeEntry(entry: Located, file: Blob, writer: EntryWriter): Promise<void> {
  const type = entry.unixMode & S_IFMT;
  const permissions = entry.unixMode & 0o7777;
  if (type === S_IFDIR || (type === 0 && entry.name.endsWith("/"))) {
    writer.folder(entry.name, permissions || 0o755);
    return;
  }
  if (type === S_IFLNK) {
    if (entry.size > LINK_TARGET_MAX_BYTES) throw new ArchiveError(`the link ${quoted(entry.name)} has a target over ${LINK_TARGET_MAX_BYTES} bytes`);
    const parts: Uint8Array[] = [];
    await readEntryData(entry, file, (chunk) => parts.push(chunk));
    writer.symlink(entry.name, new TextDecoder().decode(Buffer.concat(parts)));
    return;
  }
  // Any other type (Info-ZIP records a file read from a pipe as a FIFO) holds plain data
  // and becomes a plain file, as unzip makes it.
  const sink = writer.openFile(entry.name, permissions || DEFAULT_FILE_MODE, entry.size);
  try {
    await readEntryData(entry, file, (chunk) => sink.write(chunk));
  } finally {
    sink.close();
  }
}

/** Streams an entry's data to `take`, never more than its stated size, and checks its CRC-32. */
async function readEntryData(entry: Located, file: Blob, take: (chunk: Uint8Array) => void): Promise<void> {
  const shown = quoted(entry.name);
  const raw = file.slice(entry.dataStart, entry.dataStart + entry.compressedSize).stream();
  const data = entry.method === 8 ? raw.pipeThrough(new DecompressionStream("deflate-raw")) : raw;
  let size = 0;
  let crc = 0;
  for await (const chunk of decompressedChunks(data, `the data of ${shown} is corrupt`)) {
    size += chunk.length;
    if (size > entry.size) throw new ArchiveError(`the data of ${shown} is larger than the ${entry.size} bytes its header states`);
    crc = Bun.hash.crc32(chunk, crc);
    take(chunk);
  }
  if (size !== entry.size || crc >>> 0 !== entry.crc32) {
    throw new ArchiveError(`the data of ${shown} is corrupt (size or CRC-32 does not match)`);
  }
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
