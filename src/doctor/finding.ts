/** What `k3d plugin doctor` reports: one line per finding; any problem makes it exit 1. */
export type Severity = "ok" | "warning" | "problem";

export interface Finding {
  severity: Severity;
  message: string;
}

export const ok = (message: string): Finding => ({ severity: "ok", message });
export const warning = (message: string): Finding => ({ severity: "warning", message });
export const problem = (message: string): Finding => ({ severity: "problem", message });

/** `ok       …`, `warning  …`, `problem  …`: the severity first, aligned, for eyes and for grep. */
export function formatFinding(finding: Finding): string {
  // A message of several lines (every problem of a plugin.yaml) stays under its first.
  return `${finding.severity.padEnd(8)} ${finding.message.replaceAll("\n", `\n${" ".repeat(9)}`)}`;
}

export function summarize(findings: Finding[]): string {
  const count = (severity: Severity) => findings.filter((finding) => finding.severity === severity).length;
  const problems = count("problem");
  const warnings = count("warning");
  if (problems === 0 && warnings === 0) return "no problems found";
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return `${plural(problems, "problem")}, ${plural(warnings, "warning")}`;
}
