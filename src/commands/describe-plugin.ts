/** How the plugin commands show a plugin: the same words in `install`, `list`, `info` and `upgrade`. */
import { describeHook } from "../hooks/hook-settings.ts";
import type { InstalledPlugin, PluginMetadata } from "../plugins/types.ts";

/** The metadata's version, else the release tag, else undefined. */
export function versionOf(plugin: InstalledPlugin): string | undefined {
  return plugin.metadata.version ?? plugin.receipt?.tag;
}

/** `mirror 1.2.0`, or just `mirror`. */
export function titleOf(plugin: InstalledPlugin): string {
  const version = versionOf(plugin);
  return version === undefined ? plugin.metadata.name : `${plugin.metadata.name} ${version}`;
}

export function sourceOf(plugin: InstalledPlugin): string {
  return plugin.receipt?.source ?? "-";
}

/** `k3d mirror`, or `none (hooks only)`. */
export function commandOf(metadata: PluginMetadata): string {
  return metadata.command === "" ? "none (hooks only)" : `k3d ${metadata.command}`;
}

/** `pre-cluster-create, post-cluster-delete (warn, 60 s)`, or `none`: what `plugin hooks` will say too. */
export function hooksOf(metadata: PluginMetadata): string {
  if (metadata.hooks.length === 0) return "none";
  return metadata.hooks.map((hook) => describeHook(hook.event, hook)).join(", ");
}
