/**
 * `k3d plugni list`: no plugin answers, so real k3d runs and prints its own "unknown
 * command" (its exit status stays the answer). k3d's cobra already suggests its own
 * nouns; what it cannot know are k3dx's: `plugin` and the plugin nouns. When the word is
 * close to one of them, k3dx says so first, in one line. Only this miss path pays for
 * it (a listing of the PATH plugins); real k3d nouns never come here. A name too long to
 * be looked up (limits.ts) is never suggested: `k3d <it>` would not run it either.
 */
import { printable } from "../platform/printable.ts";
import { orList, similarNames } from "../platform/similar-names.ts";
import { pathPluginFiles } from "../plugins/path-plugins.ts";
import { pluginsWithCommand } from "../plugins/installed-plugins.ts";
import type { InstalledPlugin } from "../plugins/types.ts";
import { BUILTIN_NOUNS } from "../k3d/builtin-nouns.ts";
import { PLUGIN_NAME_MAX_BYTES } from "../limits.ts";

export interface HintSources {
  installed: InstalledPlugin[];
  pathValue: string | undefined;
  selfPath: string;
}

/** The line to print before k3d's error, or undefined when nothing k3dx knows is close. */
export function noPluginHint(noun: string, sources: HintSources): string | undefined {
  const commands = [
    "plugin",
    ...pluginsWithCommand(sources.installed).map((plugin) => plugin.metadata.command),
    ...pathPluginFiles(sources.pathValue, sources.selfPath).map((file) => file.name),
  ].filter((name) => !BUILTIN_NOUNS.has(name) && Buffer.byteLength(name) <= PLUGIN_NAME_MAX_BYTES);
  const close = similarNames(noun, commands).slice(0, 3);
  if (close.length === 0) return undefined;
  return `no plugin answers '${printable(noun)}'; did you mean ${orList(close.map((name) => `k3d ${name}`))}?`;
}
