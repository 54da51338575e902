/**
 * The dispatcher: reads the command line, routes it, and runs the route. Plain k3d
 * commands — the hot path of every call — touch nothing but this file's static
 * imports and end in execve; everything else is loaded on demand.
 */
import { readCommandLine } from "../k3d/command-line.ts";
import { findRealK3d } from "../k3d/find-real-k3d.ts";
import { hooksMayFire } from "../hooks/hook-presence.ts";
import { K3dxError, printErrorLine } from "../errors.ts";
import { MAX_HAND_BACK_DEPTH, type Settings } from "../settings.ts";
import { replaceProcess, type Env } from "./hand-off.ts";
import type { Callable } from "./find-callable.ts";
import { routeCommandLine } from "./route.ts";

export interface DispatchContext {
  /** The environment handed on to k3d and plugins, as we received it. */
  env: Env;
  settings: Settings;
  /** This executable's path (K3D_WRAPPER), skipped when looking for k3d and plugins. */
  selfPath: string;
}

/**
 * Runs a command line to completion and returns the exit status. `chain`: the plugins
 * whose hand-back this command line is; none of them may be reached again.
 */
export async function dispatch(args: string[], ctx: DispatchContext, chain: string[] = []): Promise<number> {
  const line = readCommandLine(args);
  const route = routeCommandLine(line, ctx.settings.noPlugins);
  switch (route.kind) {
    case "k3d":
      return runRealK3d(args, ctx, line.verbose);
    case "lifecycle": {
      // No hook can fire: exec k3d as for any other command, at the cost of two folder listings.
      if (ctx.settings.noHooks || !hooksMayFire(ctx.settings.home, route.verb)) return runRealK3d(args, ctx, line.verbose);
      const { runLifecycle } = await import("../hooks/run-lifecycle.ts");
      return runLifecycle(args, route, ctx);
    }
    case "root-help": {
      const { showRootHelp } = await import("../help/show-root-help.ts");
      return showRootHelp(args, ctx);
    }
    case "completion": {
      const { answerCompletion } = await import("../completion/answer-completion.ts");
      return (await answerCompletion(route.request, args, ctx)) ?? runRealK3d(args, ctx, line.verbose);
    }
    case "plugin-manager": {
      const { runPluginManager } = await import("../commands/run-plugin-manager.ts");
      return runPluginManager(route.args, ctx, line);
    }
    case "plugin": {
      const { findCallable } = await import("./find-callable.ts");
      const { listInstalledPlugins } = await import("../plugins/installed-plugins.ts");
      const callable = findCallable(route.words, {
        installed: listInstalledPlugins(ctx.settings.home),
        pathValue: ctx.env.PATH,
        selfPath: ctx.selfPath,
      });
      // No plugin by that name: k3d prints its own "unknown command".
      if (!callable) return runRealK3d(args, ctx, line.verbose);
      return runPlugin(callable, args.slice(line.nounIndex + callable.wordCount), line.leadingGlobals, ctx, chain);
    }
  }
}

/**
 * Runs a callable plugin, then whatever it hands back, as a fresh command line that keeps
 * the user's global flags. Hand-back chains are bounded: no plugin twice, depth at most 8
 * (K3DX_DEPTH, so chains that go through the wrapper's own executable count too).
 */
export async function runPlugin(
  callable: Callable,
  pluginArgs: string[],
  leadingGlobals: string[],
  ctx: DispatchContext,
  chain: string[],
): Promise<number> {
  if (chain.includes(callable.name)) {
    throw new K3dxError(`plugin '${chain.at(-1)}' handed back a command line that runs plugin '${callable.name}' again; stopping the loop.`);
  }
  const depth = ctx.settings.depth;
  if (depth >= MAX_HAND_BACK_DEPTH) {
    throw new K3dxError(`plugin '${callable.name}' is ${depth} plugin calls deep (K3DX_DEPTH); the limit is ${MAX_HAND_BACK_DEPTH}. Is a plugin calling itself?`);
  }
  const verbose = readCommandLine(leadingGlobals).verbose;
  if (verbose) printErrorLine(`running plugin ${callable.name}: ${callable.executable}`);
  const { runCallable } = await import("./run-callable.ts");
  const run = await runCallable(callable, pluginArgs, { env: ctx.env, k3dBinary: realK3dOrEmpty(ctx), wrapperPath: ctx.selfPath, depth });
  if (run.status !== 0 || run.handBack.length === 0) return run.status;
  if (verbose) printErrorLine(`plugin ${callable.name} handed back: ${JSON.stringify(run.handBack)}`);
  const next = { ...ctx, settings: { ...ctx.settings, depth: depth + 1 } };
  return dispatch([...leadingGlobals, ...run.handBack], next, [...chain, callable.name]);
}

export function locateRealK3d(ctx: DispatchContext): string {
  return findRealK3d({ override: ctx.settings.k3dOverride, pathValue: ctx.env.PATH, selfPath: ctx.selfPath });
}

/** `--verbose` (k3d's flag, which k3d still gets) also makes k3dx say what it runs. */
async function runRealK3d(args: string[], ctx: DispatchContext, verbose: boolean): Promise<number> {
  const k3d = locateRealK3d(ctx);
  if (verbose) printErrorLine(`handing over to ${k3d}`);
  return replaceProcess(k3d, args, ctx.env);
}

/** A plugin may not need k3d at all, so a missing k3d is not an error until it is used. */
export function realK3dOrEmpty(ctx: DispatchContext): string {
  try {
    return locateRealK3d(ctx);
  } catch {
    return "";
  }
}
