/**
 * cobra's completion protocol, as every cobra shell script speaks it: `prog __complete
 * WORDS… PARTIAL` prints one candidate a line (`value` or `value<TAB>description`), then
 * `:<directive>` as the last line; a human-readable note about the directive goes to
 * stderr, which the scripts throw away. `__completeNoDesc` is the same without descriptions.
 */
import { oneLine, stripControls } from "../platform/printable.ts";

/** The directive bits (cobra's ShellCompDirective), as the shell scripts test them. */
export const Directive = {
  Default: 0,
  Error: 1,
  NoSpace: 2,
  NoFileComp: 4,
  FilterFileExt: 8,
  FilterDirs: 16,
  KeepOrder: 32,
} as const;

/** cobra rejects a directive at or above its largest bit doubled. */
const DIRECTIVE_LIMIT = 64;

export interface CompletionAnswer {
  /** `value` or `value\tdescription`, one per candidate. */
  candidates: string[];
  directive: number;
}

/** What k3dx answers for a program that could not, or would not, answer: nothing, and no file names. */
export const NO_COMPLETIONS: CompletionAnswer = { candidates: [], directive: Directive.NoFileComp };

/**
 * Reads a program's answer. Undefined unless it ends with a valid `:<directive>` line:
 * cobra always prints one, so output without it is not an answer (a plugin that ignores
 * `__complete` and prints its usage, say).
 */
export function parseCompletionAnswer(stdout: string): CompletionAnswer | undefined {
  const lines = stdout.split("\n").map((line) => (line.endsWith("\r") ? line.slice(0, -1) : line));
  while (lines.at(-1) === "") lines.pop();
  const last = lines.pop();
  const match = last === undefined ? null : /^:(\d{1,3})$/.exec(last);
  if (!match) return undefined;
  const directive = Number(match[1]);
  if (directive >= DIRECTIVE_LIMIT) return undefined;
  return { candidates: lines.map(cleanCandidate).filter((line) => line !== ""), directive };
}

/** The lines to print, cobra's way: descriptions cut for `__completeNoDesc`, spaces trimmed. */
export function formatCompletionAnswer(answer: CompletionAnswer, withDescriptions: boolean): string {
  const lines = answer.candidates
    .map((candidate) => (withDescriptions ? candidate : candidate.split("\t", 1)[0]!).trim())
    .filter((line) => line !== "");
  return lines.map((line) => `${line}\n`).join("") + `:${answer.directive}\n`;
}

/** A candidate line from `value` and an optional description (its first line only). */
export function candidate(value: string, description?: string): string {
  const text = description === undefined ? "" : oneLine(description);
  return text === "" ? value : `${value}\t${text}`;
}

/** cobra's stderr note, e.g. "Completion ended with directive: ShellCompDirectiveNoFileComp". */
export function directiveNote(directive: number): string {
  const names = Object.entries(Directive)
    .filter(([, bit]) => bit !== 0 && (directive & bit) !== 0)
    .map(([name]) => `ShellCompDirective${name}`);
  return `Completion ended with directive: ${names.length > 0 ? names.join(", ") : "ShellCompDirectiveDefault"}\n`;
}

function cleanCandidate(line: string): string {
  const [value = "", ...description] = line.split("\t");
  const clean = stripControls(value).trim();
  const text = stripControls(description.join(" ")).trim();
  return clean === "" ? "" : text === "" ? clean : `${clean}\t${text}`;
}

