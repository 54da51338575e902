/**
 * Every timer armed from what a user wrote — K3DX_HOOK_TIMEOUT, a plugin.yaml `timeout:`,
 * K3DX_STALL_TIMEOUT, K3DX_DOWNLOAD_TIMEOUT — takes its delay from here, for two reasons:
 *
 * - a timer cannot wait 2^31 ms (24.8 days) or more: it fires after 1 ms instead, so
 *   `K3DX_HOOK_TIMEOUT=99999999` would time every hook out at once. Values are capped at
 *   TIMEOUT_MAX_SECONDS, which the README documents;
 * - a value that is not a number of seconds is never replaced silently: the default is
 *   used and the user is told why, in one line (a `5m` written for five minutes says so).
 */
import { TIMEOUT_MAX_SECONDS } from "../limits.ts";
import { printable } from "./printable.ts";

export interface SecondsSetting {
  /** The seconds to use: the value written, capped; or the default when it could not be used. */
  seconds: number;
  /** Why the value written was not used, for one `k3dx:` line; undefined when it was. */
  problem?: string;
}

/** A number of seconds from the environment variable `name`; "" or unset means the default. */
export function readSecondsSetting(name: string, raw: string | undefined, fallback: number): SecondsSetting {
  const text = raw?.trim() ?? "";
  if (text === "") return { seconds: fallback };
  const value = Number(text);
  if (Number.isFinite(value) && value > 0) return { seconds: capSeconds(value) };
  return { seconds: fallback, problem: `${name}=${printable(raw!)} ${whyNotSeconds(text, value)}; using the default, ${fallback} s` };
}

/** Seconds as a timer can wait them: at most TIMEOUT_MAX_SECONDS. */
export function capSeconds(seconds: number): number {
  return Math.min(seconds, TIMEOUT_MAX_SECONDS);
}

/** The delay for setTimeout: capped, in whole milliseconds, at least 1. */
export function timerMs(seconds: number): number {
  return Math.max(1, Math.round(capSeconds(seconds) * 1000));
}

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, sec: 1, m: 60, min: 60, h: 3600 };

function whyNotSeconds(text: string, value: number): string {
  if (!Number.isNaN(value)) return "is not a number of seconds above 0";
  const withUnit = /^(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min|h)$/i.exec(text);
  if (withUnit) {
    const seconds = Number(withUnit[1]) * UNIT_SECONDS[withUnit[2]!.toLowerCase()]!;
    return `is not a number of seconds: the value has no unit (for ${withUnit[0]}, write ${seconds})`;
  }
  return "is not a number of seconds";
}
