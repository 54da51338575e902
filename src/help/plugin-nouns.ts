/**
 * The plugin nouns a user can type after `k3d`, for help and completion: installed
 * plugins by their `command`, then `k3d-<name>` executables on PATH (SPEC §3), each
 * noun once, in the order dispatch would pick them. Read from the store and file
 * names only: no plugin is run.
 */
import { oneLine } from "../completion/cobra-protocol.ts";
import { pluginNameOfPathFile } from "../dispatch/find-callable.ts";
import { isReservedNoun } from "../k3d/builtin-nouns.ts";
import { fileIdentity, sameFile } from "../k3d/wrapper-identity.ts";
import { isExecutableFile } from "../platform/executable.ts";
import { isAbsolutePath, joinPath, pathFolders } from "../platform/paths.ts";
import { callableNouns, listInstalledPlugins } from "../plugins/installed-plugins.ts";

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

/** A noun dispatch can reach: one plain word, as find-callable builds names. */
const CALLABLE_NOUN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Sorted by noun; where two sources offer one noun, the one dispatch runs. */
export function listPluginNouns(sources: NounSources): PluginNoun[] {
  const found = new Map<string, PluginNoun>();
  const add = (entry: PluginNoun) => {
    if (!found.has(entry.noun) && CALLABLE_NOUN.test(entry.noun) && !isReservedNoun(entry.noun)) found.set(entry.noun, entry);
  };
  for (const plugin of callableNouns(listInstalledPlugins(sources.home))) {
    const description = plugin.metadata.description === undefined ? undefined : oneLine(plugin.metadata.description);
    add({ noun: plugin.metadata.command, origin: "installed", description: description || undefined, path: undefined });
  }
  for (const { name, path } of pathPluginFiles(sources.pathValue, sources.selfPath)) {
    add({ noun: name, origin: "path", description: undefined, path });
  }
  return [...found.values()].sort((a, b) => (a.noun < b.noun ? -1 : a.noun > b.noun ? 1 : 0));
}

export interface PathPluginFile {
  /** The noun it answers (`k3d-my_tool` → `my-tool`). */
  name: string;
  /** Absolute path of the executable. */
  path: string;
}

/**
 * Every executable `k3d-<name>` file on PATH, in the order dispatch tries them (PATH order,
 * then by file name), except this wrapper; shadowed and reserved names included.
 */
export function pathPluginFiles(pathValue: string | undefined, selfPath: string): PathPluginFile[] {
  const self = fileIdentity(selfPath);
  const files: PathPluginFile[] = [];
  // A folder listed twice holds the same files: once is enough.
  for (const folder of new Set(pathFolders(pathValue))) {
    const absolute = isAbsolutePath(folder) ? folder : joinPath(process.cwd(), folder);
    for (const file of pluginFileNames(folder)) {
      const name = pluginNameOfPathFile(file);
      if (!name) continue;
      const path = joinPath(absolute, file);
      if (isExecutableFile(path) && !sameFile(fileIdentity(path), self)) files.push({ name, path });
    }
  }
  return files;
}

/**
 * The `k3d-*` names in a folder, sorted. PATH holds big folders (/usr/bin: a thousand
 * entries, twice when /bin links to it); Bun's glob matches them natively, where
 * readdirSync would hand every name to JavaScript first (~5 ms more on each Tab).
 */
function pluginFileNames(folder: string): string[] {
  try {
    return [...new Bun.Glob("k3d-*").scanSync({ cwd: folder, onlyFiles: false, dot: false })].sort();
  } catch {
    return [];
  }
}
