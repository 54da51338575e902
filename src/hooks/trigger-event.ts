/**
 * `k3d plugin trigger EVENT [CLUSTER]`: fires one event by hand, as `k3d cluster <verb>
 * CLUSTER` would, with the same context: the cluster as k3d describes it now (only
 * pre-create sees no cluster, as it would for real), K3D_ARGS of that command, and the
 * same output. k3d itself is not run; what pre-hooks would add to its arguments is shown.
 *
 * `undo-cluster-create` gets the reason it is given (K3D_UNDO_REASON; K3D_EXIT_STATUS=1,
 * what a failed k3d exits with, for `k3d-failed`). `cluster-gc` is `k3d plugin gc`.
 */
import { locateRealK3d } from "../k3d/find-real-k3d.ts";
import type { DispatchContext } from "../context.ts";
import { K3dxError } from "../errors.ts";
import { printable } from "../platform/printable.ts";
import { absentClusterContext, readClusterContexts } from "../k3d/cluster-context.ts";
import { readK3dVersion } from "../k3d/k3d-version.ts";
import type { LifecycleEvent } from "../plugins/types.ts";
import { runClusterGc } from "./cluster-gc.ts";
import { commonSetting, fireEvent, fireOptions } from "./fire-event.ts";
import { say, stderrSink } from "./hook-output.ts";
import { watchInterrupts } from "../process/interrupts.ts";
import { CLUSTER_GC_EVENT, UNDO_CREATE_EVENT, isPreEvent, verbOf, type UndoReason } from "./lifecycle-events.ts";
import { hooksFiredByHand } from "./hooks-by-hand.ts";
import type { EventEnv } from "./run-hook.ts";

export interface TriggerOptions {
  /** For undo-cluster-create. */
  reason: UndoReason;
  /** For cluster-gc. */
  dryRun: boolean;
}

/** Resolves to the exit status: 0, 1 when a hook failed (and counts), 128+N on a signal. */
export async function triggerEvent(event: LifecycleEvent, clusterName: string, ctx: DispatchContext, options: TriggerOptions): Promise<number> {
  if (event === CLUSTER_GC_EVENT) return runClusterGc(ctx, options.dryRun);
  const sink = stderrSink();
  const hooks = await hooksFiredByHand(ctx, event, sink);
  if (hooks.length === 0) return 0;
  const k3d = locateRealK3d(ctx);
  const interrupts = watchInterrupts();
  try {
    const [listing, k3dVersion] = await Promise.all([
      event === "pre-cluster-create" ? { ok: true as const, clusters: [absentClusterContext(clusterName)] } : readClusterContexts(k3d, [clusterName], ctx.env, interrupts.abortSignal),
      readK3dVersion(k3d, ctx.settings.home, ctx.env, interrupts.abortSignal),
    ]);
    const interrupted = interrupts.interruptedStatus(listing.ok ? undefined : listing.killedBy);
    if (interrupted !== undefined) return interrupted;
    if (!listing.ok) throw new K3dxError(`cannot read cluster ${clusterName} from k3d: ${listing.reason}; no hook was run.`);
    const args = ["cluster", verbOf(event)!, clusterName];
    if (event !== "pre-cluster-create" && event !== UNDO_CREATE_EVENT && !listing.clusters[0]!.exists) {
      // Fire only where the real command would: its post-hooks need k3d to have succeeded on the cluster.
      if (!isPreEvent(event) && event !== "post-cluster-delete") {
        throw new K3dxError(`cluster '${printable(clusterName)}' does not exist, and ${event} fires only after 'k3d cluster ${verbOf(event)}' succeeded on it, so no hook was run. ${await knownClusters(k3d, ctx)}`.trimEnd());
      }
      await say(sink, `cluster '${printable(clusterName)}' does not exist: the hooks get its name and no docker context, as with 'k3d ${args.join(" ")}'`);
    }
    const eventEnv = event === UNDO_CREATE_EVENT ? undoEnv(options.reason) : undefined;
    const setting = { ...commonSetting(ctx, k3d, k3dVersion), event, args, collectArgs: isPreEvent(event), eventEnv };
    const run = await fireEvent(hooks, listing.clusters, setting, fireOptions(ctx, sink, interrupts));
    if (interrupts.received) return interrupts.exitStatus();
    if (run.failures.length > 0) return 1;
    if (run.handBack.length > 0) await say(sink, `${event} hooks would add to k3d's arguments: ${JSON.stringify(run.handBack)}`);
    return 0;
  } finally {
    interrupts.stop();
  }
}

/** "Clusters k3d knows: a, b." — for a name that is not one of them. */
async function knownClusters(k3d: string, ctx: DispatchContext): Promise<string> {
  const every = await readClusterContexts(k3d, "all", ctx.env);
  if (!every.ok) return "";
  const names = every.clusters.map((cluster) => printable(cluster.name));
  return names.length === 0 ? "k3d knows no cluster." : `Clusters k3d knows: ${names.join(", ")}.`;
}

/** k3d exits 1 when it fails (its only failure status): what a real `k3d-failed` undo would see. */
function undoEnv(reason: UndoReason): EventEnv {
  return { K3D_UNDO_REASON: reason, ...(reason === "k3d-failed" ? { K3D_EXIT_STATUS: "1" } : {}) };
}
