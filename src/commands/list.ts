/**
 * `k3d plugin list [-o table|json|yaml]`: the installed plugins (SPEC §5), then the PATH
 * plugins that `k3d <name>` runs, marked as such (`origin: path`): a user who made
 * `k3d-hello` sees it here too.
 */
import { defineCommand } from "citty";
import { dirName } from "../platform/paths.ts";
import { printable } from "../platform/printable.ts";
import { resolve } from "node:path";
import { listInstalledPlugins } from "../plugins/installed-plugins.ts";
import { runnablePathPlugins, type PathPluginFile } from "../plugins/path-plugins.ts";
import type { InstalledPlugin } from "../plugins/types.ts";
import { commandContext } from "./context.ts";
import { printProjectSection } from "./project-section.ts";
import { sourceOf, versionOf } from "./describe-plugin.ts";
import { strictArgs } from "./strict-args.ts";

export default defineCommand({
  meta: { name: "list", alias: "ls", description: "List plugins (installed, and k3d-* on PATH): name, version, source, command, hooks" },
  args: {
    output: { type: "enum", alias: "o", options: ["table", "json", "yaml"], default: "table", description: "Output format", valueHint: "table|json|yaml" },
  },
  setup: strictArgs(),
  run({ args }) {
    const ctx = commandContext();
    const plugins = listInstalledPlugins(ctx.settings.home);
    const onPath = runnablePathPlugins(ctx.env.PATH, ctx.selfPath, plugins);
    process.stdout.write(render(plugins, args.output as "table" | "json" | "yaml", onPath));
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
  /** `installed` by k3dx, or a `k3d-<name>` executable found on `path` (then `source` is that file). */
  origin: "installed" | "path";
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
    origin: "installed",
  };
}

/** A PATH plugin, in the same shape: k3dx knows its name and file, nothing more. */
export function pathListing(file: PathPluginFile): PluginListing {
  return { name: file.name, version: null, description: null, source: file.path, tag: null, pinned: false, command: file.name, hooks: [], dir: dirName(file.path), origin: "path" };
}

export function render(plugins: InstalledPlugin[], format: "table" | "json" | "yaml", onPath: PathPluginFile[] = []): string {
  const listed = [...plugins.map(listing), ...onPath.map(pathListing)];
  if (format === "json") return JSON.stringify(listed, null, 2) + "\n";
  if (format === "yaml") return Bun.YAML.stringify(listed, null, 2) + "\n";
  if (listed.length === 0) return "No plugins installed. Install one with: k3d plugin install OWNER/REPO\n";
  const rows = [["NAME", "VERSION", "SOURCE", "COMMAND", "HOOKS"]].concat(
    plugins.map((plugin) => [
      plugin.metadata.name,
      versionOf(plugin) ?? "-",
      sourceOf(plugin) + (plugin.receipt?.pinned ? " (pinned)" : ""),
      plugin.metadata.command === "" ? "-" : plugin.metadata.command,
      plugin.metadata.hooks.map((hook) => hook.event).join(",") || "-",
    ]),
    // Names and paths of files someone put on PATH: shown, never acted on by the terminal.
    onPath.map((file) => [printable(file.name), "-", `PATH ${printable(file.path)}`, printable(file.name), "-"]),
  );
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  return rows.map((row) => row.map((cell, col) => cell.padEnd(widths[col]!)).join("   ").trimEnd()).join("\n") + "\n";
}
