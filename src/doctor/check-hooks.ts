/**
 * Doctor: what sits in `$K3DX_HOME/hooks/`. Entries the hook runner skips are reported:
 * broken links and non-executables as problems (someone meant them to run), dot-files
 * and folders as warnings (the usual way to switch a hook off is to rename it `.name`).
 */
import { readdirSync, readlinkSync } from "node:fs";
import { scanHookFolder } from "../hooks/hook-folder.ts";
import { joinPath } from "../platform/paths.ts";
import { hooksRoot } from "../plugins/store-layout.ts";
import { LIFECYCLE_EVENTS, type LifecycleEvent } from "../plugins/types.ts";
import { ok, problem, warning, type Finding } from "./finding.ts";

export function checkHookFolders(home: string): Finding[] {
  const findings: Finding[] = [];
  for (const name of folderNames(hooksRoot(home))) {
    if (!name.startsWith(".") && !(LIFECYCLE_EVENTS as readonly string[]).includes(name)) {
      findings.push(warning(`${joinPath(hooksRoot(home), name)} is not named after a lifecycle event, so nothing in it ever runs`));
    }
  }
  for (const event of LIFECYCLE_EVENTS) findings.push(...checkEvent(home, event));
  return findings;
}

function checkEvent(home: string, event: LifecycleEvent): Finding[] {
  const scan = scanHookFolder(home, event);
  const findings: Finding[] = scan.skipped.map(({ path, reason }) => {
    switch (reason) {
      case "broken link":
        return problem(`${path} is a broken link (to ${linkText(path)}); remove it, or install its plugin again`);
      case "not executable":
        return problem(`${path} is not executable, so it never runs; chmod +x it, or remove it`);
      case "hidden":
        return warning(`${path} is skipped: its name starts with '.'`);
      case "not a file":
        return warning(`${path} is skipped: it is not a file`);
    }
  });
  if (scan.hooks.length > 0) findings.unshift(ok(`${event}: ${scan.hooks.map((hook) => hook.name).join(", ")}`));
  return findings;
}

function linkText(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return "?";
  }
}

function folderNames(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}
