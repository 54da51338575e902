/**
 * The dispatcher, the top of the program: reads the command line, routes it, and runs
 * the route. Plain k3d commands — the hot path of every call — touch nothing but this
 * file's static imports and end in execve; everything else is loaded on demand.
 */
import type { DispatchContext } from "../context.ts";
import { printErrorLine } from "../errors.ts";
import { readCommandLine } from "../k3d/command-line.ts";
import { findRealK3d } from "../k3d/find-real-k3d.ts";
import { hooksMayFire } from "../hooks/hook-presence.ts";
import { replaceProcess } from "../process/exec.ts";
import { inheritedFds } from "../process/inherited-fds.ts";
import { routeCommandLine } from "./route.ts";

/**
 * Runs a command line to completion and returns the exit status. `chain`: the plugins
 * whose hand-back this command line is; none of them may be reached again.
 */
export async function dispatch(args: string[], ctx: DispatchContext, chain: string[] = []): Promise<number> {
  const line = readCommandLine(args);
  const route = routeCommandLine(line, ctx.settings.noPlugins);
  // Read before k3dx opens descriptors of its own (pipes, spawns), so they are never
  // taken for the caller's; a plain k3d command reads them when it execs.
  if (route.kind !== "k3d") inheritedFds();
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
      const { findCallable } = await import("../callable/find-callable.ts");
      const { listInstalledPlugins } = await import("../plugins/installed-plugins.ts");
      const sources = { installed: listInstalledPlugins(ctx.settings.home), pathValue: ctx.env.PATH, selfPath: ctx.selfPath };
      const callable = findCallable(route.words, sources);
      // No plugin by that name: k3d prints its own "unknown command", after k3dx's "did you mean".
      if (!callable) {
        const { noPluginHint } = await import("../callable/no-plugin-hint.ts");
        const hint = noPluginHint(line.noun!, sources);
        if (hint) printErrorLine(hint);
        return runRealK3d(args, ctx, line.verbose);
      }
      const { runPlugin } = await import("../callable/run-plugin.ts");
      return runPlugin(callable, args.slice(line.nounIndex + callable.wordCount), line.leadingGlobals, ctx, chain);
    }
  }
}

/**
 * The hot path: k3d replaces k3dx, with the environment k3dx was started with, untouched
 * (PATH is read from process.env, the same variable, so the exact environment is never
 * built here). `--verbose` (k3d's flag, which k3d still gets) also makes k3dx say what it runs.
 */
async function runRealK3d(args: string[], ctx: DispatchContext, verbose: boolean): Promise<number> {
  const k3d = findRealK3d({ override: ctx.settings.k3dOverride, pathValue: process.env.PATH, selfPath: ctx.selfPath });
  if (verbose) printErrorLine(`handing over to ${k3d}`);
  return replaceProcess(k3d, args);
}
