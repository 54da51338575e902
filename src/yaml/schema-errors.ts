/**
 * valibot's issues about a YAML file, each pointing at its line: `where:LINE:COL: path:
 * message`, then the line itself. Every issue is reported, not only the first, so an
 * author fixes a file in one round.
 */
import type { BaseIssue } from "valibot";
import { K3dxError } from "../errors.ts";
import { listProblems, located, type YamlDocument } from "./yaml-document.ts";

/** `hooks[1].event` for the path of an issue. */
export function issuePath(issue: BaseIssue<unknown>): (string | number)[] {
  return (issue.path ?? []).map((item) => (item as { key: unknown }).key as string | number);
}

export function formatPath(path: readonly (string | number)[]): string {
  let out = "";
  for (const key of path) out += typeof key === "number" ? `[${key}]` : out === "" ? String(key) : `.${String(key)}`;
  return out;
}

/** One line (plus the offending line) per issue, located in `doc` where the path leads. */
export function locateIssues(issues: readonly BaseIssue<unknown>[], doc: YamlDocument, where: string): string[] {
  return issues.map((issue) => {
    const path = issuePath(issue);
    const shown = formatPath(path);
    // A missing field has no node of its own: point at the mapping that lacks it.
    const at = doc.positionOf(path) ?? doc.positionOf(path.slice(0, -1));
    return located(where, at, shown ? `${shown}: ${issue.message}` : issue.message, doc.lineText);
  });
}

/** Throws one K3dxError listing every issue. */
export function throwSchemaIssues(issues: readonly BaseIssue<unknown>[], doc: YamlDocument, where: string): never {
  throw new K3dxError(listProblems(`${where} does not match the schema`, locateIssues(issues, doc, where)));
}
