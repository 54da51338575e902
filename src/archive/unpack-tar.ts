/**
 * A streaming tar reader for what release tools write: ustar, GNU (long names, base-256
 * sizes) and pax headers (tar, Go's archive/tar as used by goreleaser, bsdtar).
 *
 * It is ours rather than Bun.Archive because Bun.Archive holds the whole archive in
 * memory, its `files()` leaves out links and modes, and its `extract()` repairs unsafe
 * names instead of refusing them. Here each entry goes to an EntryWriter as its bytes
 * arrive: memory stays flat whatever the archive's size, and every name is judged
 * before anything is written.
 *
 * The tar stream itself is held to the writer's byte limit too: headers, padding and
 * records that write nothing (pax, global headers) cost decompression all the same, and
 * a gzip bomb can be made of nothing else.
 */
import { TAR_HEADER_RECORD_MAX_BYTES } from "../limits.ts";
import { ArchiveError } from "./archive-error.ts";
import { decompressedChunks } from "./decompressed-chunks.ts";
import type { EntryWriter, OpenEntry } from "./entry-writer.ts";
import { tooManyBytes } from "./unpack-limits.ts";
import { quoted } from "../platform/printable.ts";

const BLOCK = 512;
const utf8 = new TextDecoder();

/** Unpacks a .tar.gz / .tgz read as a stream of compressed chunks. */
export async function unpackTarGz(compressed: ReadableStream<Uint8Array<ArrayBuffer>>, writer: EntryWriter): Promise<void> {
  const tar = compressed.pipeThrough(new DecompressionStream("gzip"));
  await unpackTar(decompressedChunks(tar, "its gzip data is corrupt or cut short"), writer);
}

/** Unpacks a plain .tar read as a stream of chunks. */
export async function unpackTar(chunks: AsyncIterable<Uint8Array>, writer: EntryWriter): Promise<void> {
  const parser = new TarParser(writer);
  let streamed = 0;
  try {
    for await (const chunk of chunks) {
      streamed += chunk.length;
      if (streamed > writer.limits.maxBytes) throw tooManyBytes(writer.limits);
      parser.push(chunk);
    }
    parser.end();
  } finally {
    parser.closeOpenEntry();
  }
}

/** Overrides a pax extended header or a GNU long-name record sets for the next entry. */
interface PendingNames {
  path?: string;
  linkpath?: string;
  size?: number;
}

type State =
  | { kind: "header" }
  | { kind: "data"; remaining: number; padding: number; sink: OpenEntry | undefined; name: string }
  | { kind: "meta"; remaining: number; padding: number; type: string; bytes: Uint8Array; filled: number }
  | { kind: "padding"; remaining: number }
  | { kind: "end" };

/** A push parser: feed it chunks of any size; it keeps at most one header in memory. */
class TarParser {
  private state: State = { kind: "header" };
  private readonly header = new Uint8Array(BLOCK);
  private headerFilled = 0;
  private pending: PendingNames = {};
  private offset = 0;

  constructor(private readonly writer: EntryWriter) {}

  push(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length) {
      const state = this.state;
      switch (state.kind) {
        case "end":
          return;
        case "header": {
          const take = Math.min(BLOCK - this.headerFilled, chunk.length - at);
          this.header.set(chunk.subarray(at, at + take), this.headerFilled);
          this.headerFilled += take;
          at += take;
          if (this.headerFilled === BLOCK) {
            this.headerFilled = 0;
            this.readHeader();
            this.offset += BLOCK;
          }
          break;
        }
        case "data": {
          const take = Math.min(state.remaining, chunk.length - at);
          state.sink?.write(chunk.subarray(at, at + take));
          state.remaining -= take;
          at += take;
          this.offset += take;
          if (state.remaining === 0) {
            state.sink?.close();
            this.state = { kind: "padding", remaining: state.padding };
          }
          break;
        }
        case "meta": {
          const take = Math.min(state.remaining, chunk.length - at);
          state.bytes.set(chunk.subarray(at, at + take), state.filled);
          state.filled += take;
          state.remaining -= take;
          at += take;
          this.offset += take;
          if (state.remaining === 0) {
            this.readMeta(state.type, state.bytes);
            this.state = { kind: "padding", remaining: state.padding };
          }
          break;
        }
        case "padding": {
          const take = Math.min(state.remaining, chunk.length - at);
          state.remaining -= take;
          at += take;
          this.offset += take;
          break;
        }
      }
      if (this.state.kind === "padding" && this.state.remaining === 0) this.state = { kind: "header" };
    }
  }

  end(): void {
    const state = this.state;
    if (state.kind === "end") return;
    if (this.offset === 0 && this.headerFilled === 0) throw new ArchiveError("the tar archive is empty");
    if (state.kind === "header" && this.headerFilled === 0) return; // no end-of-archive blocks: tolerated, as GNU tar does
    const inside = state.kind === "data" ? ` inside ${quoted(state.name)}` : "";
    throw new ArchiveError(`the tar archive is cut short${inside}`);
  }

  /** A file whose data never came in full still holds a descriptor; release it. */
  closeOpenEntry(): void {
    if (this.state.kind === "data") this.state.sink?.close();
    this.state = { kind: "end" };
  }

  private readHeader(): void {
    const block = this.header;
    if (block.every((byte) => byte === 0)) {
      this.state = { kind: "end" };
      return;
    }
    if (!checksumMatches(block)) {
      throw new ArchiveError(this.offset === 0 ? "it is not a tar archive" : `corrupt tar header at byte ${this.offset}`);
    }
    const type = String.fromCharCode(block[156]!);
    const headerSize = readNumber(block, 124, 12, this.offset);

    if (type === "x" || type === "L" || type === "K") {
      if (headerSize > TAR_HEADER_RECORD_MAX_BYTES) throw new ArchiveError(`a tar extended header at byte ${this.offset} is implausibly large`);
      if (headerSize === 0) this.readMeta(type, new Uint8Array(0));
      this.state = headerSize === 0
        ? { kind: "header" }
        : { kind: "meta", remaining: headerSize, padding: paddingFor(headerSize), type, bytes: new Uint8Array(headerSize), filled: 0 };
      return;
    }
    if (type === "g" || type === "V") {
      // A pax global header or a volume label: nothing in it changes where or what we write.
      this.state = headerSize === 0 ? { kind: "header" } : { kind: "data", remaining: headerSize, padding: paddingFor(headerSize), sink: undefined, name: "" };
      return;
    }

    // A pax `size` overrides the header's (for files over 8 GB); it belongs to this entry.
    const size = this.pending.size ?? headerSize;

    const name = this.pending.path ?? headerName(block);
    const linkName = this.pending.linkpath ?? readString(block, 157, 100);
    this.pending = {};
    const mode = readNumber(block, 100, 8, this.offset) & 0o7777;
    let sink: OpenEntry | undefined;
    switch (type) {
      case "0":
      case "\0":
      case "7":
        if (type === "\0" && name.endsWith("/")) this.writer.folder(name, mode);
        else sink = this.writer.openFile(name, mode, size);
        break;
      case "5":
        this.writer.folder(name, mode);
        break;
      case "2":
        this.writer.symlink(name, linkName);
        break;
      case "1":
        this.writer.hardlink(name, linkName);
        break;
      case "3":
      case "4":
      case "6":
        throw new ArchiveError(`entry ${quoted(name)} is a device or FIFO, which a plugin has no use for`);
      default:
        throw new ArchiveError(`entry ${quoted(name)} has tar type ${quoted(type)}, which k3dx does not unpack`);
    }
    if (size === 0) {
      sink?.close();
      this.state = { kind: "header" };
    } else {
      this.state = { kind: "data", remaining: size, padding: paddingFor(size), sink, name };
    }
  }

  private readMeta(type: string, bytes: Uint8Array): void {
    if (type === "L") this.pending.path = cString(bytes);
    else if (type === "K") this.pending.linkpath = cString(bytes);
    else Object.assign(this.pending, parsePax(bytes, this.offset));
  }
}

function paddingFor(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

/** The header checksum: the byte sum with the checksum field taken as spaces. */
function checksumMatches(block: Uint8Array): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
  const stored = parseInt(readString(block, 148, 8).trim() || "x", 8);
  return stored === sum;
}

/** ustar splits long names into prefix + name; the old GNU format uses those bytes for times. */
function headerName(block: Uint8Array): string {
  const name = readString(block, 0, 100);
  const prefix = readString(block, 257, 6) === "ustar" ? readString(block, 345, 155) : "";
  return prefix ? `${prefix}/${name}` : name;
}

/** Octal, or GNU base-256 when the first byte's high bit is set. */
function readNumber(block: Uint8Array, start: number, length: number, offset: number): number {
  if (block[start]! & 0x80) {
    let value = block[start]! & 0x7f;
    for (let i = start + 1; i < start + length; i++) value = value * 256 + block[i]!;
    return value;
  }
  const text = readString(block, start, length).trim();
  if (text === "") return 0;
  if (!/^[0-7]+$/.test(text)) throw new ArchiveError(`corrupt tar header at byte ${offset}`);
  return parseInt(text, 8);
}

function readString(block: Uint8Array, start: number, length: number): string {
  return cString(block.subarray(start, start + length));
}

function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return utf8.decode(end < 0 ? bytes : bytes.subarray(0, end));
}

/** pax records: `<length> <key>=<value>\n`, the length counting the whole record. */
function parsePax(bytes: Uint8Array, offset: number): PendingNames {
  const found: PendingNames = {};
  let at = 0;
  while (at < bytes.length) {
    const space = bytes.indexOf(0x20, at);
    const length = space < 0 ? NaN : Number(utf8.decode(bytes.subarray(at, space)));
    if (!Number.isInteger(length) || length <= 0 || at + length > bytes.length) {
      throw new ArchiveError(`corrupt pax header before byte ${offset}`);
    }
    const record = utf8.decode(bytes.subarray(space + 1, at + length - 1));
    const equals = record.indexOf("=");
    const key = record.slice(0, equals);
    const value = record.slice(equals + 1);
    if (key === "path") found.path = value;
    else if (key === "linkpath") found.linkpath = value;
    else if (key === "size") found.size = Number(value);
    at += length;
  }
  if (found.size !== undefined && !(Number.isSafeInteger(found.size) && found.size >= 0)) {
    throw new ArchiveError(`corrupt pax size before byte ${offset}`);
  }
  return found;
}
