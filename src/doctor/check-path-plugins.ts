/**
 * Doctor: `k3d-<name>` executables on PATH (kubectl-style plugins, SPEC §3) that can never
 * run, because an installed plugin answers the same command, an earlier PATH entry has
 * the same name, or the name is k3d's own; and `k3d-*` entries that cannot even be looked
 * at (a loop of symbolic links, a folder we may not read), which k3dx passes over.
 */
import { isReservedNoun } from "../k3d/builtin-nouns.ts";
import { printable } from "../platform/printable.ts";
import { pathPluginFiles, unusablePathEntries } from "../plugins/path-plugins.ts";
import type { InstalledPlugin } from "../plugins/types.ts";
import { ok, warning, type Finding } from "./finding.ts";

export function checkPathPlugins(pathValue: string | undefined, selfPath: string, installed: InstalledPlugin[]): Finding[] {
  const findings: Finding[] = [];
  const firstByName = new Map<string, string>();
  for (const { name, path } of pathPluginFiles(pathValue, selfPath)) {
    const earlier = firstByName.get(name);
    const installedPlugin = installed.find((plugin) => plugin.metadata.command === name);
    if (isReservedNoun(name)) findings.push(warning(`PATH plugin ${path} never runs: '${name}' is k3d's own command`));
    else if (earlier) findings.push(warning(`PATH plugin ${path} never runs: ${earlier} comes first on PATH`));
    else if (installedPlugin) findings.push(warning(`PATH plugin ${path} never runs: installed plugin ${installedPlugin.metadata.name} answers 'k3d ${name}'`));
    else findings.push(ok(`PATH plugin ${name}: ${path}`));
    if (!earlier) firstByName.set(name, path);
  }
  for (const { path, problem } of unusablePathEntries(pathValue)) {
    findings.push(warning(`PATH entry ${printable(path)} is passed over: ${problem}; remove it, or fix what it points to`));
  }
  return findings;
}
