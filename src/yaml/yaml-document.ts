/**
 * Reading a YAML file a person wrote (plugin.yaml, k3d-plugins.yaml) with the `yaml`
 * package, because a person needs to be told where: every syntax error with its line and
 * column and the offending line, a key written twice is an error (Bun's parser keeps the
 * last one silently: two `hooks:` keys would install no hooks), aliases are capped (a
 * "billion laughs" file must not take the machine), and several documents in one file are
 * refused. Files k3dx writes itself are read with Bun's parser, which is faster and loaded
 * already (see plugins/installed-plugins.ts).
 *
 * The document also answers "where is the value at this path?", so a schema error can
 * point at its line too (schema-errors.ts).
 */
import { LineCounter, parseDocument, type Document } from "yaml";
import { K3dxError } from "../errors.ts";
import { YAML_ALIASES_MAX } from "../limits.ts";
import { printable } from "../platform/printable.ts";

/** Problems listed before "…and N more". */
const MAX_LISTED = 10;

export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
}

export interface YamlDocument {
  /** The data, as plain JavaScript values. */
  value: unknown;
  /** Where the value at `path` (keys and list indexes) starts; undefined when it is not there. */
  positionOf(path: readonly (string | number)[]): Position | undefined;
  /** The text of line `line` (1-based), for showing under a message. */
  lineText(line: number): string;
  /** The scalar at `path` as it is written (`1.10` where the value is the number 1.1); undefined for anything else. */
  sourceOf(path: readonly (string | number)[]): string | undefined;
}

/**
 * Parses `text`; `where` names it in errors (`plugin.yaml`, a path). Throws one K3dxError
 * whose message lists every syntax problem, each as `where:LINE:COL: message`, followed by
 * the offending line.
 */
export function readYamlDocument(text: string, where: string): YamlDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true, strict: true });
  const lines = text.split(/\r?\n/);
  const lineText = (line: number) => lines[line - 1] ?? "";
  const problems = doc.errors.map((error) => {
    const at = error.linePos?.[0];
    const message =
      error.code === "MULTIPLE_DOCS"
        ? "holds several YAML documents; it must be one"
        : error.code === "DUPLICATE_KEY"
          ? "this key is already set above; a key may be written only once"
          : firstSentence(error.message);
    return located(where, at, message, lineText);
  });
  if (problems.length > 0) throw new K3dxError(listProblems(`${where} is not valid YAML`, problems));
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: YAML_ALIASES_MAX });
  } catch (error) {
    throw new K3dxError(`${where}: ${firstSentence((error as Error).message)} (at most ${YAML_ALIASES_MAX} alias expansions)`);
  }
  return {
    value,
    lineText,
    positionOf(path) {
      const node = nodeAt(doc, path);
      const offset = node?.range?.[0];
      return offset === undefined ? undefined : lineCounter.linePos(offset);
    },
    sourceOf(path) {
      const source = (nodeAt(doc, path) as { source?: unknown } | undefined)?.source;
      return typeof source === "string" ? source : undefined;
    },
  };
}

/** `where:LINE:COL: message`, then the line itself, indented (terminal-safe). */
export function located(where: string, at: Position | undefined, message: string, lineText: (line: number) => string): string {
  if (!at) return `${where}: ${message}`;
  const shown = printable(lineText(at.line).replace(/\s+$/, ""));
  return `${where}:${at.line}:${at.col}: ${message}${shown ? `\n    ${shown}` : ""}`;
}

/** A headline, then each problem on its own line(s); the first MAX_LISTED of them. */
export function listProblems(headline: string, problems: string[]): string {
  if (problems.length === 1) return problems[0]!;
  const shown = problems.slice(0, MAX_LISTED);
  const more = problems.length > MAX_LISTED ? [`…and ${problems.length - MAX_LISTED} more`] : [];
  return [`${headline}: ${problems.length} problems`, ...shown, ...more].join("\n  ");
}

function nodeAt(doc: Document, path: readonly (string | number)[]): { range?: [number, number, number] | null } | undefined {
  try {
    const node = path.length === 0 ? doc.contents : doc.getIn(path as (string | number)[], true);
    return node && typeof node === "object" ? (node as { range?: [number, number, number] | null }) : undefined;
  } catch {
    return undefined;
  }
}

/** The `yaml` package's messages end with a source excerpt of their own; ours comes from lineText. */
function firstSentence(message: string): string {
  return message.split("\n", 1)[0]!.replace(/ at line \d+, column \d+:?$/, "").trim();
}
