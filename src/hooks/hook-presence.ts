/**
 * The one question a lifecycle command asks before anything is loaded: could a hook fire?
 * It is on the path of every `k3d cluster create|delete|…`, so it lists the verb's event
 * folders — two, three for create (undo-cluster-create) and delete (cluster-gc) — and does
 * nothing more: no stat, no plugin metadata. Bun.Glob lists a folder natively; node:fs
 * would cost this path about 2 ms just to load (Glob: under 1 ms in all).
 */
import type { LifecycleVerb } from "../k3d/cluster-names.ts";
import { hookFolder } from "../plugins/store-layout.ts";
import { eventsOf } from "./lifecycle-events.ts";

/** True when one of the verb's event folders (pre-, post-, cleanup) holds anything but dot-files. */
export function hooksMayFire(home: string, verb: LifecycleVerb): boolean {
  const { pre, post, cleanup } = eventsOf(verb);
  const anyEntry = new Bun.Glob("*");
  return (
    hasEntries(anyEntry, hookFolder(home, pre)) ||
    hasEntries(anyEntry, hookFolder(home, post)) ||
    (cleanup !== undefined && hasEntries(anyEntry, hookFolder(home, cleanup)))
  );
}

function hasEntries(anyEntry: Bun.Glob, folder: string): boolean {
  try {
    for (const _ of anyEntry.scanSync({ cwd: folder, onlyFiles: false, dot: false })) return true;
  } catch {
    // No such folder: no hooks.
  }
  return false;
}
