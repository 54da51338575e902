/**
 * Which plugin answers a command line (SPEC §3): the longest name built from the words
 * before the first flag (`k3d foo bar --x` → `foo-bar`, then `foo`); installed plugins
 * first, then `k3d-<name>` executables on PATH, kubectl-style.
 *
 * The words may be many (`k3d hello` and 100 000 image names): only those that fit in a
 * name of PLUGIN_NAME_MAX_BYTES are looked at, so lookup costs time in proportion to the
 * words and no more than ~124 names are tried, whatever follows. A name no file system
 * could hold is never asked for, and a path that cannot be looked at (too long, a loop of
 * links, no permission) is no plugin.
 */
import { K3dxError } from "../errors.ts";
import { PLUGIN_NAME_MAX_BYTES } from "../limits.ts";
import { printable } from "../platform/printable.ts";
import { executableFileNames, isExecutableFile } from "../platform/executable.ts";
import { NAME_WORD, pathFileNames } from "../plugins/path-plugins.ts";
import { dirName, isAbsolutePath, joinPath, pathFolders } from "../platform/paths.ts";
import { fileIdentity, sameFile } from "../k3d/wrapper-identity.ts";
import type { InstalledPlugin } from "../plugins/types.ts";

export interface Callable {
  /** The plugin's name (K3D_PLUGIN_NAME). */
  name: string;
  executable: string;
  /** K3D_PLUGIN_DIR: the install folder, or the folder of a PATH executable. */
  dir: string;
  /** How many words of the command line the name used up. */
  wordCount: number;
  origin: "installed" | "path";
}

export interface CallableSources {
  installed: InstalledPlugin[];
  pathValue: string | undefined;
  /** The running wrapper, never a plugin of itself. */
  selfPath: string;
}


export interface CandidateName {
  name: string;
  /** The words the name is made of. */
  words: string[];
  wordCount: number;
}

/**
 * How many of the leading words can be part of a plugin name: up to the first that
 * cannot (a flag, a path), and no more than fit in PLUGIN_NAME_MAX_BYTES joined by `-`.
 * Stops reading there, however many words follow.
 */
export function nameWordCount(words: readonly string[]): number {
  let bytes = -1;
  let count = 0;
  for (const word of words) {
    // NAME_WORD is ASCII, so a word's length is its size in bytes.
    bytes += word.length + 1;
    if (bytes > PLUGIN_NAME_MAX_BYTES || !NAME_WORD.test(word)) break;
    count++;
  }
  return count;
}

/** Longest first: `["foo", "bar"]` → `foo-bar`, `foo`. */
export function candidateNames(words: readonly string[]): CandidateName[] {
  const usable = words.slice(0, nameWordCount(words));
  const out: CandidateName[] = [];
  for (let n = usable.length; n >= 1; n--) {
    const used = usable.slice(0, n);
    out.push({ name: used.join("-"), words: used, wordCount: n });
  }
  return out;
}

/** Longest name first; for each name, an installed plugin, then a PATH executable. */
export function findCallable(words: string[], sources: CallableSources): Callable | undefined {
  const self = fileIdentity(sources.selfPath);
  for (const { name, words: used, wordCount } of candidateNames(words)) {
    const plugin = sources.installed.find((p) => p.metadata.command === name);
    if (plugin) return callableOf(plugin, wordCount);
    const executable = findOnPath(pathFileNames(used), sources.pathValue, self);
    if (executable) return { name, executable, dir: dirName(executable), wordCount, origin: "path" };
  }
  return undefined;
}

/** An installed plugin as something to run; one clear line when its executable is gone. */
export function callableOf(plugin: InstalledPlugin, wordCount = 0): Callable {
  if (!plugin.executable) {
    throw new K3dxError(
      `installed plugin '${plugin.metadata.name}' has no executable file in ${plugin.dir}; ` +
        `reinstall it with 'k3d plugin install --force ${printable(plugin.receipt?.source ?? "SOURCE")}'.`,
    );
  }
  return { name: plugin.metadata.name, executable: plugin.executable, dir: plugin.dir, wordCount, origin: "installed" };
}

function findOnPath(fileNames: string[], pathValue: string | undefined, self: ReturnType<typeof fileIdentity>): string | undefined {
  for (const folder of pathFolders(pathValue)) {
    for (const base of fileNames) {
      for (const fileName of executableFileNames(base)) {
        const candidate = joinPath(folder, fileName);
        if (!isExecutableFile(candidate) || sameFile(fileIdentity(candidate), self)) continue;
        return isAbsolutePath(candidate) ? candidate : joinPath(process.cwd(), candidate);
      }
    }
  }
  return undefined;
}
