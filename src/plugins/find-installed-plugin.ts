/** The installed plugin a user names on the command line (`info`, `remove`, `upgrade`, `exec`). */
import { K3dxError } from "../errors.ts";
import { printable } from "../platform/printable.ts";
import { listInstalledPlugins } from "./installed-plugins.ts";
import type { PathPluginFile } from "./path-plugins.ts";
import type { InstalledPlugin } from "./types.ts";

/**
 * By name; failing that, by the command it answers (which is usually the same word).
 * `onPath` lists the PATH plugins, asked only when nothing is installed by that name: a
 * `k3d-hello` the user made is not k3dx's to remove, but the user is told where it is.
 */
export function findInstalledPlugin(home: string, wanted: string, store = listInstalledPlugins(home), onPath?: () => PathPluginFile[]): InstalledPlugin {
  const plugin = store.find((p) => p.metadata.name === wanted) ?? store.find((p) => p.metadata.command === wanted);
  if (plugin) return plugin;
  const file = onPath?.().find((candidate) => candidate.name === wanted);
  if (file) {
    throw new K3dxError(
      `no installed plugin is named '${printable(wanted)}': 'k3d ${printable(wanted)}' runs ${printable(file.path)}, a PATH plugin k3dx did not install; delete or move that file to remove it`,
    );
  }
  const known = store.map((p) => p.metadata.name);
  const hint = known.length === 0 ? "no plugin is installed; 'k3d plugin install SOURCE' adds one" : `installed: ${known.join(", ")}`;
  throw new K3dxError(`no installed plugin is named '${printable(wanted)}' (${hint})`);
}
