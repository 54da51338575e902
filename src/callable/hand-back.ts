/**
 * Reading what a plugin hands back through $K3D_RESULT (SPEC §3, §4): either JSON
 * `{"args": [...]}` or plain text with one argument per line. An empty file means
 * "nothing more".
 */
import { K3dxError } from "../errors.ts";

export function parseHandBack(text: string, who: string): string[] {
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
