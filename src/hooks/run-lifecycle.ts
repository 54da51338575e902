/**
 * `k3d cluster create|delete|start|stop|restart` with hooks around it (SPEC §4):
 *
 *   which clusters → their context → pre-hooks in parallel → real k3d (its arguments plus
 *   what pre-hooks handed back) → if k3d exited 0, post-hooks in parallel.
 *
 * Nothing here runs when no hook is installed: the dispatcher checks the hook folders
 * first and execs k3d. When hooks turn out not to apply after all (none executable, no
 * cluster to act on, a command line or config k3d will reject), k3d runs alone, unchanged.
 */
import { locateRealK3d } from "../k3d/find-real-k3d.ts";
import type { DispatchContext } from "../context.ts";
import { replaceProcess } from "../process/exec.ts";
import { runChild } from "../process/run-child.ts";
import type { Env } from "../process/env.ts";
import { absentClusterContext, readClusterContexts, type ClusterContext, type ClusterListing } from "../k3d/cluster-context.ts";
import { k3dRefusal, parseClusterCommand, resolveClusterNames, type ClusterNames, type LifecycleVerb } from "../k3d/cluster-names.ts";
import { isSupported, K3D_FEATURES, k3dHas, k3dRelease, tooOldMessage } from "../k3d/k3d-release.ts";
import { readK3dVersion } from "../k3d/k3d-version.ts";
import { commonSetting, fireEvent, fireOptions, type CommonSetting, type EventRun, type FireOptions } from "./fire-event.ts";
import { say, stderrSink } from "./hook-output.ts";
import { watchInterrupts } from "./interrupts.ts";
import { eventsOf } from "./lifecycle-events.ts";
import { loadEventHooks, skippedWarnings, type RegisteredHook } from "./registered-hooks.ts";

export interface LifecycleCommand {
  verb: LifecycleVerb;
  /** Index of the verb in `args`. */
  verbIndex: number;
}

export async function runLifecycle(args: string[], command: LifecycleCommand, ctx: DispatchContext): Promise<number> {
  const events = eventsOf(command.verb);
  const found = loadEventHooks(ctx.settings.home, [events.pre, events.post], ctx.settings.hookTimeoutSeconds);
  const sink = stderrSink();
  for (const warning of skippedWarnings(found.skipped)) await say(sink, warning);
  const pre = found.hooks.get(events.pre)!;
  const post = found.hooks.get(events.post)!;
  const k3d = locateRealK3d(ctx);
  if (pre.length === 0 && post.length === 0) return replaceProcess(k3d, args, ctx.env);

  // Which flags exist, where a config keeps the name, which names k3d takes: all depend on
  // the release. Its version is cached per k3d binary, so this is a process start once.
  const k3dVersion = await readK3dVersion(k3d, ctx.settings.home, ctx.env);
  const release = k3dRelease(k3dVersion);
  if (!isSupported(release)) {
    await say(sink, tooOldMessage(k3dVersion));
    return replaceProcess(k3d, args, ctx.env);
  }
  if (command.verb === "restart" && !k3dHas(release, "restart")) {
    // k3d prints `cluster`'s help (or a flag error) and restarts nothing: no event.
    await say(sink, `k3d ${k3dVersion} has no 'cluster restart' (k3d ${K3D_FEATURES.restart} added it): no hook fires`);
    return replaceProcess(k3d, args, ctx.env);
  }

  const cluster = parseClusterCommand(command.verb, args.slice(command.verbIndex + 1), ctx.env, release);
  // Refused before reading the config (`-c -` where this k3d cannot read stdin, say): stdin stays k3d's.
  if (cluster.refusal !== undefined) return replaceProcess(k3d, args, ctx.env);
  let stdin: Uint8Array | undefined;
  let configName: string | undefined;
  if (cluster.configFile !== undefined) {
    // Loaded only for a config: reading it as k3d does takes the yaml package and k3d's schemas.
    const { readClusterConfig } = await import("../k3d/cluster-config.ts");
    const config = await readClusterConfig(cluster.configFile, ctx.env, undefined, release);
    stdin = config.stdin;
    if (!config.ok) {
      // k3d fails on this config too, with its own words: no name is guessed, no hook fires.
      await say(sink, `${config.reason}; running k3d without hooks`);
      return handOver(k3d, args, ctx.env, stdin);
    }
    configName = config.name;
  }
  const names = resolveClusterNames(cluster, configName);
  // Nothing happens to any cluster, so no event either: k3d says what is wrong.
  if (k3dRefusal(cluster, names, configName, release) !== undefined) return handOver(k3d, args, ctx.env, stdin);

  // From here on k3dx waits on others (k3d's answers, hooks, k3d): a Ctrl-C is passed on
  // to them, and ends the command with 130.
  const interrupts = watchInterrupts();
  try {
    const before = await readContextBefore(k3d, names, command.verb, pre.length > 0, ctx.env, interrupts.abortSignal);
    const interrupted = interrupts.interruptedStatus(before.ok ? undefined : before.killedBy);
    if (interrupted !== undefined) return interrupted;
    if (!before.ok) {
      await say(sink, `cannot read the clusters from k3d: ${before.reason}; k3d cluster ${command.verb} was not run.`);
      return 1;
    }
    // `--all` with no cluster: nothing for a hook to act on.
    if (before.clusters.length === 0) {
      interrupts.stop();
      return await handOver(k3d, args, ctx.env, stdin);
    }
    const plan = { args, verb: command.verb, k3d, stdin, pre, post, before: before.clusters };
    return await runAroundK3d(plan, commonSetting(ctx, k3d, k3dVersion), fireOptions(ctx, sink, interrupts));
  } finally {
    interrupts.stop();
  }
}

/**
 * The clusters as k3d describes them before it runs: what pre-hooks get, and delete's
 * post-hooks too (so a cleaner still knows the network after it is gone). Create's
 * clusters do not exist yet, and without pre-hooks start/stop/restart need only names.
 */
function readContextBefore(
  k3d: string,
  names: ClusterNames,
  verb: LifecycleVerb,
  hasPreHooks: boolean,
  env: Env,
  abort: AbortSignal,
): Promise<ClusterListing> | ClusterListing {
  if (names.all) return readClusterContexts(k3d, "all", env, abort);
  if (verb === "delete" || (verb !== "create" && hasPreHooks)) return readClusterContexts(k3d, names.names, env, abort);
  return { ok: true, clusters: names.names.map(absentClusterContext) };
}

interface Plan {
  args: string[];
  verb: LifecycleVerb;
  k3d: string;
  /** The bytes k3d gets on stdin, when k3dx had to read them (`-c -`). */
  stdin: Uint8Array | undefined;
  pre: RegisteredHook[];
  post: RegisteredHook[];
  /** The clusters, with their context as k3d describes them before it runs. */
  before: ClusterContext[];
}

async function runAroundK3d(plan: Plan, setting: CommonSetting, fire: FireOptions): Promise<number> {
  const { interrupts } = fire;
  const events = eventsOf(plan.verb);
  const preRun = await fireEvent(plan.pre, plan.before, { ...setting, event: events.pre, args: plan.args, collectArgs: true }, fire);
  if (interrupts.received) return interrupts.exitStatus();
  if (preRun.failures.length > 0) {
    await say(fire.sink, `${failedHooks(preRun)} failed: k3d cluster ${plan.verb} was not run.`);
    return 1;
  }

  const k3dArgs = [...plan.args, ...preRun.handBack];
  const status = await runK3d(plan.k3d, k3dArgs, setting.env, plan.stdin);
  if (interrupts.received) return interrupts.exitStatus();
  if (status !== 0 || plan.post.length === 0) return status;

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

/** Spawned, not exec'd: post-hooks follow. The terminal is k3d's; stdin is the bytes we read, if we read it. */
function runK3d(k3d: string, args: string[], env: Env, stdin: Uint8Array | undefined): Promise<number> {
  return runChild([k3d, ...args], { env, stdin });
}

/** k3d alone, as if no hook were installed: exec'd, unless we hold stdin bytes it must get. */
function handOver(k3d: string, args: string[], env: Env, stdin: Uint8Array | undefined): Promise<number> {
  return stdin === undefined ? replaceProcess(k3d, args, env) : runK3d(k3d, args, env, stdin);
}

function failedHooks(run: EventRun): string {
  const names = [...new Set(run.failures.map((outcome) => outcome.hook.name))];
  return `${run.outcomes[0]!.hook.event} ${names.length === 1 ? "hook" : "hooks"} ${names.join(", ")}`;
}
