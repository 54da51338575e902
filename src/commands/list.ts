/** `k3d plugin list [-o table|json|yaml]`: the installed plugins (SPEC §5). */
import { defineCommand } from "citty";
import { resolve } from "node:path";
import { listInstalledPlugins } from "../plugins/installed-plugins.ts";
import type { InstalledPlugin } from "../plugins/types.ts";
import { commandContext } from "./context.ts";
import { printProjectSection } from "./project-section.ts";
import { sourceOf, versionOf } from "./describe-plugin.ts";
import { strictArgs } from "./strict-args.ts";

export default defineCommand({
  meta: { name: "list", alias: "ls", description: "List installed plugins: name, version, source, command, hooks" },
  args: {
    output: { type: "enum", alias: "o", options: ["table", "json", "yaml"], default: "table", description: "Output format", valueHint: "table|json|yaml" },
  },
  setup: strictArgs(),
  run({ args }) {
    const ctx = commandContext();
    const plugins = listInstalledPlugins(ctx.settings.home);
    process.stdout.write(render(plugins, args.output as "table" | "json" | "yaml"));
    if (args.output === "table") printProjectSection(process.cwd(), resolve(ctx.settings.home), ctx.env);
  },
});

/** One plugin as scripts see it (json, yaml). */
export interface PluginListing {
  name: string;
  version: string | null;
  description: string | null;
  source: string | null;
  tag: string | null;
  pinned: boolean;
  /** "" for a hooks-only plugin. */
  command: string;
  hooks: string[];
  dir: string;
}

export function listing(plugin: InstalledPlugin): PluginListing {
  return {
    name: plugin.metadata.name,
    version: plugin.metadata.version ?? plugin.receipt?.tag ?? null,
    description: plugin.metadata.description ?? null,
    source: plugin.receipt?.source ?? null,
    tag: plugin.receipt?.tag ?? null,
    pinned: plugin.receipt?.pinned ?? false,
    command: plugin.metadata.command,
    hooks: plugin.metadata.hooks.map((hook) => hook.event),
    dir: plugin.dir,
  };
}

export function render(plugins: InstalledPlugin[], format: "table" | "json" | "yaml"): string {
  if (format === "json") return JSON.stringify(plugins.map(listing), null, 2) + "\n";
  if (format === "yaml") return Bun.YAML.stringify(plugins.map(listing), null, 2) + "\n";
  if (plugins.length === 0) return "No plugins installed. Install one with: k3d plugin install OWNER/REPO\n";
  const rows = [["NAME", "VERSION", "SOURCE", "COMMAND", "HOOKS"]].concat(
    plugins.map((plugin) => [
      plugin.metadata.name,
      versionOf(plugin) ?? "-",
      sourceOf(plugin) + (plugin.receipt?.pinned ? " (pinned)" : ""),
      plugin.metadata.command === "" ? "-" : plugin.metadata.command,
      plugin.metadata.hooks.map((hook) => hook.event).join(",") || "-",
    ]),
  );
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  return rows.map((row) => row.map((cell, col) => cell.padEnd(widths[col]!)).join("   ").trimEnd()).join("\n") + "\n";
}
