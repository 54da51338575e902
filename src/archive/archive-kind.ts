/**
 * What a downloaded file is: by its name when the name says, else by its first bytes
 * (a URL like `…/download?id=3` names nothing). Release tools name their assets
 * reliably, and a name is what a user reads in an error, so the name wins.
 */

export type ArchiveKind = "tar.gz" | "tar" | "zip" | "executable";

export const SUPPORTED_KINDS_TEXT = ".tar.gz, .tgz, .tar, .zip or a bare executable";

/** Names k3dx cannot unpack, for the error message: `.tar.xz`, `.rar`, … */
const UNSUPPORTED_SUFFIXES = [
  ".tar.xz", ".txz", ".tar.bz2", ".tbz", ".tbz2", ".tar.zst", ".tzst", ".tar.lz", ".tar.lzma", ".tar.z",
  ".xz", ".bz2", ".zst", ".gz", ".lz", ".7z", ".rar",
  ".deb", ".rpm", ".apk", ".msi", ".dmg", ".pkg",
];

/** The kind a file name announces; `undefined` when it announces none (then look at the bytes). */
export function kindFromName(name: string): ArchiveKind | { unsupported: string } | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith(".tar.gz") || lower.endsWith(".tgz")) return "tar.gz";
  if (lower.endsWith(".tar")) return "tar";
  if (lower.endsWith(".zip")) return "zip";
  if (lower.endsWith(".exe")) return "executable";
  const unsupported = UNSUPPORTED_SUFFIXES.find((suffix) => lower.endsWith(suffix));
  return unsupported ? { unsupported } : undefined;
}

/** The kind a file's first bytes (at least 262 of them, when it has that many) show. */
export function kindFromBytes(head: Uint8Array): ArchiveKind | { unsupported: string } {
  const starts = (...bytes: number[]): boolean => bytes.every((byte, i) => head[i] === byte);
  if (starts(0x1f, 0x8b)) return "tar.gz";
  if (starts(0x50, 0x4b, 0x03, 0x04) || starts(0x50, 0x4b, 0x05, 0x06)) return "zip";
  if (new TextDecoder().decode(head.subarray(257, 262)) === "ustar") return "tar";
  if (starts(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00)) return { unsupported: "xz" };
  if (starts(0x42, 0x5a, 0x68)) return { unsupported: "bzip2" };
  if (starts(0x28, 0xb5, 0x2f, 0xfd)) return { unsupported: "zstd" };
  if (starts(0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c)) return { unsupported: "7z" };
  if (starts(0x52, 0x61, 0x72, 0x21)) return { unsupported: "rar" };
  return "executable";
}

/**
 * Whether the bytes start like a program this or another platform can run: ELF, Mach-O
 * (thin or universal), a Windows PE, or a `#!` script. A download that is none of these
 * is most often an HTML error page served with status 200, and must not become a plugin.
 */
export function looksExecutable(head: Uint8Array): boolean {
  const word = head.length >= 4 ? new DataView(head.buffer, head.byteOffset, 4).getUint32(0) : 0;
  return (
    word === 0x7f454c46 || // ELF
    [0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(word) || // Mach-O
    (head[0] === 0x4d && head[1] === 0x5a) || // MZ: Windows PE
    (head[0] === 0x23 && head[1] === 0x21) // #!
  );
}

/** Windows runs these by their extension; they have no magic bytes to check. */
export function isWindowsScriptName(name: string): boolean {
  return /\.(cmd|bat|ps1)$/i.test(name);
}
