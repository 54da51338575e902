/**
 * Doctor: before the store is read, what an interrupted command left half-done in it is
 * put right, exactly as the next install, upgrade or remove would (recover-store.ts),
 * under the store's lock. Each repair is reported; what cannot be repaired is left for
 * check-store.ts to report. A store that is busy or cannot be locked is not repaired.
 */
import { existsSync } from "node:fs";
import { withStoreLock } from "../install/store-lock.ts";
import { pluginsRoot } from "../plugins/store-layout.ts";
import { ok, warning, type Finding } from "./finding.ts";

/** Doctor does not wait long for a store another command is changing: it reports and goes on. */
const REPAIR_WAIT_MS = 2_000;

export async function repairStore(home: string, abort: AbortSignal): Promise<Finding[]> {
  // A home without a store stays without one: doctor does not create folders.
  if (!existsSync(pluginsRoot(home))) return [];
  try {
    const repaired = await withStoreLock(home, (recovered) => recovered, { waitMs: REPAIR_WAIT_MS, abort });
    return repaired.map((done) => ok(`repaired: ${done}`));
  } catch (error) {
    return [warning(`did not look for changes left half-done by an interrupted command: ${(error as Error).message}`)];
  }
}
