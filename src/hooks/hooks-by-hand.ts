/** The hooks of an event fired by hand (`k3d plugin trigger`, `k3d plugin gc`). */
import type { DispatchContext } from "../context.ts";
import type { LifecycleEvent } from "../plugins/types.ts";
import { say, type LineSink } from "./hook-output.ts";
import { loadEventHooks, type RegisteredHook } from "./registered-hooks.ts";

/** The event's hooks, after the warnings about its folder; none: a line saying so (nothing to fire is no failure). */
export async function hooksFiredByHand(ctx: DispatchContext, event: LifecycleEvent, sink: LineSink): Promise<RegisteredHook[]> {
  const found = loadEventHooks(ctx.settings.home, [event], ctx.settings.hookTimeout);
  for (const warning of found.warnings) await say(sink, warning);
  const hooks = found.hooks.get(event)!;
  if (hooks.length === 0) await say(sink, `no hooks registered for ${event}; 'k3d plugin hooks' lists them.`);
  return hooks;
}
