/**
 * Doctor: `k3d-<name>` executables on PATH (kubectl-style plugins, SPEC §3) that can never
 * run, because an installed plugin answers the same command, an earlier PATH entry has
 * the same name, or the name is k3d's own.
 */
import { readdirSync } from "node:fs";
import { pluginNameOfPathFile } from "../dispatch/find-callable.ts";
import { isReservedNoun } from "../k3d/builtin-nouns.ts";
import { fileIdentity, sameFile } from "../k3d/wrapper-identity.ts";
import { isExecutableFile } from "../platform/executable.ts";
import { joinPath, pathFolders } from "../platform/paths.ts";
import type { InstalledPlugin } from "../plugins/types.ts";
import { ok, warning, type Finding } from "./finding.ts";

export function checkPathPlugins(pathValue: string | undefined, selfPath: string, installed: InstalledPlugin[]): Finding[] {
  const self = fileIdentity(selfPath);
  const findings: Finding[] = [];
  const firstByName = new Map<string, string>();
  for (const folder of new Set(pathFolders(pathValue))) {
    for (const file of filesIn(folder)) {
      const name = pluginNameOfPathFile(file);
      const path = joinPath(folder, file);
      if (!name || !isExecutableFile(path) || sameFile(fileIdentity(path), self)) continue;
      const earlier = firstByName.get(name);
      const installedPlugin = installed.find((plugin) => plugin.metadata.command === name);
      if (isReservedNoun(name)) findings.push(warning(`PATH plugin ${path} never runs: '${name}' is k3d's own command`));
      else if (earlier) findings.push(warning(`PATH plugin ${path} never runs: ${earlier} comes first on PATH`));
      else if (installedPlugin) findings.push(warning(`PATH plugin ${path} never runs: installed plugin ${installedPlugin.metadata.name} answers 'k3d ${name}'`));
      else findings.push(ok(`PATH plugin ${name}: ${path}`));
      if (!earlier) firstByName.set(name, path);
    }
  }
  return findings;
}

function filesIn(folder: string): string[] {
  try {
    return readdirSync(folder).sort();
  } catch {
    return [];
  }
}
