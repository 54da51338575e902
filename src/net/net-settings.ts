/**
 * The network knobs, read once from the environment of the command.
 *
 *   K3DX_STALL_TIMEOUT     the window of the throughput rule, in seconds (default 30): a
 *                          download is given up when that long passes without 1 KiB
 *                          arriving (without a byte, while waiting for the answer)
 *   K3DX_DOWNLOAD_TIMEOUT  seconds one download may take in all, retries included (default 3600)
 *   K3DX_RETRIES           how many times a transient failure is retried (default 3; 0 = never)
 *
 * A value that cannot be used is said once, in one line, and the default is used.
 */
import { printErrorLine } from "../errors.ts";
import { DEFAULT_DOWNLOAD_TIMEOUT_SECONDS, DEFAULT_STALL_SECONDS } from "../limits.ts";
import { printable } from "../platform/printable.ts";
import { readSecondsSetting, timerMs } from "../platform/seconds.ts";

export interface NetSettings {
  /** Milliseconds in which a request must receive its headers, and then each 1 KiB of its body. */
  stallMs: number;
  /** Extra attempts after a transient failure. */
  retries: number;
  /** Milliseconds one download may take, every attempt and the waits between them included. */
  deadlineMs: number;
}

export const DEFAULT_RETRIES = 3;

/** Problems already said in this process: `plugin upgrade --all` reads the settings once per plugin. */
const said = new Set<string>();

export function readNetSettings(env: Record<string, string | undefined>): NetSettings {
  const stall = readSecondsSetting("K3DX_STALL_TIMEOUT", env.K3DX_STALL_TIMEOUT, DEFAULT_STALL_SECONDS);
  const deadline = readSecondsSetting("K3DX_DOWNLOAD_TIMEOUT", env.K3DX_DOWNLOAD_TIMEOUT, DEFAULT_DOWNLOAD_TIMEOUT_SECONDS);
  const retries = readRetries(env.K3DX_RETRIES);
  for (const problem of [stall.problem, deadline.problem, retries.problem]) {
    if (problem === undefined || said.has(problem)) continue;
    said.add(problem);
    printErrorLine(problem);
  }
  return { stallMs: timerMs(stall.seconds), retries: retries.count, deadlineMs: timerMs(deadline.seconds) };
}

function readRetries(raw: string | undefined): { count: number; problem?: string } {
  const text = raw?.trim() ?? "";
  if (text === "") return { count: DEFAULT_RETRIES };
  const count = Number(text);
  if (Number.isInteger(count) && count >= 0) return { count };
  return { count: DEFAULT_RETRIES, problem: `K3DX_RETRIES=${printable(raw!)} is not a whole number of retries (0 or more); using the default, ${DEFAULT_RETRIES}` };
}
