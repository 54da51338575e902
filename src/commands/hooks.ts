/** `k3d plugin hooks [EVENT]`: which hooks are registered for which events (SPEC §5). */
import { defineCommand } from "citty";
import { printErrorLine } from "../errors.ts";
import { skippedNote, type SkippedHookEntry } from "../hooks/hook-folder.ts";
import { onErrorWords } from "../hooks/hook-settings.ts";
import { requireLifecycleEvent } from "../hooks/lifecycle-events.ts";
import { loadEventHooks, type EventHooks, type RegisteredHook } from "../hooks/registered-hooks.ts";
import { hooksRoot } from "../plugins/store-layout.ts";
import { LIFECYCLE_EVENTS, type LifecycleEvent } from "../plugins/types.ts";
import { commandContext } from "./context.ts";
import { strictArgs } from "./strict-args.ts";

export default defineCommand({
  meta: { name: "hooks", description: "List the hooks registered for each lifecycle event (name, target, timeout, onError)" },
  args: {
    event: { type: "positional", required: false, description: `Only this event (${LIFECYCLE_EVENTS[0]}, …)`, valueHint: "EVENT" },
  },
  setup: strictArgs(),
  run({ args }) {
    const { settings } = commandContext();
    const events: LifecycleEvent[] = args.event ? [requireLifecycleEvent(args.event)] : [...LIFECYCLE_EVENTS];
    const found = loadEventHooks(settings.home, events, settings.hookTimeout);
    if (settings.hookTimeout.problem) printErrorLine(settings.hookTimeout.problem);
    process.stdout.write(renderHooks(events, found, hooksRoot(settings.home)));
  },
});

/** Pure: one row per hook, and per entry that is there but will not run, event by event. */
export function renderHooks(events: LifecycleEvent[], found: EventHooks, root: string): string {
  const rows: string[][] = [];
  for (const event of events) {
    for (const hook of found.hooks.get(event) ?? []) rows.push(hookRow(hook));
    for (const entry of found.skipped.filter((skipped) => skipped.event === event)) {
      const row = skippedRow(entry);
      if (row) rows.push(row);
    }
  }
  if (rows.length === 0) {
    return `No hooks registered. Plugins with hooks add them on install; your own executables go in ${root}/<event>/.\n`;
  }
  const table = [["EVENT", "HOOK", "TIMEOUT", "ON ERROR", "TARGET"], ...rows];
  const widths = table[0]!.map((_, col) => Math.max(...table.map((row) => row[col]!.length)));
  return table.map((row) => row.map((cell, col) => cell.padEnd(widths[col]!)).join("   ").trimEnd()).join("\n") + "\n";
}

function hookRow(hook: RegisteredHook): string[] {
  const from = hook.plugin ? ` (plugin ${hook.plugin})` : hook.settingsFrom === "header" ? " (settings from its k3dx-hook: line)" : "";
  return [hook.event, hook.name, `${hook.timeoutSeconds}s`, onErrorWords(hook), `${hook.target}${from}`];
}

function skippedRow(entry: SkippedHookEntry): string[] | undefined {
  const note = skippedNote(entry);
  return note ? [entry.event, entry.name, "-", "-", `${entry.path} (skipped: ${note})`] : undefined;
}
