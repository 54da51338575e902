/**
 * The commit of an install or upgrade: a complete staged folder takes its place in the
 * store. In order, each step undone if a later one fails:
 *
 *   1. a plugin of the same name elsewhere (--force) is renamed away;
 *   2. the staged folder takes the target's place — the one step that installs. Where
 *      the target holds a plugin (upgrade, --force), on Linux the two folders are swapped
 *      in one atomic exchange (renameat2 RENAME_EXCHANGE), so that no crash can leave
 *      neither in place; elsewhere, or on a file system that cannot exchange, the old one
 *      is renamed away first, and a crash between the two renames is put right by the next
 *      command that takes the store's lock (recover-store.ts);
 *   3. the hook links are swapped (links of what was replaced out, the new ones in);
 *   4. only then is what was replaced deleted.
 *
 * A failure before step 4 leaves the previous version and its hook links exactly as
 * they were. Callers hold the store's lock.
 */
import { existsSync, renameSync, rmSync } from "node:fs";
import { K3dxError } from "../errors.ts";
import { baseName, dirName, joinPath } from "../platform/paths.ts";
import type { InstalledPlugin } from "../plugins/types.ts";
import { linuxLibc } from "../process/libc.ts";
import { swapHookLinks, type HookLinkSet, type HookSwap } from "./hook-links.ts";

export interface Placement {
  home: string;
  /** The complete staged plugin folder. */
  staged: string;
  /** Its final folder in the store. */
  target: string;
  /** The new plugin's hook links. */
  links: HookLinkSet;
  /** The plugin in `target` that this one replaces. */
  current?: InstalledPlugin;
  /** A plugin of the same name in another folder that this one replaces (--force). */
  displaced?: InstalledPlugin;
}

/** A folder renamed to a dot-name beside itself, and the way back. */
export interface MovedAside {
  aside: string;
  restore(): void;
  discard(): void;
}

export function moveAside(dir: string, purpose: string): MovedAside {
  const aside = joinPath(dirName(dir), `.${baseName(dir)}.${purpose}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  rename(dir, aside);
  return {
    aside,
    restore: () => rename(aside, dir),
    discard: () => rmSync(aside, { recursive: true, force: true }),
  };
}

/** The hook links an installed plugin has (or should have). */
export function linksOf(plugin: InstalledPlugin): HookLinkSet {
  const executable = plugin.executable ?? joinPath(plugin.dir, plugin.receipt?.executable ?? plugin.metadata.name);
  return { name: plugin.metadata.name, events: plugin.metadata.hooks.map((hook) => hook.event), executable };
}

export function placePlugin(placement: Placement): void {
  placePluginReversibly(placement).commit();
}

/** A placement done but not yet final: what was replaced is still kept aside. */
export interface PlacedPlugin {
  /** Step 5: deletes what was renamed away. */
  commit(): void;
  /** Undoes steps 1 to 4: the previous plugins and their hook links are back as they were. */
  rollback(): void;
}

/**
 * Steps 1 to 4, keeping the way back open: a set of plugins installed all or nothing
 * (`install --locked`) places each, then commits them all, or rolls them all back.
 */
export function placePluginReversibly(placement: Placement): PlacedPlugin {
  const { home, staged, target, current, displaced } = placement;
  const undo: (() => void)[] = [];
  const removed: { discard(): void }[] = [];
  let swap: HookSwap;
  try {
    if (displaced) {
      const moved = moveAside(displaced.dir, "displaced");
      undo.push(moved.restore);
      removed.push(moved);
    }
    // The target may hold a plugin, or (with --force) a leftover that is not one.
    if (existsSync(target) && exchange(staged, target)) {
      // `staged` now holds what was in the target.
      undo.push(() => exchange(staged, target) || restoreByRenames(staged, target));
      removed.push({ discard: () => rmSync(staged, { recursive: true, force: true }) });
    } else {
      if (existsSync(target)) {
        const moved = moveAside(target, "replaced");
        undo.push(moved.restore);
        removed.push(moved);
      }
      rename(staged, target);
      undo.push(() => rename(target, staged));
    }
    const before = [current, displaced].filter((old): old is InstalledPlugin => old !== undefined).map(linksOf);
    swap = swapHookLinks(home, before, placement.links);
  } catch (error) {
    undoAll(undo);
    throw error;
  }
  return {
    commit() {
      swap.finish();
      for (const moved of removed) moved.discard();
    },
    rollback() {
      swap.restore();
      undoAll(undo);
    },
  };
}

function undoAll(undo: (() => void)[]): void {
  for (const step of [...undo].reverse()) {
    try {
      step();
    } catch {
      // Keep undoing the rest; the original error is the one to report.
    }
  }
}

/** Swaps two existing folders atomically; false where that is not possible here (then rename). */
function exchange(a: string, b: string): boolean {
  return linuxLibc()?.exchangePaths(a, b) === 0;
}

/** Undoing an exchange when a second exchange fails: `old` back to `target`, the new one back to `old`'s place. */
function restoreByRenames(old: string, target: string): void {
  const moved = moveAside(target, "removed");
  rename(old, target);
  rename(moved.aside, old);
}

function rename(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    throw new K3dxError(`cannot move ${from} to ${to}: ${(error as Error).message}`);
  }
}
