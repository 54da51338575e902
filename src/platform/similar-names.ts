/**
 * "Did you mean …?": the names a mistyped word was probably meant to be, the way cobra
 * (and so k3d) suggests commands: a few edits away — a swapped pair of letters counts as
 * one (`plugni` → `plugin`) — or the start of the name (`inst` → `install`).
 */

/** Longer than any plugin or command name anyone types. */
const MAX_NAME_LENGTH = 100;

/** Edits allowed: one per three letters, at least one and at most two; more would make anything a suggestion. */
function allowedEdits(word: string): number {
  return Math.min(2, Math.max(1, Math.floor(word.length / 3)));
}

/** The candidates close to `typed`, closest first (then in the order given); never `typed` itself. */
export function similarNames(typed: string, candidates: Iterable<string>): string[] {
  // No command name is this long: not a typo, and not worth a distance table.
  if (typed.length > MAX_NAME_LENGTH) return [];
  const word = typed.toLowerCase();
  const scored: { name: string; distance: number }[] = [];
  for (const name of new Set(candidates)) {
    if (name === typed) continue;
    const distance = editDistance(word, name.toLowerCase());
    const prefix = word.length >= 2 && name.toLowerCase().startsWith(word);
    if (distance <= allowedEdits(word) || prefix) scored.push({ name, distance: prefix ? Math.min(distance, 1) : distance });
  }
  return scored.sort((a, b) => a.distance - b.distance).map((entry) => entry.name);
}

/** `'a'`, `'a' or 'b'`, `'a', 'b' or 'c'`: for "did you mean …?". */
export function orList(names: string[]): string {
  const quoted = names.map((name) => `'${name}'`);
  return quoted.length <= 1 ? (quoted[0] ?? "") : `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}`;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}
