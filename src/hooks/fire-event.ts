/**
 * Firing one event: every hook for every cluster, in parallel — as many at once as the
 * descriptors allow (fan-out.ts) — then one summary line per hook. Outcomes and
 * handed-back arguments come out in hook-name order (then cluster order), whatever order
 * the hooks finished in, so parallel hooks merge deterministically.
 */
import type { DispatchContext } from "../context.ts";
import { K3dxError } from "../errors.ts";
import type { ClusterContext } from "../k3d/cluster-context.ts";
import { HAND_BACK_MAX_ARGS, HAND_BACK_MAX_BYTES } from "../limits.ts";
import { bytesText } from "../platform/sizes.ts";
import { descriptorFanOut, runFannedOut } from "./fan-out.ts";
import { linePrefix, prefixColour, say, shouldColour, stderrIsTerminal, type LineSink } from "./hook-output.ts";
import type { Interrupts } from "../process/interrupts.ts";
import { createResultFolder, resultFolderRoots } from "../callable/result-folder.ts";
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
  /**
   * Ends the phase: hooks not started yet are not started, and one that ends non-zero is
   * "interrupted". The interrupt's abort signal, except for work after an interrupt
   * (an undo), which is ended by its own limit.
   */
  stop: AbortSignal;
  colour: boolean;
  /** Where the $K3D_RESULT files may go, in order (result-folder.ts). */
  resultRoots: string[];
}

/** Hook output to `sink`, coloured when stderr is a terminal (or FORCE_COLOR), unless NO_COLOR. */
export function fireOptions(ctx: DispatchContext, sink: LineSink, interrupts: Interrupts): FireOptions {
  return {
    sink,
    interrupts,
    stop: interrupts.abortSignal,
    colour: shouldColour(stderrIsTerminal(), ctx.env),
    resultRoots: resultFolderRoots(ctx.settings.home),
  };
}

/** What every event fired from one command shares, whatever the event. */
export type CommonSetting = Omit<EventSetting, "event" | "args" | "collectArgs">;

export function commonSetting(ctx: DispatchContext, k3dBinary: string, k3dVersion: string): CommonSetting {
  return { env: ctx.env, k3dBinary, wrapperPath: ctx.selfPath, k3dVersion, depth: ctx.settings.depth };
}

export async function fireEvent(hooks: RegisteredHook[], clusters: ClusterContext[], setting: EventSetting, options: FireOptions): Promise<EventRun> {
  const several = clusters.length > 1;
  // In hook-name order, then cluster order: the order outcomes and hand-backs keep.
  const runs = hooks.flatMap((hook) => clusters.map((cluster) => ({ hook, cluster })));
  // No hook for this event (a create with only post- or undo hooks): no folder for results either.
  if (runs.length === 0) return { outcomes: [], failures: [], handBack: [] };
  const results = createResultFolder(options.resultRoots);
  let outcomes: HookOutcome[];
  try {
    const start = (runIndex: number) => {
      const { hook, cluster } = runs[runIndex]!;
      const prefix = linePrefix(hookLabel(hook.name, cluster.name, several), prefixColour(hook.name, options.colour));
      return runHook(hook, cluster, setting, { sink: options.sink, prefix, interrupts: options.interrupts, stop: options.stop, results, runIndex });
    };
    // After Ctrl-C, a hook still waiting for its turn is not started.
    const skip = (runIndex: number): HookOutcome | undefined => {
      if (!options.stop.aborted) return undefined;
      const { hook, cluster } = runs[runIndex]!;
      return { hook, cluster: cluster.name, result: "interrupted", detail: "not started", seconds: 0, handBack: [] };
    };
    outcomes = await runFannedOut(runs.length, start, descriptorFanOut(), skip);
  } finally {
    results.remove();
  }
  // A hook's onError is "fail" for every pre- event (see registered-hooks.ts).
  const counts = (outcome: HookOutcome) => outcome.result !== "ok" && outcome.hook.onError === "fail";
  for (const outcome of outcomes) await say(options.sink, summaryLine(setting.event, outcome, several));
  const handBack = outcomes.flatMap((outcome) => outcome.handBack);
  checkMergedHandBack(setting.event, handBack);
  return { outcomes, failures: outcomes.filter(counts), handBack };
}

/**
 * Each hook's hand-back is capped; so is what they add up to, which becomes one k3d
 * command line: hundreds of hooks each at the cap would make one no system can run.
 */
function checkMergedHandBack(event: string, handBack: string[]): void {
  const bytes = handBack.reduce((sum, arg) => sum + Buffer.byteLength(arg) + 1, 0);
  if (handBack.length <= HAND_BACK_MAX_ARGS && bytes <= HAND_BACK_MAX_BYTES) return;
  throw new K3dxError(
    `${event} hooks handed back ${handBack.length} arguments (${bytes} bytes) in all through $K3D_RESULT; ` +
      `k3dx takes at most ${HAND_BACK_MAX_ARGS} arguments and ${bytesText(HAND_BACK_MAX_BYTES)} for one command, so k3d was not run`,
  );
}
