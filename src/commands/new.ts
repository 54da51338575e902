/** `k3d plugin new NAME [--template sh|bun] [--hooks EVENT,…]`: scaffold `k3d-NAME/` with tests and a release workflow (SPEC §9). */
import { defineCommand } from "citty";
import { K3dxError, printErrorLine } from "../errors.ts";
import { requireLifecycleEvent } from "../hooks/lifecycle-events.ts";
import { nameProblem } from "../plugins/metadata-schema.ts";
import { planScaffold, type Scaffold } from "../scaffold/plan-scaffold.ts";
import { TEMPLATES, type Template } from "../scaffold/release-assets.ts";
import { writeScaffold } from "../scaffold/write-scaffold.ts";
import { strictArgs } from "./strict-args.ts";
import { printable } from "../platform/printable.ts";

export default defineCommand({
  meta: { name: "new", description: "Create k3d-NAME/: a plugin with plugin.yaml, a test script and a release workflow" },
  args: {
    name: { type: "positional", required: true, description: "The plugin's name: lower-case letters, digits and '-' (k3d NAME runs it)", valueHint: "NAME" },
    template: { type: "enum", options: [...TEMPLATES], default: "sh", description: "sh: a POSIX shell script; bun: TypeScript compiled with Bun for every platform", valueHint: "sh|bun" },
    hooks: { type: "string", description: "Lifecycle events to hook, comma-separated (pre-cluster-create,post-cluster-delete)", valueHint: "EVENT,…" },
  },
  setup: strictArgs(),
  run({ args }) {
    const name = readName(args.name);
    const hooks = readHooks(args.hooks);
    const template = args.template as Template;
    const scaffold = planScaffold({ name, template, hooks, bunVersion: Bun.version });
    const root = writeScaffold(scaffold, process.cwd());
    if (scaffold.stem !== `k3d-${name}`) {
      printErrorLine(`note: the release assets are named ${scaffold.stem}_…: a word of "${name}" would be read as a platform in an asset's name`);
    }
    process.stdout.write(summary(scaffold, root, template));
  },
});

function readName(name: string): string {
  if (/^k3d[-_]/i.test(name)) {
    throw new K3dxError(`name the plugin without the k3d- prefix: 'k3d plugin new ${printable(name.slice(4))}' creates k3d-${printable(name.slice(4))}/`, 2);
  }
  const problem = nameProblem(name);
  if (problem) throw new K3dxError(`cannot create this plugin: ${problem}`, 2);
  return name;
}

/** `--hooks a,b`: each a lifecycle event; repeats are dropped (plugin.yaml lists an event once). */
function readHooks(text: string | undefined): string[] {
  if (text === undefined) return [];
  const events = text.split(",").map((event) => event.trim()).filter((event) => event !== "");
  try {
    return [...new Set(events.map(requireLifecycleEvent))];
  } catch (error) {
    throw error instanceof K3dxError ? new K3dxError(`--hooks: ${error.message}`, 2) : error;
  }
}

function summary(scaffold: Scaffold, root: string, template: Template): string {
  const name = scaffold.folder.slice("k3d-".length);
  const build = template === "bun" ? ["npm install && sh scripts/package.sh   # Bun, then this machine's build", "k3d plugin install ./dist/plugin"] : [`k3d plugin install .`];
  return [
    `created ${root} (${template} template):`,
    ...scaffold.files.map((file) => `  ${file.path}`),
    "",
    "next:",
    `  cd ${scaffold.folder}`,
    ...build.map((line) => `  ${line}`),
    `  k3d ${name} hello`,
    "  sh test.sh                 # installs it in a throw-away K3DX_HOME, runs it, fires its hooks",
    "  git init, push to GitHub with the topic k3d-plugin, tag v0.1.0: the workflow publishes the release",
    "",
  ].join("\n");
}
