/**
 * The words real k3d (v5.9.0) owns as its first word. A plugin can never shadow one:
 * they are checked before any plugin is looked up. `help` and the cobra completion
 * entry points are hidden in k3d's help but are commands all the same.
 */
export const BUILTIN_NOUNS: ReadonlySet<string> = new Set([
  "cluster",
  "node",
  "kubeconfig",
  "image",
  "images",
  "config",
  "registry",
  "registries",
  "reg",
  "version",
  "completion",
  "help",
  "runtime-info",
  "debug",
  "__complete",
  "__completeNoDesc",
]);

/** Our own noun: the plugin manager. Also never a plugin name. */
export const PLUGIN_MANAGER_NOUNS: ReadonlySet<string> = new Set(["plugin", "plugins"]);

export function isReservedNoun(word: string): boolean {
  return BUILTIN_NOUNS.has(word) || PLUGIN_MANAGER_NOUNS.has(word);
}
