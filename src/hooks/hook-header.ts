/**
 * A user's own hook script says its timeout and onError in a comment near its top, the
 * way a script says its interpreter on its first line:
 *
 *   #!/bin/sh
 *   # k3dx-hook: timeout=60 onError=warn
 *
 * The settings travel with the file (copy it to another machine, they come along), and no
 * second file sits in the hooks folder to be mistaken for a hook. Any comment style a
 * script language has for it works: `#`, `//`, `--`, `;`, `rem`/`::` (cmd). Only the first
 * 4 KiB are read, once per command that fires the event. A plugin's hook takes its
 * settings from the plugin's metadata instead.
 */
import { closeSync, openSync, readSync } from "node:fs";
import type { AskedSettings } from "./hook-settings.ts";

/** Enough for a shebang, a licence header and the settings line. */
export const HEADER_BYTES = 4096;

const LINE = /^[ \t]*(?:#|\/\/|--|;|::|rem[ \t])[ \t]*k3dx-hook:(.*)$/im;

export interface HookHeader {
  settings: AskedSettings;
  /** What is wrong with the line, one sentence each; the hook still runs, with the defaults for those. */
  problems: string[];
}

/** The settings a hook file asks for; none when it has no `k3dx-hook:` line or cannot be read. */
export function readHookHeader(path: string): HookHeader {
  return parseHookHeader(readStart(path));
}

/** Pure: the first `k3dx-hook:` line of `text`, read. */
export function parseHookHeader(text: string): HookHeader {
  const header: HookHeader = { settings: {}, problems: [] };
  const line = LINE.exec(text)?.[1];
  if (line === undefined) return header;
  for (const word of line.split(/[\s,]+/).filter(Boolean)) {
    const eq = word.indexOf("=");
    const [key, value] = eq < 0 ? [word, ""] : [word.slice(0, eq), word.slice(eq + 1)];
    if (key === "timeout") {
      const seconds = Number(value);
      if (value !== "" && Number.isFinite(seconds) && seconds > 0) header.settings.timeout = seconds;
      else header.problems.push(`timeout=${value} must be a number of seconds more than 0`);
    } else if (key === "onError") {
      if (value === "fail" || value === "warn") header.settings.onError = value;
      else header.problems.push(`onError=${value} must be fail or warn`);
    } else {
      header.problems.push(`'${key}' is not a setting (timeout=SECONDS, onError=fail|warn)`);
    }
  }
  return header;
}

function readStart(path: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const buffer = new Uint8Array(HEADER_BYTES);
    const length = readSync(fd, buffer, 0, HEADER_BYTES, 0);
    return new TextDecoder().decode(buffer.subarray(0, length));
  } catch {
    return "";
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
