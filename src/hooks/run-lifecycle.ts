/**
 * `k3d cluster create|delete|start|stop|restart` with hooks around it (SPEC §4, §9):
 *
 *   which clusters → their context → pre-hooks in parallel → real k3d (its arguments plus
 *   what pre-hooks handed back) → if k3d exited 0, post-hooks in parallel
 *   → a create that did not complete: undo-cluster-create (undo-create.ts)
 *   → a delete k3d did: cluster-gc (cluster-gc.ts)
 *
 * Nothing here runs when no hook is installed: the dispatcher checks the hook folders
 * first and execs k3d. When hooks turn out not to apply after all (none executable, no
 * cluster to act on, a command line or config k3d will reject), k3d runs alone, unchanged.
 * The undo and the gc never change the exit status: it is decided before they run.
 */
import { locateRealK3d } from "../k3d/find-real-k3d.ts";
import type { DispatchContext } from "../context.ts";
import { replaceProcess } from "../process/exec.ts";
import { refillFifo } from "../process/fifo-refill.ts";
import { runChild } from "../process/run-child.ts";
import type { Env } from "../process/env.ts";
import { NO_REPLAY, isEmptyReplay, type ConfigReplay } from "../k3d/config-replay.ts";
import { absentClusterContext, readClusterContexts, type ClusterContext, type ClusterListing } from "../k3d/cluster-context.ts";
import { k3dRefusal, parseClusterCommand, resolveClusterNames, type ClusterNames, type LifecycleVerb } from "../k3d/cluster-names.ts";
import { isSupported, K3D_FEATURES, k3dHas, k3dRelease, tooOldMessage } from "../k3d/k3d-release.ts";
import { readK3dVersion } from "../k3d/k3d-version.ts";
import { readCommandLine } from "../k3d/command-line.ts";
import { shellWords } from "../platform/shell-words.ts";
import { commonSetting, fireEvent, fireOptions, type CommonSetting, type EventRun, type FireOptions } from "./fire-event.ts";
import { K3dxError } from "../errors.ts";
import { say, stderrSink } from "./hook-output.ts";
import { watchInterrupts } from "../process/interrupts.ts";
import { eventsOf } from "./lifecycle-events.ts";
import { loadEventHooks, type RegisteredHook } from "./registered-hooks.ts";
import { collectGarbage, gcNotRun } from "./cluster-gc.ts";
import { undoCreate, type CreateFailure } from "./undo-create.ts";

export interface LifecycleCommand {
  verb: LifecycleVerb;
  /** Index of the verb in `args`. */
  verbIndex: number;
}

export async function runLifecycle(args: string[], command: LifecycleCommand, ctx: DispatchContext): Promise<number> {
  const events = eventsOf(command.verb);
  const found = loadEventHooks(ctx.settings.home, [events.pre, events.post, ...(events.cleanup ? [events.cleanup] : [])], ctx.settings.hookTimeout);
  const sink = stderrSink();
  for (const warning of found.warnings) await say(sink, warning);
  const pre = found.hooks.get(events.pre)!;
  const post = found.hooks.get(events.post)!;
  // undo-cluster-create for create, cluster-gc for delete.
  const cleanup = events.cleanup ? found.hooks.get(events.cleanup)! : [];
  const k3d = locateRealK3d(ctx);
  if (pre.length === 0 && post.length === 0 && cleanup.length === 0) return replaceProcess(k3d, args);

  // Which flags exist, where a config keeps the name, which names k3d takes: all depend on
  // the release. Its version is cached per k3d binary, so this is a process start once.
  // A signal meanwhile (Ctrl-C, or SIGTERM to k3dx alone) ends the question, and the command.
  const asking = watchInterrupts();
  let k3dVersion: string;
  try {
    k3dVersion = await readK3dVersion(k3d, ctx.settings.home, ctx.env, asking.abortSignal);
  } finally {
    asking.stop();
  }
  if (asking.received) return asking.exitStatus();
  const release = k3dRelease(k3dVersion);
  if (!isSupported(release)) {
    await say(sink, tooOldMessage(k3dVersion));
    return replaceProcess(k3d, args);
  }
  if (command.verb === "restart" && !k3dHas(release, "restart")) {
    // k3d prints `cluster`'s help (or a flag error) and restarts nothing: no event.
    await say(sink, `k3d ${k3dVersion} has no 'cluster restart' (k3d ${K3D_FEATURES.restart} added it): no hook fires`);
    return replaceProcess(k3d, args);
  }

  const cluster = parseClusterCommand(command.verb, args.slice(command.verbIndex + 1), ctx.env, release);
  // Refused before reading the config (`-c -` where this k3d cannot read stdin, say): stdin stays k3d's.
  if (cluster.refusal !== undefined) return replaceProcess(k3d, args);
  let replay = NO_REPLAY;
  let configName: string | undefined;
  if (cluster.configFile !== undefined) {
    // Loaded only for a config: reading it as k3d does takes the yaml package and k3d's schemas.
    const { readClusterConfig } = await import("../k3d/cluster-config.ts");
    const config = await readClusterConfig(cluster.configFile, ctx.env, undefined, release);
    replay = config.replay;
    if (!config.ok) {
      // k3d fails on this config too, with its own words: no name is guessed, no hook fires.
      await say(sink, `${config.reason}; running k3d without hooks`);
      return handOver(k3d, args, replay);
    }
    configName = config.name;
  }
  const names = resolveClusterNames(cluster, configName);
  // Nothing happens to any cluster, so no event either: k3d says what is wrong.
  if (k3dRefusal(cluster, names, configName, release) !== undefined) return handOver(k3d, args, replay);

  // From here on k3dx waits on others (k3d's answers, hooks, k3d): a Ctrl-C is passed on
  // to them, and ends the command with 130.
  const interrupts = watchInterrupts();
  try {
    const before = await readContextBefore(k3d, names, command.verb, { pre: pre.length > 0, post: post.length > 0 }, ctx.env, interrupts.abortSignal);
    const interrupted = interrupts.interruptedStatus(before.ok ? undefined : before.killedBy);
    if (interrupted !== undefined) return interrupted;
    if (!before.ok) {
      await say(sink, `cannot read the clusters from k3d: ${before.reason}; k3d cluster ${command.verb} was not run.`);
      return 1;
    }
    // `--all` with no cluster: nothing for a hook to act on — but a gc after the delete.
    if (before.clusters.length === 0 && cleanup.length === 0) {
      interrupts.stop();
      return await handOver(k3d, args, replay);
    }
    const plan = { args, verb: command.verb, k3d, replay, pre, post, cleanup, before: before.clusters };
    return await runAroundK3d(plan, commonSetting(ctx, k3d, k3dVersion), fireOptions(ctx, sink, interrupts));
  } finally {
    interrupts.stop();
  }
}

/**
 * The clusters as k3d describes them before it runs: what pre-hooks get, and delete's
 * post-hooks too (so a cleaner still knows the network after it is gone). Create's
 * clusters do not exist yet, and without pre-hooks start/stop/restart need only names.
 * A delete with only cluster-gc hooks needs neither: the gc asks k3d what is live after it.
 */
function readContextBefore(
  k3d: string,
  names: ClusterNames,
  verb: LifecycleVerb,
  has: { pre: boolean; post: boolean },
  env: Env,
  abort: AbortSignal,
): Promise<ClusterListing> | ClusterListing {
  if (!has.pre && !has.post) return { ok: true, clusters: names.all ? [] : names.names.map(absentClusterContext) };
  if (names.all) return readClusterContexts(k3d, "all", env, abort);
  if (verb === "delete" || (verb !== "create" && has.pre)) return readClusterContexts(k3d, names.names, env, abort);
  return { ok: true, clusters: names.names.map(absentClusterContext) };
}

interface Plan {
  args: string[];
  verb: LifecycleVerb;
  k3d: string;
  /** The config's bytes, when k3dx had to read them from a stream (`-c -`, `<(…)`, a FIFO). */
  replay: ConfigReplay;
  pre: RegisteredHook[];
  post: RegisteredHook[];
  /** The undo-cluster-create hooks of a create, the cluster-gc hooks of a delete; else none. */
  cleanup: RegisteredHook[];
  /** The clusters, with their context as k3d describes them before it runs. */
  before: ClusterContext[];
}

async function runAroundK3d(plan: Plan, setting: CommonSetting, fire: FireOptions): Promise<number> {
  const { interrupts } = fire;
  const events = eventsOf(plan.verb);
  const undo = (failure: CreateFailure) => (plan.verb === "create" ? undoCreate({ k3d: plan.k3d, cluster: plan.before[0]!.name, hooks: plan.cleanup }, failure, setting, fire) : undefined);

  let preRun: EventRun;
  try {
    preRun = await fireEvent(plan.pre, plan.before, { ...setting, event: events.pre, args: plan.args, collectArgs: true }, fire);
  } catch (error) {
    // What they handed back together is more than one command line can hold: a pre-hook failure.
    if (!(error instanceof K3dxError)) throw error;
    await say(fire.sink, error.message);
    await undo({ reason: interrupts.received ? "interrupted" : "hook-failed", exitStatus: undefined, args: plan.args });
    return interrupts.received ? interrupts.exitStatus() : error.exitCode;
  }
  if (interrupts.received) {
    await undo({ reason: "interrupted", exitStatus: undefined, args: plan.args });
    return interrupts.exitStatus();
  }
  if (preRun.failures.length > 0) {
    await say(fire.sink, `${failedHooks(preRun)} failed: k3d cluster ${plan.verb} was not run.`);
    await undo({ reason: "hook-failed", exitStatus: undefined, args: plan.args });
    return 1;
  }

  const k3dArgs = [...plan.args, ...preRun.handBack];
  if (readCommandLine(plan.args).verbose) {
    const added = preRun.handBack.length > 0 ? ` (${events.pre} hooks added: ${shellWords(preRun.handBack)})` : "";
    await say(fire.sink, `running ${shellWords([plan.k3d, ...k3dArgs])}${added}`);
  }
  let status: number;
  try {
    status = await runK3d(plan.k3d, k3dArgs, setting.env, plan.replay);
  } catch (error) {
    // k3d could not be started: no exit status of its own.
    await undo({ reason: interrupts.received ? "interrupted" : "k3d-failed", exitStatus: undefined, args: k3dArgs });
    throw error;
  }
  if (interrupts.received) {
    // A create k3d completed before the signal reached it is no undo.
    if (status !== 0) await undo({ reason: "interrupted", exitStatus: status, args: k3dArgs });
    return interrupts.exitStatus();
  }
  if (status !== 0) {
    await undo({ reason: "k3d-failed", exitStatus: status, args: k3dArgs });
    return status;
  }
  const postStatus = await runPostHooks(plan, k3dArgs, setting, fire);
  // The gc follows a delete k3d did, whatever its post-hooks made of it.
  if (plan.verb === "delete" && plan.cleanup.length > 0 && !interrupts.received) await gcAfterDelete(plan, k3dArgs, setting, fire);
  return postStatus;
}

/** Post-hooks, once k3d succeeded: with the context k3d gives now (delete's is from before). */
async function runPostHooks(plan: Plan, k3dArgs: string[], setting: CommonSetting, fire: FireOptions): Promise<number> {
  const { interrupts } = fire;
  const events = eventsOf(plan.verb);
  if (plan.post.length === 0) return 0;

  const names = plan.before.map((context) => context.name);
  const after = plan.verb === "delete" ? { ok: true as const, clusters: plan.before } : await readClusterContexts(plan.k3d, names, setting.env, interrupts.abortSignal);
  const interrupted = interrupts.interruptedStatus(after.ok ? undefined : after.killedBy);
  if (interrupted !== undefined) return interrupted;
  if (!after.ok) {
    await say(fire.sink, `cannot read the clusters from k3d after k3d cluster ${plan.verb} succeeded: ${after.reason}; ${events.post} hooks were not run.`);
    return 1;
  }
  const postRun = await fireEvent(plan.post, after.clusters, { ...setting, event: events.post, args: k3dArgs, collectArgs: false }, fire);
  if (interrupts.received) return interrupts.exitStatus();
  if (postRun.failures.length > 0) {
    await say(fire.sink, `${failedHooks(postRun)} failed after k3d cluster ${plan.verb} succeeded.`);
    return 1;
  }
  return 0;
}

/** cluster-gc after a delete, with the clusters still live: said, never part of the exit status. */
async function gcAfterDelete(plan: Plan, k3dArgs: string[], setting: CommonSetting, fire: FireOptions): Promise<void> {
  const result = await collectGarbage({ k3d: plan.k3d, hooks: plan.cleanup, args: k3dArgs, dryRun: false }, setting, fire);
  if (!result.ok) {
    if (!fire.interrupts.received) await say(fire.sink, gcNotRun(result.reason));
    return;
  }
  if (result.run.failures.length > 0 && !fire.interrupts.received) {
    await say(fire.sink, `${failedHooks(result.run)} failed; k3d cluster delete succeeded ('k3d plugin gc' runs them again).`);
  }
}

/**
 * Spawned, not exec'd: post-hooks follow. The terminal is k3d's; so are the caller's
 * descriptors; a config k3dx had to read from a stream is handed back (config-replay.ts).
 */
async function runK3d(k3d: string, args: string[], env: Env | undefined, replay: ConfigReplay): Promise<number> {
  const run = runChild([k3d, ...args], { env, stdin: replay.stdin, replaceFds: replay.fds });
  if (replay.fifo) void refillFifo(replay.fifo.path, replay.fifo.bytes, run);
  return run;
}

/** k3d alone, as if no hook were installed: exec'd, unless it must get back bytes k3dx read. */
function handOver(k3d: string, args: string[], replay: ConfigReplay): Promise<number> {
  return isEmptyReplay(replay) ? replaceProcess(k3d, args) : runK3d(k3d, args, undefined, replay);
}

function failedHooks(run: EventRun): string {
  const names = [...new Set(run.failures.map((outcome) => outcome.hook.name))];
  return `${run.outcomes[0]!.hook.event} ${names.length === 1 ? "hook" : "hooks"} ${names.join(", ")}`;
}
