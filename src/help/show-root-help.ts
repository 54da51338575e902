/**
 * `k3d --help`, `k3d -h`, `k3d help`: real k3d's help, unchanged, then the Plugins
 * section, read from the store and PATH (no plugin is run). The exit status is k3d's.
 */
import { locateRealK3d } from "../k3d/find-real-k3d.ts";
import type { DispatchContext } from "../context.ts";
import { appendToK3dOutput } from "./append-to-k3d-output.ts";
import { listPluginNouns } from "./plugin-nouns.ts";
import { pluginsSection } from "./plugins-section.ts";

export async function showRootHelp(args: string[], ctx: DispatchContext): Promise<number> {
  const nouns = listPluginNouns({ home: ctx.settings.home, pathValue: ctx.env.PATH, selfPath: ctx.selfPath });
  return appendToK3dOutput(locateRealK3d(ctx), args, ctx.env, (k3dHelp) => pluginsSection(nouns, k3dHelp));
}
