/** The installed plugin a user names on the command line (`info`, `remove`, `upgrade`, `exec`). */
import { K3dxError } from "../errors.ts";
import { listInstalledPlugins } from "./installed-plugins.ts";
import type { InstalledPlugin } from "./types.ts";

/** By name; failing that, by the command it answers (which is usually the same word). */
export function findInstalledPlugin(home: string, wanted: string, store = listInstalledPlugins(home)): InstalledPlugin {
  const plugin = store.find((p) => p.metadata.name === wanted) ?? store.find((p) => p.metadata.command === wanted);
  if (plugin) return plugin;
  const known = store.map((p) => p.metadata.name);
  const hint = known.length === 0 ? "no plugin is installed; 'k3d plugin install SOURCE' adds one" : `installed: ${known.join(", ")}`;
  throw new K3dxError(`no installed plugin is named '${wanted}' (${hint})`);
}
