/**
 * Ad-hoc code signatures for the macOS binaries, checked and written without Apple's tools.
 *
 * macOS checks every page of a signed program against the hashes in its signature as it
 * loads it, and Apple silicon refuses to run code with no valid signature. Bun writes k3dx
 * into a copy of its signed runtime and must then sign again: Bun 1.4.4 does so for
 * darwin-arm64, but leaves darwin-x64 with the runtime's original signature, which no longer
 * matches a single byte range of the file. The release therefore checks each macOS binary
 * and, where Bun's signature does not cover it, writes the same kind of signature Bun writes
 * for arm64 (and Go's linker writes): one SHA-256 CodeDirectory, flags adhoc|linker-signed.
 *
 * Layout (Apple's cs_blobs.h; Mach-O fields little-endian, signature fields big-endian):
 *   LC_CODE_SIGNATURE {dataoff, datasize} → SuperBlob {magic, length, count, [type, offset]}
 *   → CodeDirectory {…, hashOffset, identOffset, nCodeSlots, codeLimit, hashSize, hashType,
 *   pageSize, execSeg…} → identifier, then one hash per 4 KiB page of [0, codeLimit).
 */
import { chmodSync, readFileSync, renameSync, writeFileSync } from "node:fs";

const MH_MAGIC_64 = 0xfeedfacf;
const MH_EXECUTE = 2;
const LC_SEGMENT_64 = 0x19;
const LC_CODE_SIGNATURE = 0x1d;
const CSMAGIC_EMBEDDED_SIGNATURE = 0xfade0cc0;
const CSMAGIC_CODEDIRECTORY = 0xfade0c02;
const CSSLOT_CODEDIRECTORY = 0;
const CD_VERSION_EXECSEG = 0x20400;
const CS_ADHOC = 0x2;
const CS_LINKER_SIGNED = 0x20000;
const CS_HASHTYPE_SHA256 = 2;
const CS_EXECSEG_MAIN_BINARY = 0x1;
const HASH_SIZE = 32;
const PAGE_SHIFT = 12;
const PAGE_SIZE = 1 << PAGE_SHIFT;
const SUPER_BLOB_HEADER = 12;
const BLOB_INDEX_ENTRY = 8;
/** A version 0x20400 CodeDirectory header, up to and including execSegFlags. */
const CODE_DIRECTORY_HEADER = 88;

/** Where the signature and the segments it must describe sit in the file. */
interface MachOLayout {
  /** Offset of LC_CODE_SIGNATURE's dataoff field, and its value. */
  signatureCommand: number;
  signatureOffset: number;
  signatureSize: number;
  /** Offset of __LINKEDIT's load command, and its file offset. */
  linkeditCommand: number;
  linkeditOffset: number;
  /** Whether __LINKEDIT is the last segment in memory, so its size may grow. */
  linkeditLast: boolean;
  textOffset: number;
  textSize: number;
  isExecutable: boolean;
}

function readLayout(file: Uint8Array): MachOLayout {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  if (file.length < 32 || view.getUint32(0, true) !== MH_MAGIC_64) throw new Error("not a 64-bit little-endian Mach-O file");
  const layout: Partial<MachOLayout> = { isExecutable: view.getUint32(12, true) === MH_EXECUTE };
  let linkeditAddress = -1n;
  let highestAddress = 0n;
  let at = 32;
  for (let i = 0, count = view.getUint32(16, true); i < count; i++) {
    const cmd = view.getUint32(at, true);
    if (cmd === LC_CODE_SIGNATURE) {
      layout.signatureCommand = at;
      layout.signatureOffset = view.getUint32(at + 8, true);
      layout.signatureSize = view.getUint32(at + 12, true);
    } else if (cmd === LC_SEGMENT_64) {
      const name = new TextDecoder().decode(file.subarray(at + 8, at + 24)).replace(/\0+$/, "");
      const fileOffset = Number(view.getBigUint64(at + 40, true));
      if (name === "__TEXT") {
        layout.textOffset = fileOffset;
        layout.textSize = Number(view.getBigUint64(at + 48, true));
      } else if (name === "__LINKEDIT") {
        layout.linkeditCommand = at;
        layout.linkeditOffset = fileOffset;
        linkeditAddress = view.getBigUint64(at + 24, true);
      }
      highestAddress = view.getBigUint64(at + 24, true) > highestAddress ? view.getBigUint64(at + 24, true) : highestAddress;
    }
    at += view.getUint32(at + 4, true);
  }
  if (layout.signatureCommand === undefined) throw new Error("no LC_CODE_SIGNATURE load command");
  if (layout.linkeditCommand === undefined || layout.textOffset === undefined) throw new Error("no __TEXT or __LINKEDIT segment");
  layout.linkeditLast = linkeditAddress === highestAddress;
  return layout as MachOLayout;
}

/**
 * What is wrong with the file's signature, or undefined when it is a SHA-256 CodeDirectory
 * whose page hashes cover the whole file up to the signature, which ends the file.
 */
export function machOSignatureProblem(file: Uint8Array): string | undefined {
  let layout: MachOLayout;
  try {
    layout = readLayout(file);
  } catch (error) {
    return (error as Error).message;
  }
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const { signatureOffset: blob, signatureSize } = layout;
  if (blob + signatureSize !== file.length) return `the signature ends at ${blob + signatureSize}, the file at ${file.length}`;
  if (view.getUint32(blob, false) !== CSMAGIC_EMBEDDED_SIGNATURE) return "the signature is not an embedded-signature blob";

  let directory: number | undefined;
  for (let i = 0, count = view.getUint32(blob + 8, false); i < count; i++) {
    const entry = blob + SUPER_BLOB_HEADER + i * BLOB_INDEX_ENTRY;
    if (view.getUint32(entry, false) === CSSLOT_CODEDIRECTORY) directory = blob + view.getUint32(entry + 4, false);
  }
  if (directory === undefined || view.getUint32(directory, false) !== CSMAGIC_CODEDIRECTORY) return "the signature has no CodeDirectory";

  const hashOffset = view.getUint32(directory + 16, false);
  const codeSlots = view.getUint32(directory + 28, false);
  const codeLimit = view.getUint32(directory + 32, false);
  const hashSize = view.getUint8(directory + 36);
  const hashType = view.getUint8(directory + 37);
  const pageSize = 2 ** view.getUint8(directory + 39);
  if (hashType !== CS_HASHTYPE_SHA256 || hashSize !== HASH_SIZE) return `hash type ${hashType} is not SHA-256`;
  if (codeLimit !== blob) return `the signature covers ${codeLimit} bytes, but the code runs to ${blob}`;
  if (codeSlots !== Math.ceil(codeLimit / pageSize)) return `${codeSlots} page hashes for ${codeLimit} bytes`;

  const hashes = directory + hashOffset;
  for (let page = 0; page < codeSlots; page++) {
    const start = page * pageSize;
    const actual = pageHash(file.subarray(start, Math.min(start + pageSize, codeLimit)));
    if (!actual.equals(file.subarray(hashes + page * HASH_SIZE, hashes + (page + 1) * HASH_SIZE))) {
      return `page ${page} (bytes ${start}…) does not match its hash`;
    }
  }
  return undefined;
}

/** The last page is hashed as it is, not padded: that is what the kernel compares. */
function pageHash(page: Uint8Array): Buffer {
  return new Bun.CryptoHasher("sha256").update(page).digest();
}

/**
 * A copy of `file` with a fresh ad-hoc signature in place of the one it has, sized exactly
 * and ending the file, as Bun's and Go's linker-signed output is.
 */
export function signAdHoc(file: Uint8Array, identifier: string): Uint8Array {
  const layout = readLayout(file);
  const codeLimit = layout.signatureOffset;
  const slots = Math.ceil(codeLimit / PAGE_SIZE);
  const id = new TextEncoder().encode(`${identifier}\0`);
  const directorySize = CODE_DIRECTORY_HEADER + id.length + slots * HASH_SIZE;
  const signatureSize = SUPER_BLOB_HEADER + BLOB_INDEX_ENTRY + directorySize;

  if (codeLimit + signatureSize > 0xffffffff) throw new Error("too large for a 32-bit CodeDirectory");
  const linkeditMemory = Number(new DataView(file.buffer, file.byteOffset).getBigUint64(layout.linkeditCommand + 32, true));
  const linkeditNeeds = codeLimit + signatureSize - layout.linkeditOffset;
  // A bigger program needs more page hashes than Bun's signature left room for: the last
  // segment may simply grow (in whole 16 KiB pages, arm64's page size, which fits x86-64's too).
  if (linkeditNeeds > linkeditMemory && !layout.linkeditLast) throw new Error("the new signature does not fit in __LINKEDIT");

  const out = new Uint8Array(codeLimit + signatureSize);
  out.set(file.subarray(0, codeLimit));
  const view = new DataView(out.buffer);
  // The load commands are part of page 0, so they are updated before anything is hashed.
  view.setUint32(layout.signatureCommand + 12, signatureSize, true);
  view.setBigUint64(layout.linkeditCommand + 48, BigInt(out.length - layout.linkeditOffset), true);
  if (linkeditNeeds > linkeditMemory) view.setBigUint64(layout.linkeditCommand + 32, BigInt(Math.ceil(linkeditNeeds / 0x4000) * 0x4000), true);

  let at = codeLimit;
  const u32 = (value: number) => {
    view.setUint32(at, value, false);
    at += 4;
  };
  const u8 = (value: number) => view.setUint8(at++, value);
  const u64 = (value: number) => {
    view.setBigUint64(at, BigInt(value), false);
    at += 8;
  };
  u32(CSMAGIC_EMBEDDED_SIGNATURE);
  u32(signatureSize);
  u32(1);
  u32(CSSLOT_CODEDIRECTORY);
  u32(SUPER_BLOB_HEADER + BLOB_INDEX_ENTRY);
  u32(CSMAGIC_CODEDIRECTORY);
  u32(directorySize);
  u32(CD_VERSION_EXECSEG);
  u32(CS_ADHOC | CS_LINKER_SIGNED);
  u32(CODE_DIRECTORY_HEADER + id.length); // hashOffset
  u32(CODE_DIRECTORY_HEADER); // identOffset
  u32(0); // nSpecialSlots
  u32(slots);
  u32(codeLimit);
  u8(HASH_SIZE);
  u8(CS_HASHTYPE_SHA256);
  u8(0); // platform
  u8(PAGE_SHIFT);
  u32(0); // spare2
  u32(0); // scatterOffset
  u32(0); // teamOffset
  u32(0); // spare3
  u64(0); // codeLimit64: codeLimit fits in 32 bits
  u64(layout.textOffset); // execSegBase
  u64(layout.textSize); // execSegLimit
  u64(layout.isExecutable ? CS_EXECSEG_MAIN_BINARY : 0);
  out.set(id, at);
  at += id.length;
  for (let page = 0; page < slots; page++) {
    const start = page * PAGE_SIZE;
    out.set(pageHash(out.subarray(start, Math.min(start + PAGE_SIZE, codeLimit))), at);
    at += HASH_SIZE;
  }
  return out;
}

/** The identifier Bun gives its own ad-hoc signatures, so both macOS binaries look alike. */
const IDENTIFIER = "a.out";

/**
 * Leaves a macOS binary whose signature covers it alone; re-signs any other in place (in one
 * rename). Returns whether it had to sign.
 */
export function ensureAdHocSignature(path: string): boolean {
  const file = readFileSync(path);
  if (machOSignatureProblem(file) === undefined) return false;
  const signed = signAdHoc(file, IDENTIFIER);
  const problem = machOSignatureProblem(signed);
  if (problem) throw new Error(`re-signing ${path} failed: ${problem}`);
  const staging = `${path}.${process.pid}.sign.tmp`;
  writeFileSync(staging, signed);
  chmodSync(staging, 0o755);
  renameSync(staging, path);
  return true;
}
