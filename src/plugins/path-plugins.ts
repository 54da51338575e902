/**
 * kubectl-style plugins: the executable `k3d-<name>` files on PATH (SPEC §3), for help,
 * completion, `plugin list` and doctor. Dispatch looks a single name up itself (find-callable.ts).
 */
import { isReservedNoun } from "../k3d/builtin-nouns.ts";
import { fileIdentity, sameFile } from "../k3d/wrapper-identity.ts";
import { commandNameOfFile, isExecutableFile } from "../platform/executable.ts";
import { isAbsolutePath, joinPath, pathFolders } from "../platform/paths.ts";
import { statProblem } from "../platform/safe-stat.ts";
import type { InstalledPlugin } from "./types.ts";

/** A word that may be part of a plugin name; anything else (a path, a glob) ends the name. */
export const NAME_WORD = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * File names for a plugin name on PATH. Words are joined by `-`; a `-` inside a word may
 * also be written `_` (`k3d my-tool` → `k3d-my-tool` or `k3d-my_tool`), as kubectl allows.
 */
export function pathFileNames(words: string[]): string[] {
  const asWritten = `k3d-${words.join("-")}`;
  const underscored = `k3d-${words.map((word) => word.replaceAll("-", "_")).join("-")}`;
  return asWritten === underscored ? [asWritten] : [asWritten, underscored];
}

/** PATH plugins' names as k3dx shows them: `k3d-my_tool` → `my-tool`. */
export function pluginNameOfPathFile(fileName: string): string | undefined {
  const base = commandNameOfFile(fileName);
  return base.startsWith("k3d-") && base.length > 4 ? base.slice(4).replaceAll("_", "-") : undefined;
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
  return pathEntries(pathValue).filter(({ path }) => isExecutableFile(path) && !sameFile(fileIdentity(path), self));
}

export interface UnusablePathEntry {
  /** Absolute path of the `k3d-*` entry. */
  path: string;
  /** Why it cannot even be looked at ("it is a loop of symbolic links (ELOOP)"). */
  problem: string;
}

/**
 * The `k3d-*` entries on PATH that cannot be looked at — a loop of links, an entry behind
 * a folder we may not read — which lookup, help and completion pass over as no plugin,
 * for doctor to name.
 */
export function unusablePathEntries(pathValue: string | undefined): UnusablePathEntry[] {
  return pathEntries(pathValue).flatMap(({ path }) => {
    const problem = statProblem(path);
    return problem ? [{ path, problem }] : [];
  });
}

/** The `k3d-<name>` entries on PATH, whatever they are, in PATH order, then by file name. */
function pathEntries(pathValue: string | undefined): PathPluginFile[] {
  const entries: PathPluginFile[] = [];
  // A folder listed twice holds the same files: once is enough.
  for (const folder of new Set(pathFolders(pathValue))) {
    const absolute = isAbsolutePath(folder) ? folder : joinPath(process.cwd(), folder);
    for (const file of pluginFileNames(folder)) {
      const name = pluginNameOfPathFile(file);
      if (name) entries.push({ name, path: joinPath(absolute, file) });
    }
  }
  return entries;
}

/** Why a PATH plugin never runs, or undefined when `k3d <name>` runs it. */
export type NeverRuns =
  | { why: "reserved" }
  | { why: "earlier on PATH"; earlier: string }
  | { why: "installed plugin"; plugin: string };

/**
 * Each PATH plugin with whether it runs: the first file of a name on PATH does, unless
 * the name is k3d's own or the plugin manager's, or an installed plugin answers it
 * (installed plugins come first, SPEC §3). `plugin list` shows the ones that run;
 * doctor warns about the others.
 */
export function pathPluginStatuses(pathValue: string | undefined, selfPath: string, installed: InstalledPlugin[]): { file: PathPluginFile; neverRuns?: NeverRuns }[] {
  const firstByName = new Map<string, string>();
  return pathPluginFiles(pathValue, selfPath).map((file) => {
    const earlier = firstByName.get(file.name);
    if (!earlier) firstByName.set(file.name, file.path);
    const plugin = installed.find((candidate) => candidate.metadata.command === file.name);
    if (isReservedNoun(file.name)) return { file, neverRuns: { why: "reserved" } };
    if (earlier) return { file, neverRuns: { why: "earlier on PATH", earlier } };
    if (plugin) return { file, neverRuns: { why: "installed plugin", plugin: plugin.metadata.name } };
    return { file };
  });
}

/** The PATH plugins `k3d <name>` runs (none shadowed), in PATH order. */
export function runnablePathPlugins(pathValue: string | undefined, selfPath: string, installed: InstalledPlugin[]): PathPluginFile[] {
  return pathPluginStatuses(pathValue, selfPath, installed)
    .filter((status) => status.neverRuns === undefined)
    .map((status) => status.file);
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
