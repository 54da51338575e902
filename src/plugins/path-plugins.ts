/**
 * kubectl-style plugins: the executable `k3d-<name>` files on PATH (SPEC §3), for help,
 * completion and doctor. Dispatch looks a single name up itself (find-callable.ts).
 */
import { pluginNameOfPathFile } from "../dispatch/find-callable.ts";
import { fileIdentity, sameFile } from "../k3d/wrapper-identity.ts";
import { isExecutableFile } from "../platform/executable.ts";
import { isAbsolutePath, joinPath, pathFolders } from "../platform/paths.ts";

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
