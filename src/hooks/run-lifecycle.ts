/**
 * `k3d cluster create|delete|start|stop|restart` with hooks around it (SPEC §4):
 *
 *   which clusters → their context → pre-hooks in parallel → real k3d (its arguments plus
 *   what pre-hooks handed back) → if k3d exited 0, post-hooks in parallel.
 *
 * Nothing here runs when no hook is installed: the dispatcher checks the hook folders
 * first and execs k3d. When hooks turn out not to apply after all (none executable, no
 * cluster to act on, a config k3d will reject), k3d runs alone, unchanged.
 */
import { locateRealK3d, type DispatchContext } from "../dispatch/dispatch.ts";
import { replaceProcess, runChild, type Env } from "../dispatch/hand-off.ts";
import { printErrorLine } from "../errors.ts";
import { readClusterConfig } from "../k3d/cluster-config.ts";
import { absentClusterContext, readAllClusterContexts, readClusterContexts, type ClusterContext } from "../k3d/cluster-context.ts";
import { parseClusterCommand, resolveClusterNames, type LifecycleVerb } from "../k3d/cluster-names.ts";
import { readK3dVersion } from "../k3d/k3d-version.ts";
import { commonSetting, fireEvent, fireOptions, type EventRun } from "./fire-event.ts";
import { watchInterrupts } from "./interrupts.ts";
import { eventsOf } from "./lifecycle-events.ts";
import { loadEventHooks, warnAboutSkipped } from "./registered-hooks.ts";

export interface LifecycleCommand {
  verb: LifecycleVerb;
  /** Index of the verb in `args`. */
  verbIndex: number;
}

export async function runLifecycle(args: string[], command: LifecycleCommand, ctx: DispatchContext): Promise<number> {
  const events = eventsOf(command.verb);
  const found = loadEventHooks(ctx.settings.home, [events.pre, events.post], ctx.settings.hookTimeoutSeconds);
  warnAboutSkipped(found.skipped);
  const pre = found.hooks.get(events.pre)!;
  const post = found.hooks.get(events.post)!;
  const k3d = locateRealK3d(ctx);
  if (pre.length === 0 && post.length === 0) return replaceProcess(k3d, args, ctx.env);

  const interrupts = watchInterrupts();
  const fire = fireOptions(ctx, interrupts);
  try {
    const cluster = parseClusterCommand(command.verb, args.slice(command.verbIndex + 1), ctx.env);
    let stdin: Uint8Array | undefined;
    let configName: string | undefined;
    if (cluster.configFile !== undefined) {
      const config = await readClusterConfig(cluster.configFile, ctx.env);
      stdin = config.stdin;
      if (!config.ok) {
        // k3d fails on this config too, with its own words: no name is guessed, no hook fires.
        printErrorLine(`${config.reason}; running k3d without hooks`);
        return handOver(k3d, args, ctx.env, stdin);
      }
      configName = config.name;
    }
    const names = resolveClusterNames(cluster, configName);
    // Delete's context is read before k3d deletes, for pre- and post-hooks alike.
    const needsContextBefore = command.verb !== "create" && (pre.length > 0 || command.verb === "delete");
    const [before, k3dVersion] = await Promise.all([
      names.all
        ? readAllClusterContexts(k3d, ctx.env)
        : needsContextBefore
          ? readClusterContexts(k3d, names.names, ctx.env)
          : names.names.map(absentClusterContext),
      readK3dVersion(k3d, ctx.settings.home, ctx.env),
    ]);
    if (interrupts.received) return interrupts.exitStatus();
    // `--all` with no cluster: nothing for a hook to act on.
    if (before.length === 0) return handOver(k3d, args, ctx.env, stdin);

    const setting = commonSetting(ctx, k3d, k3dVersion);
    const preRun = await fireEvent(pre, before, { ...setting, event: events.pre, args, collectArgs: true }, fire);
    if (interrupts.received) return interrupts.exitStatus();
    if (preRun.failures.length > 0) {
      printErrorLine(`${failedHooks(preRun)} failed: k3d cluster ${command.verb} was not run.`);
      return 1;
    }

    const k3dArgs = [...args, ...preRun.handBack];
    const status = await runK3d(k3d, k3dArgs, ctx.env, stdin);
    if (interrupts.received) return interrupts.exitStatus();
    if (status !== 0 || post.length === 0) return status;

    const after = command.verb === "delete" ? before : await readClusterContexts(k3d, before.map((context) => context.name), ctx.env);
    const postRun = await fireEvent(post, after, { ...setting, event: events.post, args: k3dArgs, collectArgs: false }, fire);
    if (interrupts.received) return interrupts.exitStatus();
    if (postRun.failures.length > 0) {
      printErrorLine(`${failedHooks(postRun)} failed after k3d cluster ${command.verb} succeeded.`);
      return 1;
    }
    return 0;
  } finally {
    interrupts.stop();
  }
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
