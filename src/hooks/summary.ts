/**
 * The line k3dx prints (after `k3dx: `) for each hook at the end of a phase:
 *
 *   k3dx: pre-cluster-create mirror ok in 0.31s
 *   k3dx: post-cluster-delete cleanup:dev failed in 1.02s (exit 3)
 *   k3dx: post-cluster-create notify failed in 0.20s (exit 1; onError: warn, ignored)
 *   k3dx: pre-cluster-create check failed in 0.02s (exit 1; onError: warn has no effect on a pre- event)
 *   k3dx: pre-cluster-start slow timed out in 2.01s (limit 2s)
 */
import type { LifecycleEvent } from "../plugins/types.ts";
import { WARN_HAS_NO_EFFECT } from "./hook-settings.ts";
import type { RegisteredHook } from "./registered-hooks.ts";
import type { HookOutcome } from "./run-hook.ts";

/** The hook's name, with the cluster's when one event fires for several clusters. */
export function hookLabel(hookName: string, cluster: string, severalClusters: boolean): string {
  return severalClusters ? `${hookName}:${cluster}` : hookName;
}

export function summaryLine(event: LifecycleEvent, outcome: HookOutcome, severalClusters: boolean): string {
  const label = hookLabel(outcome.hook.name, outcome.cluster, severalClusters);
  const notes = [outcome.detail, outcome.result === "ok" ? "" : onErrorNote(outcome.hook)].filter((note) => note !== "").join("; ");
  return `${event} ${label} ${outcome.result} in ${outcome.seconds.toFixed(2)}s${notes ? ` (${notes})` : ""}`;
}

/** What the hook's onError made of its failure, when it says anything. */
function onErrorNote(hook: RegisteredHook): string {
  if (hook.onError === "warn") return "onError: warn, ignored";
  return hook.warnIgnored ? WARN_HAS_NO_EFFECT : "";
}
