/**
 * Doctor: `k3d-<name>` executables on PATH (kubectl-style plugins, SPEC §3) that can never
 * run, because an installed plugin answers the same command, an earlier PATH entry has
 * the same name, or the name is k3d's own; and `k3d-*` entries that cannot even be looked
 * at (a loop of symbolic links, a folder we may not read), which k3dx passes over.
 */
import { printable } from "../platform/printable.ts";
import { pathPluginStatuses, unusablePathEntries } from "../plugins/path-plugins.ts";
import type { InstalledPlugin } from "../plugins/types.ts";
import { ok, warning, type Finding } from "./finding.ts";

export function checkPathPlugins(pathValue: string | undefined, selfPath: string, installed: InstalledPlugin[]): Finding[] {
  const findings = pathPluginStatuses(pathValue, selfPath, installed).map(({ file, neverRuns }) => {
    // File names on PATH are anyone's choice: `k3d-\e[31mred` must not recolour the report.
    const [name, path] = [printable(file.name), printable(file.path)];
    switch (neverRuns?.why) {
      case undefined:
        return ok(`PATH plugin ${name}: ${path}`);
      case "reserved":
        return warning(`PATH plugin ${path} never runs: '${name}' is k3d's own command`);
      case "earlier on PATH":
        return warning(`PATH plugin ${path} never runs: ${printable(neverRuns.earlier)} comes first on PATH`);
      case "installed plugin":
        return warning(`PATH plugin ${path} never runs: installed plugin ${neverRuns.plugin} answers 'k3d ${name}'`);
    }
  });
  for (const { path, problem } of unusablePathEntries(pathValue)) {
    findings.push(warning(`PATH entry ${printable(path)} is passed over: ${problem}; remove it, or fix what it points to`));
  }
  return findings;
}
