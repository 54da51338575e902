/**
 * `undo-cluster-create` (SPEC §9): a create whose pre-create phase started and that did not
 * complete — k3d exited non-zero, a pre-hook failed, or the command was interrupted —
 * tells every registered undo hook, so that what pre-create hooks made goes again.
 *
 *   the cluster as k3d describes it now → undo hooks in parallel → a line if one failed
 *
 * The context is asked of k3d after the failure, not assumed absent: a create of a name
 * that is taken fails too, and then the cluster is the one that was already there (and
 * what it uses must stay); `--no-rollback`, or a k3d ended half-way, may leave parts of
 * the new one. When k3d cannot say, no undo hook runs: told "no such cluster" wrongly,
 * one would remove what a live cluster uses.
 *
 * Nothing here changes the exit status: the command's is decided before the undo starts.
 * After an interrupt, the undo runs with a limit of its own (UNDO_AFTER_INTERRUPT_SECONDS),
 * and a further signal ends it at once (process/interrupts.ts, afterInterrupt).
 */
import { readClusterContexts } from "../k3d/cluster-context.ts";
import { UNDO_AFTER_INTERRUPT_SECONDS } from "../limits.ts";
import { printable } from "../platform/printable.ts";
import { fireEvent, type CommonSetting, type FireOptions } from "./fire-event.ts";
import { say } from "./hook-output.ts";
import { UNDO_CREATE_EVENT, type UndoReason } from "./lifecycle-events.ts";
import type { RegisteredHook } from "./registered-hooks.ts";

/** How a create did not complete. */
export interface CreateFailure {
  reason: UndoReason;
  /** k3d's exit status (K3D_EXIT_STATUS), when k3d ran. */
  exitStatus: number | undefined;
  /** K3D_ARGS: k3d's command line as it ran, with what pre-hooks added; the user's when k3d did not run. */
  args: string[];
}

export interface UndoTarget {
  k3d: string;
  cluster: string;
  /** The undo-cluster-create hooks, in name order. */
  hooks: RegisteredHook[];
}

export async function undoCreate(target: UndoTarget, failure: CreateFailure, setting: CommonSetting, fire: FireOptions): Promise<void> {
  if (target.hooks.length === 0) return;
  const { interrupts } = fire;
  if (interrupts.received === undefined) return undoNow(target, failure, setting, fire);
  const limitMs = UNDO_AFTER_INTERRUPT_SECONDS * 1000;
  const cutShort = await interrupts.afterInterrupt(limitMs, async (limit) => {
    await undoNow(target, failure, setting, { ...fire, stop: limit });
    return limit.aborted ? limit.reason : undefined;
  });
  if (cutShort === undefined) return;
  const why = isSignalName(cutShort) ? `${cutShort} ended it` : `it may take ${UNDO_AFTER_INTERRUPT_SECONDS} s after an interrupt`;
  await say(fire.sink, `undoing the create of cluster ${printable(target.cluster)} was cut short (${why}); what is left may be collected by 'k3d plugin gc'.`);
}

async function undoNow(target: UndoTarget, failure: CreateFailure, setting: CommonSetting, fire: FireOptions): Promise<void> {
  const name = printable(target.cluster);
  // The replay is told the same reason the hooks would have been (K3D_UNDO_REASON).
  const again = `'k3d plugin trigger ${UNDO_CREATE_EVENT} ${name} --reason ${failure.reason}'`;
  const listing = await readClusterContexts(target.k3d, [target.cluster], setting.env, fire.stop);
  if (!listing.ok) {
    if (fire.stop.aborted) return;
    await say(fire.sink, `cannot read cluster ${name} from k3d: ${listing.reason}; its ${UNDO_CREATE_EVENT} hooks were not run (${again} runs them once k3d answers).`);
    return;
  }
  const eventEnv = {
    K3D_UNDO_REASON: failure.reason,
    ...(failure.exitStatus === undefined ? {} : { K3D_EXIT_STATUS: String(failure.exitStatus) }),
  };
  const run = await fireEvent(target.hooks, listing.clusters, { ...setting, event: UNDO_CREATE_EVENT, args: failure.args, collectArgs: false, eventEnv }, fire);
  if (run.failures.length === 0 || fire.stop.aborted) return;
  const names = [...new Set(run.failures.map((outcome) => outcome.hook.name))];
  const hooks = `${names.length === 1 ? "hook" : "hooks"} ${names.join(", ")}`;
  await say(fire.sink, `${UNDO_CREATE_EVENT} ${hooks} failed: what ${names.length === 1 ? "it" : "they"} made for cluster ${name} may be left behind (${again} runs ${names.length === 1 ? "it" : "them"} again).`);
}

function isSignalName(reason: unknown): reason is string {
  return typeof reason === "string" && /^SIG[A-Z0-9]+$/.test(reason);
}
