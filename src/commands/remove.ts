/** `k3d plugin remove NAME` (aliases `uninstall`, `rm`): the plugin and its hook links (SPEC §5). */
import { defineCommand } from "citty";
import { resolve } from "node:path";
import { findInstalledPlugin } from "../plugins/find-installed-plugin.ts";
import { runnablePathPlugins } from "../plugins/path-plugins.ts";
import { removePlugin } from "../install/remove-plugin.ts";
import { commandContext } from "./context.ts";
import { titleOf } from "./describe-plugin.ts";
import { strictArgs } from "./strict-args.ts";

export default defineCommand({
  meta: { name: "remove", alias: ["uninstall", "rm"], description: "Remove an installed plugin and its hook links" },
  args: {
    name: { type: "positional", description: "The plugin's name", required: true },
  },
  setup: strictArgs(),
  async run({ args }) {
    const ctx = commandContext();
    const home = resolve(ctx.settings.home);
    // Nothing installed answers the name when the PATH is asked, so no installed plugin shadows a file there.
    const plugin = findInstalledPlugin(home, args.name, undefined, () => runnablePathPlugins(ctx.env.PATH, ctx.selfPath, []));
    await removePlugin(home, plugin);
    const events = plugin.metadata.hooks.map((hook) => hook.event);
    const hooks = events.length === 0 ? "" : ` and its hook links (${events.join(", ")})`;
    process.stdout.write(`removed ${titleOf(plugin)}${hooks}\n`);
  },
});
