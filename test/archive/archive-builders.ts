/**
 * Test-only archive writers. Real tools refuse to write the hostile archives the tests
 * need (absolute names, `..`, links out of the folder), so these write the bytes directly:
 * ustar with pax or GNU long names, and zip with Unix modes, stored or deflated.
 */
import { readdirSync, lstatSync } from "node:fs";
import { join } from "node:path";

export interface TestEntry {
  name: string;
  type?: "file" | "folder" | "symlink" | "hardlink" | "fifo";
  data?: string | Uint8Array;
  /** Permission bits; default 0644 for files, 0755 for folders. */
  mode?: number;
  /** Link target. */
  target?: string;
  /** The size the headers state, when it is not the data's (a bomb understates or overstates it). */
  statedSize?: number;
  /** Zip: no data of its own; its directory record points at this earlier entry's (a zip bomb's trick). */
  sameDataAs?: string;
}

const encoder = new TextEncoder();
const bytesOf = (data: string | Uint8Array | undefined): Uint8Array<ArrayBuffer> =>
  typeof data === "string" ? encoder.encode(data) : new Uint8Array(data ?? new Uint8Array(0));

export interface TarOptions {
  /** How names longer than 100 bytes are written. */
  longNames?: "pax" | "gnu";
  /** Leave out the two zero blocks that end an archive. */
  noEndBlocks?: boolean;
}

export function buildTar(entries: TestEntry[], options: TarOptions = {}): Uint8Array<ArrayBuffer> {
  const blocks: Uint8Array[] = [];
  for (const entry of entries) {
    const data = entry.type === undefined || entry.type === "file" ? bytesOf(entry.data) : new Uint8Array(0);
    const typeFlag = { file: "0", folder: "5", symlink: "2", hardlink: "1", fifo: "6" }[entry.type ?? "file"];
    let name = entry.name;
    let target = entry.target ?? "";
    if (bytesOf(name).length > 100 || bytesOf(target).length > 100) {
      if (options.longNames === "gnu") {
        if (bytesOf(name).length > 100) blocks.push(...dataBlocks("././@LongLink", "L", cString(name)));
        if (bytesOf(target).length > 100) blocks.push(...dataBlocks("././@LongLink", "K", cString(target)));
      } else {
        const records = [bytesOf(name).length > 100 ? paxRecord("path", name) : "", bytesOf(target).length > 100 ? paxRecord("linkpath", target) : ""].join("");
        blocks.push(...dataBlocks("PaxHeader", "x", encoder.encode(records)));
      }
      name = name.slice(0, 100);
      target = target.slice(0, 100);
    }
    blocks.push(tarHeader({ name, typeFlag, size: entry.statedSize ?? data.length, mode: entry.mode ?? (entry.type === "folder" ? 0o755 : 0o644), target }));
    blocks.push(...padded(data));
  }
  if (!options.noEndBlocks) blocks.push(new Uint8Array(1024));
  return concat(blocks);
}

export function buildTarGz(entries: TestEntry[], options: TarOptions = {}): Uint8Array<ArrayBuffer> {
  return Bun.gzipSync(buildTar(entries, options));
}

function dataBlocks(name: string, typeFlag: string, data: Uint8Array): Uint8Array[] {
  return [tarHeader({ name, typeFlag, size: data.length, mode: 0o644, target: "" }), ...padded(data)];
}

function cString(text: string): Uint8Array {
  return encoder.encode(text + "\0");
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = bytesOf(body).length;
  length += String(length + String(length).length).length;
  return `${length}${body}`;
}

function tarHeader(fields: { name: string; typeFlag: string; size: number; mode: number; target: string }): Uint8Array {
  const block = new Uint8Array(512);
  const put = (offset: number, text: string) => block.set(encoder.encode(text), offset);
  const octal = (offset: number, width: number, value: number) => put(offset, value.toString(8).padStart(width - 1, "0") + "\0");
  put(0, fields.name);
  octal(100, 8, fields.mode);
  octal(108, 8, 0);
  octal(116, 8, 0);
  octal(124, 12, fields.size);
  octal(136, 12, 0);
  put(148, "        ");
  put(156, fields.typeFlag);
  put(157, fields.target);
  put(257, "ustar\0");
  put(263, "00");
  const sum = block.reduce((a, b) => a + b, 0);
  put(148, sum.toString(8).padStart(6, "0") + "\0 ");
  return block;
}

function padded(data: Uint8Array): Uint8Array[] {
  const rest = data.length % 512;
  return rest === 0 ? [data] : [data, new Uint8Array(512 - rest)];
}

export interface ZipOptions {
  /** Record Unix modes (made on Unix); false writes a zip as Windows tools do. */
  unix?: boolean;
  /** Deflate file data (method 8); false stores it (method 0). */
  deflate?: boolean;
}

export function buildZip(entries: TestEntry[], options: ZipOptions = {}): Uint8Array<ArrayBuffer> {
  const unix = options.unix ?? true;
  const deflate = options.deflate ?? true;
  const local: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  const written = new Map<string, { at: number; method: number; crc: number; storedLength: number; size: number }>();
  let offset = 0;
  for (const entry of entries) {
    const type = entry.type ?? "file";
    const raw = type === "symlink" ? bytesOf(entry.target) : type === "file" || type === "fifo" ? bytesOf(entry.data) : new Uint8Array(0);
    let method = deflate && type === "file" ? 8 : 0;
    const stored = method === 8 ? Bun.deflateSync(raw, { windowBits: -15 }) : raw;
    const fileType = { file: 0o100000, folder: 0o040000, symlink: 0o120000, hardlink: 0o100000, fifo: 0o010000 }[type];
    const mode = fileType | (entry.mode ?? (type === "file" ? 0o644 : 0o755));
    const name = encoder.encode(type === "folder" && !entry.name.endsWith("/") ? entry.name + "/" : entry.name);
    let crc = Bun.hash.crc32(raw) >>> 0;
    let storedLength = stored.length;
    let size = entry.statedSize ?? raw.length;
    let at = offset;
    const shared = entry.sameDataAs === undefined ? undefined : written.get(entry.sameDataAs);
    if (shared) ({ at, method, crc, storedLength, size } = shared);
    else written.set(entry.name, { at, method, crc, storedLength, size });

    const header = new DataView(new ArrayBuffer(30));
    header.setUint32(0, 0x04034b50, true);
    header.setUint16(4, 20, true);
    header.setUint16(6, 0x800, true);
    header.setUint16(8, method, true);
    header.setUint32(14, crc, true);
    header.setUint32(18, stored.length, true);
    header.setUint32(22, size, true);
    header.setUint16(26, name.length, true);
    if (!shared) local.push(new Uint8Array(header.buffer), name, stored);

    const record = new DataView(new ArrayBuffer(46));
    record.setUint32(0, 0x02014b50, true);
    record.setUint16(4, ((unix ? 3 : 0) << 8) | 20, true);
    record.setUint16(6, 20, true);
    record.setUint16(8, 0x800, true);
    record.setUint16(10, method, true);
    record.setUint32(16, crc, true);
    record.setUint32(20, storedLength, true);
    record.setUint32(24, size, true);
    record.setUint16(28, name.length, true);
    record.setUint32(38, unix ? (mode << 16) >>> 0 : type === "folder" ? 0x10 : 0, true);
    record.setUint32(42, at, true);
    central.push(new Uint8Array(record.buffer), name);
    if (!shared) offset += 30 + name.length + stored.length;
  }
  const directory = concat(central);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, directory.length, true);
  end.setUint32(16, offset, true);
  return concat([...local, directory, new Uint8Array(end.buffer)]);
}

function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Every path under `dir`, relative, sorted; folders end in `/`, links show their target. */
export function listTree(dir: string, prefix = ""): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const stat = lstatSync(path);
    if (stat.isDirectory()) found.push(`${prefix}${name}/`, ...listTree(path, `${prefix}${name}/`));
    else found.push(`${prefix}${name}`);
  }
  return found;
}

/** A minimal ELF-looking executable: enough for the "is it a program" check. */
export function fakeProgram(text = "plugin"): Uint8Array<ArrayBuffer> {
  return concat([new Uint8Array([0x7f, 0x45, 0x4c, 0x46]), encoder.encode(`\n${text}\n`)]);
}

export const SHELL_PLUGIN = "#!/bin/sh\necho plugin\n";
