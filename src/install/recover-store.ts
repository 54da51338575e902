/**
 * Putting right what a command killed halfway through (SIGKILL, a power cut) left in the
 * store. Every command that changes the store runs this first, holding the store's lock
 * — so whatever a change leaves under its lock (moved-aside folders and links) belongs to
 * a command that is no longer running. `k3d plugin doctor` runs it too.
 *
 *   plugins/OWNER/.NAME.replaced-*    the previous version, moved aside by an install that
 *   plugins/OWNER/.NAME.displaced-*   replaced it (here, or elsewhere by --force): put back
 *                                      when nothing took its place, else deleted
 *   plugins/OWNER/.NAME.removed-*     a removed plugin, its links already gone: deleted
 *   plugins/OWNER/.staging-PID-*      an install's private folder: deleted once PID is gone
 *   hooks/EVENT/.NAME.k3dx-new-*      a link being made: deleted
 *   hooks/EVENT/.NAME.k3dx-aside-*    a link set aside: put back if nothing took its place
 *                                      and it still leads somewhere, else deleted
 *
 * On Linux an install swaps the new version in with one atomic exchange
 * (place-plugin.ts), so a replaced plugin is never missing in the first place; elsewhere,
 * and for --force's plugin of the same name in another folder, this is what restores it.
 * Staging folders of running commands and of older k3dx versions (`.staging-XXXXXX`, no
 * pid) are left alone: doctor reports them.
 */
import { existsSync, lstatSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { joinPath } from "../platform/paths.ts";
import { listInstalledPlugins, readInstalledPlugin } from "../plugins/installed-plugins.ts";
import { hooksRoot, pluginsRoot } from "../plugins/store-layout.ts";
import { isRunning } from "../process/process-identity.ts";

/** `.NAME.PURPOSE-PID-RANDOM`, as place-plugin.ts's moveAside names them. */
const MOVED_ASIDE = /^\.(.+)\.(replaced|displaced|removed)-(\d+)-[a-z0-9]+$/;
/** `.staging-PID-XXXXXX`, as staging.ts names them. */
const STAGING = /^\.staging-(\d+)-[A-Za-z0-9]+$/;
/** `.NAME.k3dx-new-PID-RANDOM` and `.NAME.k3dx-aside-PID-RANDOM`, as hook-links.ts names them. */
const HOOK_SIDE_ENTRY = /^\.(.+)\.k3dx-(new|aside)-\d+-[a-z0-9]+$/;

/** One thing done, for doctor to report: "put back plugins/acme/tool, interrupted while being replaced". */
export type Recovery = string;

/** Puts right what it can; never throws (a store it cannot change is reported by doctor). Returns what it did. */
export function recoverInterruptedChanges(home: string): Recovery[] {
  const done: Recovery[] = [];
  for (const ownerDir of subfolders(pluginsRoot(home))) {
    for (const name of names(ownerDir)) {
      const path = joinPath(ownerDir, name);
      const aside = MOVED_ASIDE.exec(name);
      if (aside) done.push(...recoverMovedAside(home, path, joinPath(ownerDir, aside[1]!), aside[2]!));
      const staging = STAGING.exec(name);
      if (staging && !isRunning(Number(staging[1])) && remove(path)) done.push(`deleted ${path}, left by an install that was interrupted`);
    }
  }
  for (const eventDir of subfolders(hooksRoot(home))) {
    for (const name of names(eventDir)) {
      const side = HOOK_SIDE_ENTRY.exec(name);
      if (side) done.push(...recoverHookEntry(joinPath(eventDir, name), joinPath(eventDir, side[1]!), side[2] as "new" | "aside"));
    }
  }
  return done;
}

function recoverMovedAside(home: string, aside: string, target: string, purpose: string): Recovery[] {
  if (purpose !== "removed" && !existsSync(target)) {
    const plugin = readInstalledPlugin(aside);
    const name = plugin?.metadata.name;
    const taken = name !== undefined && listInstalledPlugins(home).some((other) => other.metadata.name === name);
    if (plugin && !taken && move(aside, target)) return [`put back ${target}, interrupted while being ${purpose}`];
  }
  return remove(aside) ? [`deleted ${aside}, left by an interrupted install, upgrade or remove`] : [];
}

function recoverHookEntry(entry: string, path: string, kind: "new" | "aside"): Recovery[] {
  if (kind === "aside" && !lexists(path) && existsSync(entry) && move(entry, path)) return [`put back the hook link ${path}`];
  return remove(entry) ? [`deleted ${entry}, left by an interrupted install, upgrade or remove`] : [];
}

function subfolders(dir: string): string[] {
  return names(dir)
    .filter((name) => !name.startsWith("."))
    .map((name) => joinPath(dir, name))
    .filter((path) => {
      try {
        return statSync(path).isDirectory();
      } catch {
        return false;
      }
    });
}

function names(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Whether anything stands at `path`, a broken link included; true when that cannot be told. */
function lexists(path: string): boolean {
  try {
    return lstatSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return true;
  }
}

function move(from: string, to: string): boolean {
  try {
    renameSync(from, to);
    return true;
  } catch {
    return false;
  }
}

function remove(path: string): boolean {
  try {
    rmSync(path, { recursive: true, force: true });
    return true;
  } catch {
    return false;
  }
}
