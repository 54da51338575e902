/**
 * Doctor: what sits in `$K3DX_HOME/hooks/`, judged as the hook runner treats it (one
 * truth, in the README too): broken links, non-executables and folders are skipped with a
 * warning at every run, so they are warnings here; a dot-file is skipped silently (renaming
 * a hook to `.name` is how to switch it off), so it is an `ok` line saying it is off.
 * A plugin's metadata or a script's `k3dx-hook:` line asking for onError: warn on a pre-
 * event is warned about (there it has no effect), as is a mistake in that line.
 */
import { readdirSync, readlinkSync } from "node:fs";
import type { SkippedHookEntry } from "../hooks/hook-folder.ts";
import { headerWarning, loadEventHooks, type RegisteredHook } from "../hooks/registered-hooks.ts";
import { joinPath } from "../platform/paths.ts";
import { DEFAULT_HOOK_TIMEOUT_SECONDS } from "../limits.ts";
import { hooksRoot } from "../plugins/store-layout.ts";
import { LIFECYCLE_EVENTS, type LifecycleEvent } from "../plugins/types.ts";
import { ok, warning, type Finding } from "./finding.ts";

export function checkHookFolders(home: string): Finding[] {
  const findings: Finding[] = [];
  for (const name of folderNames(hooksRoot(home))) {
    if (!name.startsWith(".") && !(LIFECYCLE_EVENTS as readonly string[]).includes(name)) {
      findings.push(warning(`${joinPath(hooksRoot(home), name)} is not named after a lifecycle event, so nothing in it ever runs`));
    }
  }
  // Timeouts are not checked here: any default will do.
  const found = loadEventHooks(home, [...LIFECYCLE_EVENTS], { seconds: DEFAULT_HOOK_TIMEOUT_SECONDS });
  for (const event of LIFECYCLE_EVENTS) {
    findings.push(...checkEvent(event, found.hooks.get(event)!, found.skipped.filter((entry) => entry.event === event)));
  }
  return findings;
}

function checkEvent(event: LifecycleEvent, hooks: RegisteredHook[], skipped: SkippedHookEntry[]): Finding[] {
  const findings: Finding[] = skipped.map(({ path, reason, detail }) => {
    switch (reason) {
      case "cannot be looked at":
        return warning(`${path} cannot be looked at (${detail ?? reason}), skipped at every run; remove it, or fix what it points to`);
      case "broken link":
        return warning(`${path} is a broken link (to ${linkText(path)}), skipped at every run; remove it, or install its plugin again`);
      case "not executable":
        return warning(`${path} is not executable, so it never runs; chmod +x it, or remove it`);
      case "hidden":
        return ok(`${path} is switched off: its name starts with '.'`);
      case "not a file":
        return warning(`${path} is skipped: it is not a file`);
    }
  });
  for (const hook of hooks.filter((candidate) => candidate.warnIgnored)) {
    const who = hook.plugin ? `plugin ${hook.plugin}` : "its k3dx-hook: line";
    findings.push(warning(`${hook.path}: ${who} asks for onError: warn, which has no effect on ${event}; a failed pre-hook always stops the command`));
  }
  for (const hook of hooks) for (const headerProblem of hook.headerProblems ?? []) findings.push(warning(headerWarning(hook, headerProblem)));
  if (hooks.length > 0) findings.unshift(ok(`${event}: ${hooks.map((hook) => hook.name).join(", ")}`));
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
