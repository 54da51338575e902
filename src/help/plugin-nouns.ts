/**
 * The plugin nouns a user can type after `k3d`, for help and completion: installed
 * plugins by their `command`, then `k3d-<name>` executables on PATH (SPEC §3), each
 * noun once, in the order dispatch would pick them. Read from the store and file
 * names only: no plugin is run.
 */
import { oneLine } from "../platform/printable.ts";
import { NAME_WORD } from "../plugins/path-plugins.ts";
import { isReservedNoun } from "../k3d/builtin-nouns.ts";
import { pluginsWithCommand, listInstalledPlugins } from "../plugins/installed-plugins.ts";
import { pathPluginFiles } from "../plugins/path-plugins.ts";

/** How `plugin`, k3dx's own noun, presents itself beside them: the words of `k3d plugin --help`. */
export const PLUGIN_MANAGER_SUMMARY = "Manage k3d plugins and lifecycle hooks (k3dx)";

export interface PluginNoun {
  noun: string;
  origin: "installed" | "path";
  /** The one-line description from plugin.yaml; PATH plugins have none. */
  description: string | undefined;
  /** The executable a PATH plugin runs (installed plugins live in the store). */
  path: string | undefined;
}

export interface NounSources {
  /** K3DX_HOME */
  home: string;
  pathValue: string | undefined;
  /** The running wrapper: never a plugin of itself. */
  selfPath: string;
}


/** Sorted by noun; where two sources offer one noun, the one dispatch runs. */
export function listPluginNouns(sources: NounSources): PluginNoun[] {
  const found = new Map<string, PluginNoun>();
  const add = (entry: PluginNoun) => {
    if (!found.has(entry.noun) && NAME_WORD.test(entry.noun) && !isReservedNoun(entry.noun)) found.set(entry.noun, entry);
  };
  for (const plugin of pluginsWithCommand(listInstalledPlugins(sources.home))) {
    const description = plugin.metadata.description === undefined ? undefined : oneLine(plugin.metadata.description);
    add({ noun: plugin.metadata.command, origin: "installed", description: description || undefined, path: undefined });
  }
  for (const { name, path } of pathPluginFiles(sources.pathValue, sources.selfPath)) {
    add({ noun: name, origin: "path", description: undefined, path });
  }
  return [...found.values()].sort((a, b) => (a.noun < b.noun ? -1 : a.noun > b.noun ? 1 : 0));
}
