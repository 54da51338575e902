/**
 * `k3d plugin upgrade [NAME…] [--all] [--force] [--yes]` (SPEC §5). A new version whose
 * hooks differ from the installed one's is shown, and asked about, as install does
 * (consent.ts); declining keeps the installed version.
 */
import { defineCommand } from "citty";
import { K3dxError, printErrorLine, reportError } from "../errors.ts";
import { findInstalledPlugin } from "../plugins/find-installed-plugin.ts";
import { installContextFrom } from "../install/install-context.ts";
import { CancelledError } from "../install/install-plugin.ts";
import { InterruptedError } from "../process/interrupts.ts";
import { upgradePlugin, type UpgradeResult } from "../install/upgrade-plugin.ts";
import { listInstalledPlugins } from "../plugins/installed-plugins.ts";
import { runnablePathPlugins } from "../plugins/path-plugins.ts";
import type { InstalledPlugin } from "../plugins/types.ts";
import { consentAsker, hasTerminalToAsk } from "./consent.ts";
import { commandContext } from "./context.ts";
import { k3dRangeWarning } from "./k3d-range-warning.ts";
import { sourceOf, titleOf, versionOf } from "./describe-plugin.ts";
import { strictArgs } from "./strict-args.ts";

export default defineCommand({
  meta: { name: "upgrade", description: "Upgrade plugins to their latest release (pinned @TAG plugins only with --force)" },
  args: {
    names: { type: "positional", description: "Plugins to upgrade", required: false, valueHint: "NAME…" },
    all: { type: "boolean", description: "Upgrade every installed plugin" },
    force: { type: "boolean", description: "Also upgrade pinned plugins, and reinstall path and URL plugins from their source" },
    yes: { type: "boolean", alias: "y", description: "Do not ask before an upgrade that adds or changes hooks" },
  },
  setup: strictArgs({ variadic: true }),
  async run({ args }) {
    const ctx = commandContext();
    const install = installContextFrom(ctx);
    const names = args._;
    if (names.length > 0 && args.all) throw new K3dxError("name plugins or use --all, not both. Run 'k3d plugin upgrade --help' for usage.", 2);
    if (names.length === 0 && !args.all) throw new K3dxError("name the plugins to upgrade, or use --all. Run 'k3d plugin upgrade --help' for usage.", 2);
    const store = listInstalledPlugins(install.home);
    const onPath = () => runnablePathPlugins(ctx.env.PATH, ctx.selfPath, []);
    const plugins = args.all ? store : names.map((name) => findInstalledPlugin(install.home, name, store, onPath));
    if (plugins.length === 0) {
      process.stdout.write("No plugins installed: nothing to upgrade\n");
      return;
    }
    const confirm = consentAsker({ yes: Boolean(args.yes), interactive: hasTerminalToAsk(), defaultTimeoutSeconds: ctx.settings.hookTimeout.seconds, verb: "upgrade" });
    let failed = false;
    // One at a time: each may download, and their progress lines would interleave.
    for (const plugin of plugins) {
      try {
        const result = await upgradePlugin(plugin, Boolean(args.force), install, confirm);
        if (result.kind === "declined") {
          failed = true;
          printErrorLine(`${plugin.metadata.name} was not upgraded to ${versionOf(result.next) ?? "its new version"}: its hooks were declined; ${titleOf(plugin)} stays installed as it was`);
          continue;
        }
        process.stdout.write(report(plugin, result));
        if (result.kind === "upgraded") for (const note of result.outcome.notes) printErrorLine(`note: ${note}`);
        const warning = result.kind === "upgraded" ? await k3dRangeWarning(result.outcome.plugin.metadata, install) : undefined;
        if (warning) printErrorLine(warning);
      } catch (error) {
        // A signal, or Ctrl-C at a question, stops the whole command, not just this plugin.
        if (error instanceof InterruptedError || error instanceof CancelledError) throw error;
        failed = true;
        reportError(error instanceof K3dxError ? new K3dxError(`cannot upgrade ${plugin.metadata.name}: ${error.message}`) : error, ctx.line.trace);
      }
    }
    if (failed) process.exitCode = 1;
  },
});

function report(plugin: InstalledPlugin, result: Exclude<UpgradeResult, { kind: "declined" }>): string {
  const name = plugin.metadata.name;
  switch (result.kind) {
    case "up-to-date":
      return `${titleOf(plugin)} is already up to date${result.tag && result.tag !== versionOf(plugin) ? ` (${result.tag})` : ""}\n`;
    case "skipped":
      return `${name}: skipped, ${result.reason}\n`;
    case "upgraded": {
      const next = result.outcome.plugin;
      // Versions say it best; a release whose plugin.yaml kept its version is told by its tag.
      const [from, to] =
        versionOf(next) !== versionOf(plugin) ? [versionOf(plugin), versionOf(next)] : [plugin.receipt?.tag, next.receipt?.tag];
      if (from === to) return `reinstalled ${titleOf(next)} from ${sourceOf(next)}\n`;
      return `upgraded ${name} ${from ?? "(no version)"} -> ${to ?? "(no version)"}\n`;
    }
  }
}
