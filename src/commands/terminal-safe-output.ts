/**
 * Machine-readable output (`-o json`, `-o yaml`) that is still safe on a terminal: it
 * carries names, descriptions and messages that plugins, archives and servers chose.
 */
import { printable } from "../platform/printable.ts";

/**
 * JSON.stringify and Bun's YAML escape C0 controls (ESC included) but leave C1 controls
 * and bidi marks raw; those become `\uXXXX` too. JSON and a quoted YAML string read that
 * back as the same character; in a plain YAML scalar it stays visible as text.
 */
export function escapeForTerminal(serialized: string): string {
  return serialized.replace(/[^\n\x20-\x7e]/gu, (character) => (printable(character) === character ? character : `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`));
}

/** `-o json`: indented, one document, a final newline. */
export function jsonOutput(value: unknown): string {
  return escapeForTerminal(JSON.stringify(value, null, 2)) + "\n";
}
