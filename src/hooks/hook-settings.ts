/**
 * A hook's timeout and onError, from wherever they are asked for (a plugin's metadata, or
 * the `k3dx-hook:` line of a user's own script, hook-header.ts), to what applies and how
 * every command says it: the run, its summary line, `plugin hooks`, `install`, `info` and
 * `doctor` tell the same truth — `onError: warn` does nothing on a pre- event, where a
 * failed hook always stops the command.
 */
import type { LifecycleEvent } from "../plugins/types.ts";
import { capSeconds } from "../platform/seconds.ts";
import { CLUSTER_GC_EVENT, UNDO_CREATE_EVENT, isPreEvent, verbOf, whenEventFires } from "./lifecycle-events.ts";

/** What a plugin's metadata or a script's header asks for; unset fields take the defaults. */
export interface AskedSettings {
  /** Seconds. */
  timeout?: number;
  onError?: "fail" | "warn";
}

export interface EffectiveSettings {
  timeoutSeconds: number;
  /** What a failure does: always "fail" for a pre- event. */
  onError: "fail" | "warn";
  /** `onError: warn` was asked for a pre- event, where it has no effect. */
  warnIgnored: boolean;
}

export const WARN_HAS_NO_EFFECT = "onError: warn has no effect on a pre- event";

export function effectiveSettings(event: LifecycleEvent, asked: AskedSettings, defaultTimeoutSeconds: number): EffectiveSettings {
  const wantsWarn = asked.onError === "warn";
  const pre = isPreEvent(event);
  return { timeoutSeconds: capSeconds(asked.timeout ?? defaultTimeoutSeconds), onError: wantsWarn && !pre ? "warn" : "fail", warnIgnored: wantsWarn && pre };
}

/** `fail`, `warn`, or `fail — onError: warn has no effect on a pre- event`. */
export function onErrorWords(settings: Pick<EffectiveSettings, "onError" | "warnIgnored">): string {
  return settings.warnIgnored ? `fail — ${WARN_HAS_NO_EFFECT}` : settings.onError;
}

/**
 * What a failed hook of this event does, in words: the pre- and post- events stop the
 * command or fail it (unless onError: warn), the cleanup events never change an exit
 * status (SPEC §9) — only `k3d plugin gc`, the command the user ran, fails with its hook.
 */
export function whatFailureDoes(event: LifecycleEvent, settings: Pick<EffectiveSettings, "onError" | "warnIgnored">): string {
  if (event === UNDO_CREATE_EVENT) return "if it fails, it is reported; the create keeps its exit status";
  if (event === CLUSTER_GC_EVENT) {
    return settings.onError === "warn"
      ? "if it fails, a warning (onError: warn); no exit status changes"
      : "if it fails, it is reported; a delete keeps its exit status, 'k3d plugin gc' exits 1";
  }
  const verb = verbOf(event)!;
  if (isPreEvent(event)) return `if it fails, the ${verb} does not run${settings.warnIgnored ? ` (its ${WARN_HAS_NO_EFFECT})` : ""}`;
  return settings.onError === "warn" ? "if it fails, a warning (onError: warn)" : `if it fails, 'k3d cluster ${verb}' exits 1`;
}

/**
 * What a hook will do, as consent lists it: `before every 'k3d cluster create'; up to
 * 300 s; if it fails, the create does not run`. The time limit is the one that applies
 * (capped, as the run caps it).
 */
export function describeHookRun(event: LifecycleEvent, asked: AskedSettings, defaultTimeoutSeconds: number): string {
  const settings = effectiveSettings(event, asked, defaultTimeoutSeconds);
  return `${whenEventFires(event)}; up to ${settings.timeoutSeconds} s; ${whatFailureDoes(event, settings)}`;
}

/**
 * `post-cluster-delete (warn, 60 s)`, `pre-cluster-start (fail — onError: warn has no
 * effect on a pre- event, 5 s)`, or the bare event when nothing was asked. A timeout not asked
 * for is left out: it is the user's K3DX_HOOK_TIMEOUT, known when the hook runs.
 */
export function describeHook(event: LifecycleEvent, asked: AskedSettings): string {
  const settings = effectiveSettings(event, asked, 0);
  // The timeout that applies: a longer one is capped (TIMEOUT_MAX_SECONDS), as when the hook runs.
  const options = [asked.onError === "warn" ? onErrorWords(settings) : "", asked.timeout === undefined ? "" : `${capSeconds(asked.timeout)} s`].filter(Boolean);
  return options.length === 0 ? event : `${event} (${options.join(", ")})`;
}
