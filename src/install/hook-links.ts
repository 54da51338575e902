/**
 * The links in `$K3DX_HOME/hooks/<event>/<name>` that make a plugin's executable fire on
 * its events (SPEC §4, §6). Links are relative (`../../plugins/OWNER/REPO/exe`), so a
 * moved K3DX_HOME keeps working; Windows, where links need privileges, gets copies.
 *
 * Changing them is a two-step swap: `swapHookLinks` puts the new set in place, each new
 * link with one atomic rename over the old, and keeps what it removed renamed aside (a
 * dot-name hook runners skip); `restore()` puts every entry back as it was (a removed
 * link is the very same link again, a replaced one has its old target), `finish()`
 * deletes what was set aside.
 */
import { copyFileSync, lstatSync, mkdirSync, readlinkSync, renameSync, rmdirSync, rmSync, symlinkSync } from "node:fs";
import { relative, resolve, sep } from "node:path";
import { K3dxError } from "../errors.ts";
import { runnableName } from "../platform/executable.ts";
import { IS_WINDOWS, baseName, dirName, joinPath } from "../platform/paths.ts";
import { hookFolder, hookLinkPath, hooksRoot, pluginsRoot } from "../plugins/store-layout.ts";
import type { LifecycleEvent } from "../plugins/types.ts";

export interface HookLinkSet {
  /** The plugin's name: what each link is called (plus the executable's extension on Windows). */
  name: string;
  events: LifecycleEvent[];
  /** Absolute path of the executable the links point to (in its final place). */
  executable: string;
}

/** `hooks/<event>/<name>`: on Windows `<name>.exe` (or .cmd…), the extension being what makes it run. */
export function hookEntryPath(home: string, event: LifecycleEvent, links: HookLinkSet): string {
  return hookLinkPath(home, event, runnableName(links.name, links.executable));
}

export interface HookSwap {
  /** Puts back every entry the swap changed, as it was before. */
  restore(): void;
  /** Deletes what was set aside for `restore`. */
  finish(): void;
}

/** What stood at a link path before the swap, and so how to put it back. */
type Prior =
  | { kind: "absent" }
  /** A link that was replaced by another: recreated with the same target. */
  | { kind: "link"; target: string }
  /** An entry renamed aside (a removed link, a replaced Windows copy): renamed back. */
  | { kind: "aside"; aside: string };

/** The first entry that stands where the plugin's links would go and is not k3dx's to replace (a user's own hook). */
export function foreignHookEntry(home: string, links: HookLinkSet): string | undefined {
  return links.events.map((event) => hookEntryPath(home, event, links)).find((path) => !isReplaceable(home, path));
}

/**
 * Removes the links of the plugins in `before` and creates those of `after` (if any).
 * On failure everything touched so far is restored and the error is thrown.
 */
export function swapHookLinks(home: string, before: HookLinkSet[], after: HookLinkSet | undefined): HookSwap {
  const priors = new Map<string, Prior>();
  /** Event folders this swap created: a restore removes them again. */
  const createdFolders: string[] = [];
  const swap: HookSwap = {
    restore: () => {
      for (const [path, prior] of priors) putBack(path, prior);
      for (const folder of createdFolders.reverse()) removeEmptyFolder(folder);
    },
    finish: () => {
      for (const prior of priors.values()) if (prior.kind === "aside") rmSync(prior.aside, { force: true });
    },
  };
  try {
    const keep = new Set(after ? after.events.map((event) => hookEntryPath(home, event, after)) : []);
    for (const old of before) {
      for (const event of old.events) {
        const path = hookEntryPath(home, event, old);
        if (keep.has(path) || priors.has(path) || !isReplaceable(home, path)) continue;
        priors.set(path, moveAside(path));
      }
    }
    for (const event of after?.events ?? []) {
      const path = hookEntryPath(home, event, after!);
      const target = linkTarget(home, event, after!.executable);
      // The same link already there (an upgrade keeps its executable's name): leave it be.
      if (currentLinkTarget(path) === target) continue;
      priors.set(path, captureBeforeReplacing(path));
      // mkdir -p returns the first folder it made (hooks/ on a first install); the event
      // folder below it is new too, and must go first for a restore to remove both.
      const created = mkdirSync(dirName(path), { recursive: true });
      if (created) createdFolders.push(...(created === dirName(path) ? [created] : [created, dirName(path)]));
      placeLink(path, target);
    }
  } catch (error) {
    swap.restore();
    throw new K3dxError(`cannot update the hook links in ${hooksRoot(home)}: ${(error as Error).message}`);
  }
  return swap;
}

/** `../../plugins/OWNER/REPO/exe`, as seen from `hooks/<event>/`. */
export function linkTarget(home: string, event: string, executable: string): string {
  // Forward slashes on every platform: a link's target is data a user may read.
  return relative(hookFolder(home, event), executable).replaceAll("\\", "/");
}

/** A link k3dx made (it points into the plugin store) or nothing at all may be replaced. */
function isReplaceable(home: string, path: string): boolean {
  const stat = lstatSync(path, { throwIfNoEntry: false });
  if (!stat) return true;
  if (IS_WINDOWS && stat.isFile()) return true;
  if (!stat.isSymbolicLink()) return false;
  const target = resolve(dirName(path), readlinkSync(path));
  return target.startsWith(resolve(pluginsRoot(home)) + sep);
}

function currentLinkTarget(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

/** A link being replaced is remembered by its target: the new one is renamed over it, leaving no gap. */
function captureBeforeReplacing(path: string): Prior {
  const stat = lstatSync(path, { throwIfNoEntry: false });
  if (!stat) return { kind: "absent" };
  if (stat.isSymbolicLink()) return { kind: "link", target: readlinkSync(path) };
  return moveAside(path);
}

function moveAside(path: string): Prior {
  if (!lstatSync(path, { throwIfNoEntry: false })) return { kind: "absent" };
  const aside = sideName(path, "aside");
  renameSync(path, aside);
  return { kind: "aside", aside };
}

function removeEmptyFolder(folder: string): void {
  try {
    rmdirSync(folder);
  } catch {
    // Not empty after all: it stays.
  }
}

function putBack(path: string, prior: Prior): void {
  try {
    if (prior.kind === "absent") rmSync(path, { force: true });
    else if (prior.kind === "link") placeLink(path, prior.target, true);
    else renameSync(prior.aside, path);
  } catch {
    // Best effort: the error that made us restore is the one the user needs to see.
  }
}

/** Creates the link under a temporary name and renames it over `path`: never a moment without one. */
function placeLink(path: string, target: string, asLink = !IS_WINDOWS): void {
  mkdirSync(dirName(path), { recursive: true });
  const temporary = sideName(path, "new");
  if (asLink) symlinkSync(target, temporary);
  else copyFileSync(joinPath(dirName(path), target), temporary);
  try {
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** A dot-name beside `path`, which hook runners skip. */
function sideName(path: string, purpose: string): string {
  return joinPath(dirName(path), `.${baseName(path)}.k3dx-${purpose}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
}
