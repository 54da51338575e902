/**
 * Consent (SPEC §9): a plugin with hooks runs code on every `k3d cluster create` (or
 * delete, start…) without being called. Before such a plugin is placed, `install` shows
 * what it will run by itself — each event, its time limit, what a failure does — and on
 * a terminal asks. `--yes` skips the question; with no terminal there is no one to ask,
 * and the same text is printed, so a CI log shows what was accepted.
 *
 * The question comes after the download and its verification, so what is shown is what
 * would run. consola draws it; it costs ~33 ms to load, so it is imported here only, and
 * only when there is a question to ask.
 */
import { printErrorLine } from "../errors.ts";
import { isPreEvent, verbOf } from "../hooks/lifecycle-events.ts";
import { CancelledError, type StagedInstall } from "../install/install-plugin.ts";
import { printable } from "../platform/printable.ts";
import { readInstalledPlugin } from "../plugins/installed-plugins.ts";
import type { InstalledPlugin } from "../plugins/types.ts";
import { titleOf } from "./describe-plugin.ts";

export interface ConsentOptions {
  /** `--yes`. */
  yes: boolean;
  /** A terminal to ask on: stdin to read the answer, stdout to draw the question. */
  interactive: boolean;
  /** K3DX_HOOK_TIMEOUT, or 300: the limit of a hook whose metadata sets none. */
  defaultTimeoutSeconds: number;
}

/** The question for `installPlugin` / `installSet`: true places the plugin. */
export function consentAsker(options: ConsentOptions): (staged: StagedInstall) => Promise<boolean> {
  return async (staged) => {
    const { plugin } = staged;
    if (plugin.metadata.hooks.length === 0 || alreadyAccepted(plugin)) return true;
    printErrorLine(consentText(plugin, options.defaultTimeoutSeconds).join("\n"));
    if (options.yes || !options.interactive) return true;
    return ask(`Install ${printable(plugin.metadata.name)} and let it run on these events?`);
  };
}

/** The very same bytes are installed there already: their hooks were accepted then. */
function alreadyAccepted(plugin: InstalledPlugin): boolean {
  const installed = readInstalledPlugin(plugin.dir);
  return installed !== undefined && installed.receipt?.sha256 === plugin.receipt?.sha256 && installed.receipt?.source === plugin.receipt?.source;
}

/** What the plugin will run by itself, a line per hook (pure). */
export function consentText(plugin: InstalledPlugin, defaultTimeoutSeconds: number): string[] {
  const source = plugin.receipt?.source ?? plugin.dir;
  const events = plugin.metadata.hooks.map((hook) => hook.event);
  const width = Math.max(...events.map((event) => event.length));
  return [
    `${printable(titleOf(plugin))} (from ${printable(source)}) will run by itself, without being called:`,
    ...plugin.metadata.hooks.map((hook) => {
      const verb = verbOf(hook.event);
      const pre = isPreEvent(hook.event);
      const when = `${pre ? "before" : "after"} every 'k3d cluster ${verb}'`;
      const limit = `up to ${hook.timeout ?? defaultTimeoutSeconds} s`;
      const failure = pre
        ? `if it fails, the ${verb} does not run${hook.onError === "warn" ? " (its onError: warn has no effect on a pre- event)" : ""}`
        : hook.onError === "warn"
          ? "if it fails, a warning (onError: warn)"
          : `if it fails, 'k3d cluster ${verb}' exits 1`;
      return `  ${hook.event.padEnd(width)}  ${when}; ${limit}; ${failure}`;
    }),
  ];
}

async function ask(question: string): Promise<boolean> {
  const { consola } = await import("consola");
  const answer = await consola.prompt(question, { type: "confirm", initial: false, cancel: "symbol" });
  if (typeof answer === "symbol") throw new CancelledError();
  return answer === true;
}
