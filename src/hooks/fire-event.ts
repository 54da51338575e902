/**
 * Firing one event: every hook for every cluster, all at once, then one summary line per
 * hook. Outcomes and handed-back arguments come out in hook-name order (then cluster
 * order), whatever order the hooks finished in, so parallel hooks merge deterministically.
 */
import type { DispatchContext } from "../context.ts";
import type { ClusterContext } from "../k3d/cluster-context.ts";
import { linePrefix, prefixColour, say, shouldColour, stderrIsTerminal, type LineSink } from "./hook-output.ts";
import type { Interrupts } from "./interrupts.ts";
import { createResultFolder } from "../callable/result-folder.ts";
import type { RegisteredHook } from "./registered-hooks.ts";
import { runHook, type EventSetting, type HookOutcome } from "./run-hook.ts";
import { hookLabel, summaryLine } from "./summary.ts";

export interface EventRun {
  outcomes: HookOutcome[];
  /** The failures that fail the command: all but those of hooks with onError: warn (post- events only). */
  failures: HookOutcome[];
  /** What the hooks wrote to $K3D_RESULT, in hook-name order. */
  handBack: string[];
}

export interface FireOptions {
  sink: LineSink;
  interrupts: Interrupts;
  colour: boolean;
}

/** Hook output to `sink`, coloured when stderr is a terminal (or FORCE_COLOR), unless NO_COLOR. */
export function fireOptions(ctx: DispatchContext, sink: LineSink, interrupts: Interrupts): FireOptions {
  return { sink, interrupts, colour: shouldColour(stderrIsTerminal(), ctx.env) };
}

/** What every event fired from one command shares, whatever the event. */
export type CommonSetting = Omit<EventSetting, "event" | "args" | "collectArgs">;

export function commonSetting(ctx: DispatchContext, k3dBinary: string, k3dVersion: string): CommonSetting {
  return { env: ctx.env, k3dBinary, wrapperPath: ctx.selfPath, k3dVersion, depth: ctx.settings.depth };
}

export async function fireEvent(hooks: RegisteredHook[], clusters: ClusterContext[], setting: EventSetting, options: FireOptions): Promise<EventRun> {
  const several = clusters.length > 1;
  const results = createResultFolder();
  let outcomes: HookOutcome[];
  try {
    const runs = hooks.flatMap((hook, h) =>
      clusters.map((cluster, c) => {
        const runIndex = h * clusters.length + c;
        const prefix = linePrefix(hookLabel(hook.name, cluster.name, several), prefixColour(hook.name, options.colour));
        return runHook(hook, cluster, setting, { sink: options.sink, prefix, interrupts: options.interrupts, results, runIndex });
      }),
    );
    // Promise.all keeps the order the runs were started in: hook name, then cluster.
    outcomes = await Promise.all(runs);
  } finally {
    results.remove();
  }
  // A hook's onError is "fail" for every pre- event (see registered-hooks.ts).
  const counts = (outcome: HookOutcome) => outcome.result !== "ok" && outcome.hook.onError === "fail";
  for (const outcome of outcomes) await say(options.sink, summaryLine(setting.event, outcome, several));
  return {
    outcomes,
    failures: outcomes.filter(counts),
    handBack: outcomes.flatMap((outcome) => outcome.handBack),
  };
}
