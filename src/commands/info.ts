/** `k3d plugin info NAME [-o text|json|yaml]`: one plugin's metadata and receipt (SPEC §5). */
import { defineCommand } from "citty";
import { K3dxError } from "../errors.ts";
import { printable } from "../platform/printable.ts";
import { findInstalledPlugin } from "../plugins/find-installed-plugin.ts";
import { runnablePathPlugins } from "../plugins/path-plugins.ts";
import { readReceipt } from "../plugins/receipt.ts";
import type { InstalledPlugin, Receipt } from "../plugins/types.ts";
import { commandContext } from "./context.ts";
import { commandOf, hooksOf, versionOf } from "./describe-plugin.ts";
import { strictArgs } from "./strict-args.ts";
import { escapeForTerminal } from "./terminal-safe-output.ts";

export default defineCommand({
  meta: { name: "info", description: "Show an installed plugin's metadata and receipt" },
  args: {
    name: { type: "positional", description: "The plugin's name", required: true },
    output: { type: "enum", alias: "o", options: ["text", "json", "yaml"], default: "text", description: "Output format", valueHint: "text|json|yaml" },
  },
  setup: strictArgs(),
  run({ args }) {
    const ctx = commandContext();
    const plugin = findInstalledPlugin(ctx.settings.home, args.name, undefined, () => runnablePathPlugins(ctx.env.PATH, ctx.selfPath, []));
    const receipt = receiptOrProblem(plugin);
    const data = { metadata: plugin.metadata, receipt: typeof receipt === "string" ? null : receipt, dir: plugin.dir, executable: plugin.executable ?? null };
    if (args.output === "json") process.stdout.write(escapeForTerminal(JSON.stringify(data, null, 2)) + "\n");
    else if (args.output === "yaml") process.stdout.write(escapeForTerminal(Bun.YAML.stringify(data, null, 2)) + "\n");
    else process.stdout.write(text(plugin, receipt));
  },
});

/** The receipt, or what is wrong with it: info still shows the rest. */
function receiptOrProblem(plugin: InstalledPlugin): Receipt | string {
  try {
    return readReceipt(plugin.dir);
  } catch (error) {
    if (error instanceof K3dxError) return error.message;
    throw error;
  }
}

function text(plugin: InstalledPlugin, receipt: Receipt | string): string {
  const { metadata } = plugin;
  const fields: [string, string | undefined][] = [
    ["name", metadata.name],
    ["version", versionOf(plugin)],
    ["description", metadata.description],
    ["command", commandOf(metadata)],
    ["hooks", hooksOf(metadata)],
    ["k3d", metadata.k3d],
    ["folder", plugin.dir],
    ["executable", plugin.executable ?? "missing"],
  ];
  if (typeof receipt === "string") {
    fields.push(["receipt", receipt]);
  } else {
    fields.push(
      ["source", receipt.source + (receipt.pinned ? " (pinned)" : "")],
      ["tag", receipt.tag],
      ["asset", receipt.assetUrl],
      ["sha256", receipt.sha256],
      ["installed", receipt.installedAt],
    );
  }
  const shown = fields.filter((field): field is [string, string] => field[1] !== undefined);
  const width = Math.max(...shown.map(([key]) => key.length)) + 2;
  // Every value may come from a download (the tag, the asset URL, the metadata) or a
  // hand-edited store: none may act on the terminal.
  const lines = shown.map(([key, value]) => `${(key + ":").padEnd(width)}${printable(value)}`);
  if (metadata.long) lines.push("", ...printableLines(metadata.long));
  return lines.join("\n") + "\n";
}

/** `long` keeps its line breaks and tabs; anything else a terminal would act on is escaped. */
function printableLines(text: string): string[] {
  return text.trimEnd().split("\n").map((line) => line.split("\t").map(printable).join("\t"));
}
