/**
 * A hook's timeout and onError, from wherever they are asked for (a plugin's metadata, or
 * the `k3dx-hook:` line of a user's own script, hook-header.ts), to what applies and how
 * every command says it: the run, its summary line, `plugin hooks`, `install`, `info` and
 * `doctor` tell the same truth — `onError: warn` does nothing on a pre- event, where a
 * failed hook always stops the command.
 */
import type { LifecycleEvent } from "../plugins/types.ts";
import { capSeconds } from "../platform/seconds.ts";
import { isPreEvent } from "./lifecycle-events.ts";

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
 * `post-cluster-delete (warn, 60 s)`, `pre-cluster-start (fail — onError: warn has no
 * effect on a pre- event, 5 s)`, or the bare event when nothing was asked. A timeout not asked
 * for is left out: it is the user's K3DX_HOOK_TIMEOUT, known when the hook runs.
 */
export function describeHook(event: LifecycleEvent, asked: AskedSettings): string {
  const settings = effectiveSettings(event, asked, 0);
  const options = [asked.onError === "warn" ? onErrorWords(settings) : "", asked.timeout === undefined ? "" : `${asked.timeout} s`].filter(Boolean);
  return options.length === 0 ? event : `${event} (${options.join(", ")})`;
}
