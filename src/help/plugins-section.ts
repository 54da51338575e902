/**
 * The "Plugins" section k3dx adds after k3d's root help (SPEC §8): `plugin` (k3dx's
 * manager) and each plugin noun with its one-line description, aligned with k3d's own
 * "Available Commands" so the two lists read as one.
 */
import { PLUGIN_MANAGER_SUMMARY, type PluginNoun } from "./plugin-nouns.ts";

/** cobra pads command names to at least this width. */
const COBRA_MIN_NAME_WIDTH = 11;
const INDENT = "  ";

export function pluginsSection(nouns: PluginNoun[], k3dHelp: string): string {
  const rows: [string, string][] = [
    ["plugin", PLUGIN_MANAGER_SUMMARY],
    // A PATH plugin has no metadata: where it lives is the most useful thing to show.
    ...nouns.map((noun): [string, string] => [noun.noun, noun.description ?? noun.path ?? ""]),
  ];
  const longest = Math.max(...rows.map(([name]) => name.length));
  const column = Math.max(descriptionColumn(k3dHelp) ?? 0, INDENT.length + Math.max(longest, COBRA_MIN_NAME_WIDTH) + 1);
  const lines = rows.map(([name, text]) => `${INDENT}${name.padEnd(column - INDENT.length)}${text}`.trimEnd());
  const footer = nouns.length === 0
    ? `No plugins installed. Use "k3d plugin --help" to find out how to install one.`
    : `Use "k3d plugin --help" to install, list and remove plugins.`;
  return `\nPlugins:\n${lines.join("\n")}\n\n${footer}\n`;
}

/** Where k3d's help starts the descriptions of its commands, if it lists any. */
function descriptionColumn(k3dHelp: string): number | undefined {
  const lines = k3dHelp.split("\n");
  const heading = lines.indexOf("Available Commands:");
  const first = heading < 0 ? undefined : /^(\s+\S+\s+)\S/.exec(lines[heading + 1] ?? "");
  return first ? first[1]!.length : undefined;
}
