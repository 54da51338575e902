/**
 * Reading what a plugin hands back through $K3D_RESULT (SPEC §3, §4), for callable
 * plugins and pre-hooks alike: either JSON `{"args": [...]}` or plain text with one
 * argument per line. An empty file means "nothing more".
 *
 * What a plugin writes is bounded (limits.ts): at most HAND_BACK_MAX_BYTES are read, and
 * HAND_BACK_MAX_ARGS arguments taken; past either, one clear error. A UTF-8 byte order
 * mark before either form is dropped (editors on Windows write one). The lines form is
 * verbatim, bytes that are not UTF-8 included: they are carried as escapes
 * (process/exact-bytes.ts) that become the same bytes again when the command runs. An
 * argument cannot hold a NUL byte, so one is an error naming the argument.
 */
import { K3dxError } from "../errors.ts";
import { HAND_BACK_MAX_ARGS, HAND_BACK_MAX_BYTES } from "../limits.ts";
import { decodeEscapingInvalidBytes } from "../process/exact-bytes.ts";
import { bytesText } from "../platform/sizes.ts";

const BYTE_ORDER_MARK = "\uFEFF";

/** `content`: the file's bytes as read (ResultFolder.read), or text. `who`: "plugin 'x'", "hook 'y'". */
export function parseHandBack(content: Uint8Array | string, who: string): string[] {
  const size = typeof content === "string" ? Buffer.byteLength(content) : content.length;
  if (size > HAND_BACK_MAX_BYTES) {
    throw new K3dxError(`${who} wrote more than ${bytesText(HAND_BACK_MAX_BYTES)} to $K3D_RESULT, k3dx's limit for a hand-back; pass that much through a file instead`);
  }
  let text = typeof content === "string" ? content : decodeEscapingInvalidBytes(content);
  if (text.startsWith(BYTE_ORDER_MARK)) text = text.slice(BYTE_ORDER_MARK.length);
  const args = readForm(text, who);
  if (args.length > HAND_BACK_MAX_ARGS) {
    throw new K3dxError(`${who} handed back ${args.length} arguments through $K3D_RESULT; k3dx takes at most ${HAND_BACK_MAX_ARGS}, so pass that many through a config file instead`);
  }
  const withNul = args.findIndex((arg) => arg.includes("\0"));
  if (withNul >= 0) {
    throw new K3dxError(`${who} handed back an argument with a NUL byte in it (argument ${withNul + 1} in $K3D_RESULT); no program can be given one`);
  }
  return args;
}

function readForm(text: string, who: string): string[] {
  if (text.trim() === "") return [];
  if (text.trimStart().startsWith("{")) return parseJsonForm(text, who);
  const lines = text.split("\n").map((line) => (line.endsWith("\r") ? line.slice(0, -1) : line));
  // The final newline ends the last line; it does not start an empty argument.
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

function parseJsonForm(text: string, who: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new K3dxError(`${who} wrote invalid JSON to $K3D_RESULT: ${(error as Error).message}`);
  }
  const args = (value as { args?: unknown }).args;
  if (!Array.isArray(args) || !args.every((arg) => typeof arg === "string")) {
    throw new K3dxError(`${who} wrote JSON to $K3D_RESULT without an "args" array of strings`);
  }
  return args;
}
