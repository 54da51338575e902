/**
 * What sits in `$K3DX_HOME/hooks/<event>/`: links the installer made into the plugin store
 * and users' own scripts, alike. Executables are hooks; dot-files, non-executables,
 * broken links and folders are skipped, and said so (here as data: the lifecycle warns
 * on stderr, `plugin hooks` flags them, `doctor` reports them).
 */
import { readdirSync, realpathSync } from "node:fs";
import { commandNameOfFile, isExecutableFile } from "../platform/executable.ts";
import { joinPath } from "../platform/paths.ts";
import { statPath, statProblem } from "../platform/safe-stat.ts";
import { hookFolder } from "../plugins/store-layout.ts";
import type { LifecycleEvent } from "../plugins/types.ts";

export interface HookFile {
  event: LifecycleEvent;
  /** The file's name (on Windows without its .exe/.cmd…): K3D_PLUGIN_NAME, and how it is shown. */
  name: string;
  /** Its path in the hooks folder. */
  path: string;
  /** What it finally is: where a link points, else the path itself. */
  target: string;
}

export type SkipReason = "hidden" | "not executable" | "broken link" | "not a file" | "cannot be looked at";

export interface SkippedHookEntry {
  event: LifecycleEvent;
  name: string;
  path: string;
  reason: SkipReason;
  /** For "cannot be looked at": why, in words ("it is a loop of symbolic links (ELOOP)"). */
  detail?: string;
}

export interface HookFolderScan {
  /** In name order, so runs, listings and merged arguments are deterministic. */
  hooks: HookFile[];
  skipped: SkippedHookEntry[];
}

export function scanHookFolder(home: string, event: LifecycleEvent): HookFolderScan {
  const folder = hookFolder(home, event);
  const scan: HookFolderScan = { hooks: [], skipped: [] };
  for (const name of readFolder(folder)) {
    const path = joinPath(folder, name);
    const reason = skipReason(name, path);
    if (reason) {
      const detail = reason === "cannot be looked at" ? statProblem(path) : undefined;
      scan.skipped.push({ event, name, path, reason, ...(detail ? { detail } : {}) });
      continue;
    }
    scan.hooks.push({ event, name: commandNameOfFile(name), path, target: realTarget(path) });
  }
  scan.hooks.sort((a, b) => compareNames(a.name, b.name));
  scan.skipped.sort((a, b) => compareNames(a.name, b.name));
  return scan;
}

/**
 * Why an entry is not run, in words for a user; undefined for dot-files, which are
 * skipped on purpose (renaming a hook to `.name` is how to switch it off).
 */
export function skippedNote(entry: SkippedHookEntry): string | undefined {
  if (entry.reason === "hidden") return undefined;
  if (entry.reason === "cannot be looked at") return entry.detail ?? entry.reason;
  return entry.reason === "not executable" ? "not executable; chmod +x it to enable it" : entry.reason;
}

/** Plain code-unit order: the same on every machine, whatever its locale. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function skipReason(name: string, path: string): SkipReason | undefined {
  if (name.startsWith(".")) return "hidden";
  // Follows links: a link whose target is gone has no stat; nor has a loop of links, or an
  // entry behind a folder we may not read, which say why.
  const stat = statPath(path);
  if (!stat) return statProblem(path) ? "cannot be looked at" : "broken link";
  if (!stat.isFile()) return "not a file";
  return isExecutableFile(path) ? undefined : "not executable";
}

function realTarget(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return "";
  }
}

function readFolder(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}
