/**
 * Making a string we did not write safe to show on one terminal line: a release tag, an
 * asset or file name, a plugin's description. Such a string can carry ESC sequences that
 * recolour the screen, move the cursor, retitle the window or rewrite what was printed
 * before it, and a newline that forges a second `k3dx:` line. Those characters are shown
 * escaped instead (`\x1b`, `\n`, `\u202e`), so the user sees that they were there.
 *
 * A backslash is left as it is: Windows paths stay readable, and a name that spells
 * `\x1b` itself is harmless on screen.
 */

/**
 * What a terminal acts on rather than shows: C0 controls, DEL, C1 controls (a terminal
 * may read U+009B as CSI), and the Unicode marks that reorder or break the text around
 * them (bidi embeddings, overrides and isolates; line and paragraph separators).
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { "\t": "\\t", "\n": "\\n", "\r": "\\r" };

export function printable(text: string): string {
  return text.replace(UNPRINTABLE, escapeCharacter);
}

/**
 * A name someone else chose (an archive entry, a link target), in double quotes and
 * printable: `"bin/\u202egpj.exe"`. JSON.stringify is no substitute: it leaves C1
 * controls (U+009B, a CSI on some terminals) and bidi overrides (U+202E) raw.
 */
export function quoted(text: string): string {
  return `"${printable(text)}"`;
}

function escapeCharacter(character: string): string {
  const code = character.charCodeAt(0);
  return NAMED[character] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`);
}

/** Drops C0 and C1 control characters (where escaping them would only add noise, as in a completion candidate). */
export function stripControls(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, "");
}

/**
 * The first line of a text, without control characters: descriptions come from plugins
 * we downloaded, and must not move the cursor or recolour the user's terminal.
 */
export function oneLine(text: string): string {
  return stripControls(text.split(/\r?\n/, 1)[0]!).trim();
}

/**
 * Names others chose (a release's assets, k3d's clusters), for one line: printable, and
 * the first `max` of them (LISTED_NAMES_MAX), then how many more.
 */
export function listedNames(names: string[], max: number): string {
  const shown = names.slice(0, max).map(printable);
  if (names.length > max) shown.push(`… ${names.length - max} more`);
  return shown.join(", ");
}
