/**
 * The dispatcher: reads the command line, routes it, and runs the route. Plain k3d
 * commands — the hot path of every call — touch nothing but this file's static
 * imports and end in execve; everything else is loaded on demand.
 */
import { readCommandLine } from "../k3d/command-line.ts";
import { findRealK3d } from "../k3d/find-real-k3d.ts";
import { hooksMayFire } from "../hooks/hook-presence.ts";
import { K3dxError } from "../errors.ts";
import { MAX_HAND_BACK_DEPTH, type Settings } from "../settings.ts";
import { replaceProcess, type Env } from "./hand-off.ts";
import { routeCommandLine } from "./route.ts";

export interface DispatchContext {
  /** The environment handed on to k3d and plugins, as we received it. */
  env: Env;
  settings: Settings;
  /** This executable's path (K3D_WRAPPER), skipped when looking for k3d and plugins. */
  selfPath: string;
}

/**
 * Runs a command line to completion and returns the exit status. `handedBackBy`: the
 * plugins whose hand-back this command line is (`k3d plugin exec`), which it may not reach again.
 */
export async function dispatch(initialArgs: string[], ctx: DispatchContext, handedBackBy: string[] = []): Promise<number> {
  let args = initialArgs;
  let depth = ctx.settings.depth;
  /** Plugins that handed back in this chain: none may be reached again. */
  const chain: string[] = [...handedBackBy];

  for (;;) {
    const line = readCommandLine(args);
    const route = routeCommandLine(line, ctx.settings.noPlugins);
    switch (route.kind) {
      case "k3d":
        return runRealK3d(args, ctx);
      case "lifecycle": {
        // No hook can fire: exec k3d as for any other command, at the cost of two readdirs.
        if (ctx.settings.noHooks || !hooksMayFire(ctx.settings.home, route.verb)) return runRealK3d(args, ctx);
        const { runLifecycle } = await import("../hooks/run-lifecycle.ts");
        return runLifecycle(args, route, ctx);
      }
      case "root-help": {
        const { showRootHelp } = await import("../help/show-root-help.ts");
        return showRootHelp(args, ctx);
      }
      case "completion": {
        const { answerCompletion } = await import("../completion/answer-completion.ts");
        return (await answerCompletion(route.request, args, ctx)) ?? runRealK3d(args, ctx);
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
        if (!callable) return runRealK3d(args, ctx);
        if (chain.includes(callable.name)) {
          throw new K3dxError(`plugin '${chain.at(-1)}' handed back a command line that runs plugin '${callable.name}' again; stopping the loop.`);
        }
        if (depth >= MAX_HAND_BACK_DEPTH) {
          throw new K3dxError(`plugin '${callable.name}' is ${depth} plugin calls deep (K3DX_DEPTH); the limit is ${MAX_HAND_BACK_DEPTH}. Is a plugin calling itself?`);
        }
        const { runCallable } = await import("./run-callable.ts");
        const run = await runCallable(callable, args.slice(line.nounIndex + callable.wordCount), {
          env: ctx.env,
          k3dBinary: realK3dOrEmpty(ctx),
          wrapperPath: ctx.selfPath,
          depth,
        });
        if (run.status !== 0 || run.handBack.length === 0) return run.status;
        // A fresh command line, as if typed after `k3d`, keeping the user's global flags.
        args = [...line.leadingGlobals, ...run.handBack];
        chain.push(callable.name);
        depth += 1;
        continue;
      }
    }
  }
}

export function locateRealK3d(ctx: DispatchContext): string {
  return findRealK3d({ override: ctx.settings.k3dOverride, pathValue: ctx.env.PATH, selfPath: ctx.selfPath });
}

async function runRealK3d(args: string[], ctx: DispatchContext): Promise<number> {
  return replaceProcess(locateRealK3d(ctx), args, ctx.env);
}

/** A plugin may not need k3d at all, so a missing k3d is not an error until it is used. */
export function realK3dOrEmpty(ctx: DispatchContext): string {
  try {
    return locateRealK3d(ctx);
  } catch {
    return "";
  }
}
