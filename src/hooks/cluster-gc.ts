/**
 * `cluster-gc` (SPEC §9): every registered gc hook, once (not once per cluster), told
 * which clusters are live, so that it can remove what belongs to clusters that are not —
 * deleted by plain k3d, `docker rm -f`, a crash, a reboot of a `--rm` machine.
 *
 *   k3d's live clusters (`cluster list -o json`) → one line naming them → gc hooks in parallel
 *
 * When k3d cannot list the clusters, no hook runs: a gc hook told "no cluster is live"
 * would remove what every cluster uses. Fired by `k3d plugin gc`, `k3d plugin trigger
 * cluster-gc`, and after every successful `k3d cluster delete` (run-lifecycle.ts).
 */
import { absentClusterContext, readClusterContexts, type ClusterListing } from "../k3d/cluster-context.ts";
import type { DispatchContext } from "../context.ts";
import { locateRealK3d } from "../k3d/find-real-k3d.ts";
import { readK3dVersion } from "../k3d/k3d-version.ts";
import { LISTED_NAMES_MAX } from "../limits.ts";
import { listedNames } from "../platform/printable.ts";
import { watchInterrupts } from "../process/interrupts.ts";
import { commonSetting, fireEvent, fireOptions, type CommonSetting, type EventRun, type FireOptions } from "./fire-event.ts";
import { say, stderrSink } from "./hook-output.ts";
import { CLUSTER_GC_EVENT } from "./lifecycle-events.ts";
import { hooksFiredByHand } from "./hooks-by-hand.ts";
import type { RegisteredHook } from "./registered-hooks.ts";

export interface GcRequest {
  k3d: string;
  /** The cluster-gc hooks, in name order. */
  hooks: RegisteredHook[];
  /** K3D_ARGS: the command that fired the event (`plugin gc`, or the `cluster delete` it follows). */
  args: string[];
  /** K3D_DRY_RUN=1: hooks only say what they would remove. */
  dryRun: boolean;
}

export type GcResult = { ok: true; run: EventRun } | Extract<ClusterListing, { ok: false }>;

/** Reads the live clusters and fires the hooks; what k3d could not answer is returned, not said. */
export async function collectGarbage(request: GcRequest, setting: CommonSetting, fire: FireOptions): Promise<GcResult> {
  const live = await readClusterContexts(request.k3d, "all", setting.env, fire.stop);
  if (!live.ok) return live;
  const names = live.clusters.map((cluster) => cluster.name);
  const dry = request.dryRun ? " (dry run: hooks only say what they would remove)" : "";
  await say(fire.sink, `${CLUSTER_GC_EVENT}${dry}: ${names.length === 0 ? "no cluster is live" : `live clusters: ${listedNames(names, LISTED_NAMES_MAX)}`}`);
  const eventEnv = { K3D_CLUSTERS: names.join(";"), ...(request.dryRun ? { K3D_DRY_RUN: "1" } : {}) };
  // One run per hook: the event is about no one cluster, so each gets the same empty one.
  const run = await fireEvent(request.hooks, [absentClusterContext("")], { ...setting, event: CLUSTER_GC_EVENT, args: request.args, collectArgs: false, eventEnv, live: live.clusters }, fire);
  return { ok: true, run };
}

/** The one line for a gc that could not start. */
export function gcNotRun(reason: string): string {
  return `cannot list the clusters from k3d: ${reason}; no ${CLUSTER_GC_EVENT} hook was run (told that no cluster is live, one would remove what every cluster uses).`;
}

/**
 * `k3d plugin gc [--dry-run]` (and `plugin trigger cluster-gc`). Resolves to the exit
 * status: 0; 1 when k3d cannot list the clusters or a hook failed (unless its plugin says
 * onError: warn); 128+N on a signal.
 */
export async function runClusterGc(ctx: DispatchContext, dryRun: boolean): Promise<number> {
  const sink = stderrSink();
  const hooks = await hooksFiredByHand(ctx, CLUSTER_GC_EVENT, sink);
  if (hooks.length === 0) return 0;
  const k3d = locateRealK3d(ctx);
  const interrupts = watchInterrupts();
  try {
    const k3dVersion = await readK3dVersion(k3d, ctx.settings.home, ctx.env, interrupts.abortSignal);
    const fire = fireOptions(ctx, sink, interrupts);
    const args = ["plugin", "gc", ...(dryRun ? ["--dry-run"] : [])];
    const result = await collectGarbage({ k3d, hooks, args, dryRun }, commonSetting(ctx, k3d, k3dVersion), fire);
    const interrupted = interrupts.interruptedStatus(result.ok ? undefined : result.killedBy);
    if (interrupted !== undefined) return interrupted;
    if (!result.ok) {
      await say(sink, gcNotRun(result.reason));
      return 1;
    }
    return result.run.failures.length > 0 ? 1 : 0;
  } finally {
    interrupts.stop();
  }
}
