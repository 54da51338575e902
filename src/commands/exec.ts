/**
 * `k3d plugin exec NAME [ARGS…]`: runs an installed plugin by name, even when another
 * plugin (or a PATH executable) would answer its command. Same contract as a callable
 * (SPEC §3): the arguments exactly as given, the K3D_* environment, and a hand-back
 * dispatched as a fresh command line; the exit status is the plugin's or what ran next.
 */
import { defineCommand } from "citty";
import { runPlugin } from "../callable/run-plugin.ts";
import { callableOf } from "../callable/find-callable.ts";
import { K3dxError } from "../errors.ts";
import { findInstalledPlugin } from "../plugins/find-installed-plugin.ts";
import { runnablePathPlugins } from "../plugins/path-plugins.ts";
import { commandContext } from "./context.ts";
import { execWords } from "./exec-words.ts";

export default defineCommand({
  meta: { name: "exec", description: "Run an installed plugin by name, even when another plugin answers its command" },
  args: {
    name: { type: "positional", description: "The plugin's name", required: true },
    args: { type: "positional", description: "Arguments for the plugin, passed as given", required: false, valueHint: "ARGS…" },
  },
  async run() {
    const ctx = commandContext();
    // citty has parsed (and may have reordered) the words; the plugin gets them verbatim.
    const words = execWords(ctx.line.args, ctx.line.nounIndex);
    if (!words) throw new K3dxError("name the plugin to run. Run 'k3d plugin exec --help' for usage.", 2);
    const callable = callableOf(findInstalledPlugin(ctx.settings.home, words.name, undefined, () => runnablePathPlugins(ctx.env.PATH, ctx.selfPath, [])));
    process.exitCode = await runPlugin(callable, words.rest, ctx.line.leadingGlobals, ctx, []);
  },
});
