/**
 * Removing a plugin: its hook links (only links k3dx made; a user's own script of the
 * same name stays), then its folder, renamed away first so that no reader ever sees a
 * half-deleted plugin, then its OWNER folder if nothing else is left in it. SIGINT, SIGTERM
 * and SIGHUP wait for those few synchronous steps to finish; while waiting for the lock,
 * they stop the command with nothing removed.
 */
import { dirName } from "../platform/paths.ts";
import { readInstalledPlugin } from "../plugins/installed-plugins.ts";
import type { InstalledPlugin } from "../plugins/types.ts";
import { swapHookLinks } from "./hook-links.ts";
import { linksOf, moveAside } from "./place-plugin.ts";
import { InterruptedError, watchInterrupts } from "../process/interrupts.ts";
import { withStoreLock } from "./store-lock.ts";
import { removeIfEmpty } from "./staging.ts";

export async function removePlugin(home: string, plugin: InstalledPlugin): Promise<void> {
  const interrupts = watchInterrupts();
  try {
    await withStoreLock(home, () => removeLocked(home, plugin), { abort: interrupts.abortSignal });
  } catch (error) {
    if (interrupts.received) throw new InterruptedError(interrupts.received, "nothing was removed");
    throw error;
  } finally {
    interrupts.stop();
  }
  removeIfEmpty(dirName(plugin.dir));
}

function removeLocked(home: string, plugin: InstalledPlugin): void {
  // Read again under the lock: an upgrade may have finished while we waited.
  const current = readInstalledPlugin(plugin.dir) ?? plugin;
  const swap = swapHookLinks(home, [linksOf(current)], undefined);
  let moved;
  try {
    moved = moveAside(current.dir, "removed");
  } catch (error) {
    swap.restore();
    throw error;
  }
  swap.finish();
  moved.discard();
}
