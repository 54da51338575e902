/**
 * Running a callable plugin, then whatever it hands back, as a fresh command line that
 * keeps the user's global flags (SPEC §3). Hand-back chains are bounded: no plugin twice,
 * depth at most 8 (K3DX_DEPTH, so chains that go through the wrapper's own executable
 * count too). The hand-back goes back up to the router through `ctx.dispatch`.
 */
import type { DispatchContext } from "../context.ts";
import { K3dxError, printErrorLine } from "../errors.ts";
import { readCommandLine } from "../k3d/command-line.ts";
import { realK3dOrEmpty } from "../k3d/find-real-k3d.ts";
import { HAND_BACK_MAX_DEPTH } from "../limits.ts";
import type { Callable } from "./find-callable.ts";
import { runCallable } from "./run-callable.ts";

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
  if (depth >= HAND_BACK_MAX_DEPTH) {
    throw new K3dxError(
      `plugin '${callable.name}' was not run: it would be call ${depth + 1} of a chain of plugin calls, and a chain stops after ${HAND_BACK_MAX_DEPTH} (K3DX_DEPTH=${depth}). Is a plugin calling itself through k3d?`,
    );
  }
  const verbose = readCommandLine(leadingGlobals).verbose;
  if (verbose) printErrorLine(`running plugin ${callable.name}: ${callable.executable}`);
  const run = await runCallable(callable, pluginArgs, { env: ctx.env, home: ctx.settings.home, k3dBinary: realK3dOrEmpty(ctx), wrapperPath: ctx.selfPath, depth });
  if (run.status !== 0 || run.handBack.length === 0) return run.status;
  if (verbose) printErrorLine(`plugin ${callable.name} handed back: ${JSON.stringify(run.handBack)}`);
  const next = { ...ctx, settings: { ...ctx.settings, depth: depth + 1 } };
  return ctx.dispatch([...leadingGlobals, ...run.handBack], next, [...chain, callable.name]);
}
