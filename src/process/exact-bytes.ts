/**
 * Keeping argv byte-exact. JavaScript strings cannot hold invalid UTF-8: Bun turns such
 * bytes into U+FFFD in process.argv. We re-read the bytes from /proc/self/cmdline and
 * carry each undecodable byte as a lone surrogate U+DC80+byte (Python's
 * "surrogateescape"), so argv stays a plain string[] everywhere; only the final exec
 * turns those back into bytes.
 */

const REPLACEMENT_CHARACTER = "\uFFFD";
const ESCAPE_BASE = 0xdc00;
/** Created on first use: nothing here may cost the start-up of an ordinary k3d call. */
let strictDecoder: TextDecoder | undefined;
const strictUtf8 = () => (strictDecoder ??= new TextDecoder("utf-8", { fatal: true }));

/** The user's arguments, with undecodable bytes carried as escapes (Linux only). */
export function readUserArgs(argv: string[] = process.argv): string[] {
  const args = argv.slice(2);
  if (process.platform !== "linux" || !args.some((arg) => arg.includes(REPLACEMENT_CHARACTER))) return args;
  let cmdline: Uint8Array;
  try {
    // Loaded here only: node:fs costs every k3d call a millisecond at start-up.
    cmdline = (require("node:fs") as typeof import("node:fs")).readFileSync("/proc/self/cmdline");
  } catch {
    return args;
  }
  const raw = splitNulTerminated(cmdline);
  // cmdline holds the runtime's own words first (bun, script); the user's are the tail.
  if (raw.length < args.length) return args;
  return raw.slice(raw.length - args.length).map(decodeEscapingInvalidBytes);
}

function splitNulTerminated(bytes: Uint8Array): Uint8Array[] {
  const parts: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0) {
      parts.push(bytes.subarray(start, i));
      start = i + 1;
    }
  }
  if (start < bytes.length) parts.push(bytes.subarray(start));
  return parts;
}

/** Valid UTF-8 runs decode normally; every byte that is not part of one becomes U+DC80+byte. */
export function decodeEscapingInvalidBytes(bytes: Uint8Array): string {
  try {
    return strictUtf8().decode(bytes);
  } catch {
    let out = "";
    let i = 0;
    while (i < bytes.length) {
      const length = utf8SequenceLength(bytes, i);
      if (length > 0) {
        out += strictUtf8().decode(bytes.subarray(i, i + length));
        i += length;
      } else {
        out += String.fromCharCode(ESCAPE_BASE + bytes[i]!);
        i += 1;
      }
    }
    return out;
  }
}

/** Length of the valid UTF-8 sequence starting at i, or 0 if none does. */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  if (length <= 1) return length;
  if (i + length > bytes.length) return 0;
  try {
    strictUtf8().decode(bytes.subarray(i, i + length));
    return length;
  } catch {
    return 0;
  }
}

export function hasEscapedBytes(arg: string): boolean {
  for (let i = 0; i < arg.length; i++) {
    const c = arg.charCodeAt(i);
    if (c >= 0xdc80 && c <= 0xdcff) return true;
  }
  return false;
}

/** The exact bytes an argument stands for. */
export function encodeArg(arg: string): Uint8Array {
  if (!hasEscapedBytes(arg)) return Buffer.from(arg, "utf8");
  const chunks: number[] = [];
  for (const ch of arg) {
    const c = ch.charCodeAt(0);
    if (ch.length === 1 && c >= 0xdc80 && c <= 0xdcff) chunks.push(c - ESCAPE_BASE);
    else chunks.push(...Buffer.from(ch, "utf8"));
  }
  return Uint8Array.from(chunks);
}

/**
 * The command that runs `file` with `args` byte for byte. exec and spawn take only
 * strings, so when an argument holds raw bytes we go through `/bin/sh`, which rebuilds
 * each one from printf octal escapes and then `exec`s the program (no extra process).
 */
export function commandPreservingBytes(file: string, args: string[]): { file: string; argv: string[] } {
  if (!args.some(hasEscapedBytes)) return { file, argv: [file, ...args] };
  const lines = ["set --"];
  for (const arg of args) {
    const octal = Array.from(encodeArg(arg), (byte) => "\\" + byte.toString(8).padStart(3, "0")).join("");
    // The trailing x survives command substitution's newline stripping; then it is cut.
    lines.push(`a=$(printf '${octal}x'); set -- "$@" "\${a%x}"`);
  }
  lines.push('exec "$0" "$@"');
  return { file: "/bin/sh", argv: ["sh", "-c", lines.join("\n"), file] };
}
