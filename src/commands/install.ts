/** `k3d plugin install SOURCE [--force] [--sha256 HEX] [--name NAME]` (SPEC §5, §6). */
import { defineCommand } from "citty";
import { K3dxError, printErrorLine } from "../errors.ts";
import { nameProblem } from "../plugins/metadata-schema.ts";
import { installContextFrom } from "../install/install-context.ts";
import { installPlugin, type InstallOutcome } from "../install/install-plugin.ts";
import { readSha256Option } from "../sources/digest.ts";
import { parseSource } from "../sources/parse-source.ts";
import { commandContext } from "./context.ts";
import { k3dRangeWarning } from "./k3d-range-warning.ts";
import { commandOf, hooksOf, sourceOf, titleOf } from "./describe-plugin.ts";
import { strictArgs } from "./strict-args.ts";

export default defineCommand({
  meta: {
    name: "install",
    description: "Install a plugin from a GitHub release (OWNER/REPO[@TAG]), an https:// URL, or a local path",
  },
  args: {
    source: { type: "positional", description: "OWNER/REPO, OWNER/REPO@TAG, https://…, or a path to an executable, folder or archive", required: true },
    force: { type: "boolean", description: "Replace an installed plugin of the same name (or reinstall this one)" },
    sha256: { type: "string", description: "The SHA-256 the download must have (hex)", valueHint: "HEX" },
    name: { type: "string", description: "Install under this name instead of the plugin's own", valueHint: "NAME" },
  },
  setup: strictArgs(),
  async run({ args }) {
    const ctx = commandContext();
    const sha256 = args.sha256 === undefined ? undefined : readSha256Option(args.sha256);
    if (args.name !== undefined) {
      const problem = nameProblem(args.name);
      if (problem) throw new K3dxError(`--name: ${problem}`, 2);
    }
    const source = parseSource(args.source, process.cwd());
    const install = installContextFrom(ctx);
    const outcome = await installPlugin(
      { source, sha256, nameOverride: args.name, replaceCurrent: Boolean(args.force), replaceSameName: Boolean(args.force) },
      install,
    );
    for (const note of outcome.notes) printErrorLine(`note: ${note}`);
    process.stdout.write(report(outcome));
    const warning = outcome.kind === "unchanged" ? undefined : await k3dRangeWarning(outcome.plugin.metadata, install);
    if (warning) printErrorLine(warning);
  },
});

function report(outcome: InstallOutcome): string {
  const { plugin, previous } = outcome;
  const name = plugin.metadata.name;
  if (outcome.kind === "unchanged") {
    return (
      `${titleOf(plugin)} is already installed from ${sourceOf(plugin)}; ` +
      (plugin.receipt?.kind === "github" ? `'k3d plugin upgrade ${name}' installs a newer release, ` : "") +
      `--force installs it again\n`
    );
  }
  const verb = previous ? `replaced ${titleOf(previous)} with` : "installed";
  return [
    `${verb} ${titleOf(plugin)} from ${sourceOf(plugin)}`,
    `  command: ${commandOf(plugin.metadata)}`,
    `  hooks:   ${hooksOf(plugin.metadata)}`,
    `  folder:  ${plugin.dir}`,
    "",
  ].join("\n");
}
