/**
 * Keeping argv and the environment byte-exact. JavaScript strings cannot hold invalid
 * UTF-8: Bun turns such bytes into U+FFFD in process.argv and process.env, and drops a
 * variable whose name has one. We re-read the bytes (/proc/self/cmdline, /proc/self/environ)
 * and carry each undecodable byte as a lone surrogate U+DC80+byte (Python's
 * "surrogateescape"), so argv and the environment stay plain strings everywhere; only
 * the final exec (exec.ts, spawn-exact.ts) turns those back into bytes.
 *
 * JSON keeps such a string as `\udcXX` escapes: that is how hooks see these bytes in
 * K3D_ARGS and on stdin, and how a plugin hands them back (Python:
 * `json.loads(s).encode("utf-8", "surrogateescape")` gives the bytes).
 */
import type { Env } from "./env.ts";

const REPLACEMENT_CHARACTER = "\uFFFD";
const ESCAPE_BASE = 0xdc00;
/** Created on first use: nothing here may cost the start-up of an ordinary k3d call. */
let strictDecoder: TextDecoder | undefined;
const strictUtf8 = () => (strictDecoder ??= new TextDecoder("utf-8", { fatal: true }));

/** The user's arguments, with undecodable bytes carried as escapes (Linux only). */
export function readUserArgs(argv: string[] = process.argv): string[] {
  const args = argv.slice(2);
  if (process.platform !== "linux" || !args.some((arg) => arg.includes(REPLACEMENT_CHARACTER))) return args;
  const cmdline = readProcFile("/proc/self/cmdline");
  if (!cmdline) return args;
  const raw = splitNulTerminated(cmdline);
  // cmdline holds the runtime's own words first (bun, script); the user's are the tail.
  if (raw.length < args.length) return args;
  return raw.slice(raw.length - args.length).map(decodeEscapingInvalidBytes);
}

let environment: Env | undefined;

/**
 * The environment k3dx was started with, every variable and byte of it (Linux: from
 * /proc/self/environ, which the kernel keeps as it was at exec); elsewhere process.env.
 * A copy: what k3dx changes in process.env for itself (NO_COLOR…) is not in it.
 */
export function exactEnvironment(): Env {
  environment ??= readEnvironment();
  return { ...environment };
}

function readEnvironment(): Env {
  const bytes = process.platform === "linux" ? readProcFile("/proc/self/environ") : undefined;
  if (!bytes) return { ...process.env };
  const env: Env = {};
  for (const entry of splitNulTerminated(bytes)) {
    const text = decodeEscapingInvalidBytes(entry);
    const eq = text.indexOf("=");
    // An entry without `=` cannot be passed on by name; libc's getenv ignores it too.
    if (eq <= 0) continue;
    const name = text.slice(0, eq);
    // The first of two entries of one name is the one getenv (and k3d) sees.
    if (!(name in env)) env[name] = text.slice(eq + 1);
  }
  return env;
}

function readProcFile(path: string): Uint8Array | undefined {
  try {
    // Loaded here only: node:fs costs every k3d call a millisecond at start-up.
    return (require("node:fs") as typeof import("node:fs")).readFileSync(path);
  } catch {
    return undefined;
  }
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

function isEscape(code: number): boolean {
  return code >= 0xdc80 && code <= 0xdcff;
}

export function hasEscapedBytes(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (isEscape(text.charCodeAt(i))) return true;
  return false;
}

/** Whether any argument, variable name or value stands for bytes a string cannot carry. */
export function needsExactBytes(args: readonly string[], env: Env | undefined): boolean {
  if (args.some(hasEscapedBytes)) return true;
  if (env === undefined) return false;
  for (const [name, value] of Object.entries(env)) if (hasEscapedBytes(name) || (value !== undefined && hasEscapedBytes(value))) return true;
  return false;
}

/** The exact bytes a string stands for: UTF-8, with each escape back as its byte. */
export function encodeArg(text: string): Uint8Array {
  // ASCII, the common case, byte by byte: on the start-up path of every k3d call the
  // first use of Buffer or TextEncoder costs more than the copy.
  const ascii = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) return encodeNonAscii(text);
    ascii[i] = code;
  }
  return ascii;
}

function encodeNonAscii(text: string): Uint8Array {
  if (!hasEscapedBytes(text)) return Buffer.from(text, "utf8");
  const parts: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isEscape(code)) continue;
    if (i > start) parts.push(Buffer.from(text.slice(start, i), "utf8"));
    parts.push(Uint8Array.of(code - ESCAPE_BASE));
    start = i + 1;
  }
  if (start < text.length) parts.push(Buffer.from(text.slice(start), "utf8"));
  return Buffer.concat(parts);
}

/** `NAME=value` entries, as execve takes them; unset variables are left out. */
export function encodeEnv(env: Env): Uint8Array[] {
  const entries: Uint8Array[] = [];
  for (const [name, value] of Object.entries(env)) if (value !== undefined) entries.push(encodeArg(`${name}=${value}`));
  return entries;
}
