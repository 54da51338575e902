/**
 * One hook, for one cluster: the environment contract and the JSON document on stdin,
 * its output streamed line by line, its timeout, and what it handed back.
 *
 * The hook leads its own process group (Bun's `detached` calls setsid), so a timeout can
 * end all it started: SIGTERM to the group, SIGKILL 5 s later unless all has ended. The
 * hook is done when its process exits: what it left running in its group is ended the
 * same way (SIGTERM now, SIGKILL 5 s later, without k3dx waiting for it), and k3dx reads
 * its pipes only until they go quiet, and for one second at most, whatever a leftover
 * still says into them. A hook that wants a daemon starts it in a session of its own, its
 * stdio detached (docs/plugin-authors.md). Should k3dx itself be killed, the supervisor
 * ends the group (process/supervisor.ts).
 */
import { exitStatus } from "../process/exit-status.ts";
import type { Env } from "../process/env.ts";
import { parseHandBack } from "../callable/hand-back.ts";
import { pluginEnv } from "../callable/plugin-env.ts";
import type { ClusterContext } from "../k3d/cluster-context.ts";
import { invocationFor } from "../platform/executable.ts";
import { spawnExact } from "../process/spawn-exact.ts";
import { IS_WINDOWS } from "../platform/paths.ts";
import type { LifecycleEvent } from "../plugins/types.ts";
import { pumpLines, type LineSink } from "./hook-output.ts";
import { groupExists, signalProcessGroup, type Interrupts } from "../process/interrupts.ts";
import { superviseGroup, type Supervision } from "../process/supervisor.ts";
import type { ResultFolder } from "../callable/result-folder.ts";
import type { RegisteredHook } from "./registered-hooks.ts";

/** What every hook of one event shares. */
export interface EventSetting {
  event: LifecycleEvent;
  /** K3D_ARGS: the k3d argv of the command that fired the event. */
  args: string[];
  /** The user's environment, handed on. */
  env: Env;
  k3dBinary: string;
  wrapperPath: string;
  /** K3D_VERSION */
  k3dVersion: string;
  /** K3DX_DEPTH of this k3dx (hooks get one more). */
  depth: number;
  /** Whether what the hooks write to $K3D_RESULT is used (pre-hooks). */
  collectArgs: boolean;
  /** The event's own variables (K3D_UNDO_REASON, K3D_EXIT_STATUS, K3D_CLUSTERS, K3D_DRY_RUN). */
  eventEnv?: EventEnv;
  /**
   * `cluster-gc`: the live clusters. The event is about all of them at once, so stdin
   * holds `clusters` (each as k3d describes it) instead of one `cluster`.
   */
  live?: ClusterContext[];
}

/** The variables only some events set; every hook gets each one set by its event or not at all. */
export interface EventEnv {
  K3D_UNDO_REASON?: string;
  K3D_EXIT_STATUS?: string;
  K3D_CLUSTERS?: string;
  K3D_DRY_RUN?: string;
}

export interface HookIo {
  sink: LineSink;
  /** `[name] ` as bytes, coloured or not. */
  prefix: Uint8Array;
  interrupts: Interrupts;
  /**
   * Fires when the phase is being ended (Ctrl-C; for an undo after one, its time limit or
   * a further signal): a hook that then ends non-zero was interrupted, not failed.
   */
  stop: AbortSignal;
  /** Where its $K3D_RESULT file is made, and under which number. */
  results: ResultFolder;
  runIndex: number;
}

export type HookResult = "ok" | "failed" | "timed out" | "interrupted";

export interface HookOutcome {
  hook: RegisteredHook;
  cluster: string;
  result: HookResult;
  /** Why, for the summary: "exit 3", "killed by SIGKILL", "could not start: …". */
  detail: string;
  seconds: number;
  /** Arguments for k3d from $K3D_RESULT (pre-hooks that exited 0). */
  handBack: string[];
}

const KILL_GRACE_MS = 5000;
/** How long the pipes may stay quiet after the hook exited before k3dx stops reading them. */
const OUTPUT_GRACE_MS = 200;
/**
 * How long k3dx reads a finished hook's pipes at most: what the hook wrote is in them
 * already; only a leftover that keeps talking (and traps SIGTERM) needs this bound.
 */
const OUTPUT_DRAIN_MS = 1000;
/** How often a finished hook's leftovers are looked at until they have ended. */
const LEFTOVER_POLL_MS = 50;
/**
 * How long a finished hook's group may still hold a process before it gets SIGTERM. A
 * daemon started as `setsid daemon &` is in the group from its fork until its setsid(): a
 * moment, but on a loaded machine the hook can exit first, and the daemon must not be
 * taken for a leftover.
 */
const LEFTOVER_SETTLE_MS = 200;

export async function runHook(hook: RegisteredHook, cluster: ClusterContext, setting: EventSetting, io: HookIo): Promise<HookOutcome> {
  const started = performance.now();
  const outcome = (result: HookResult, detail: string, handBack: string[] = []): HookOutcome => ({
    hook,
    cluster: cluster.name,
    result,
    detail,
    seconds: (performance.now() - started) / 1000,
    handBack,
  });

  let resultPath: string;
  let proc: Bun.Subprocess<"ignore", "pipe", "pipe">;
  try {
    resultPath = io.results.createFile(io.runIndex);
    const { cmd, windowsVerbatimArguments } = invocationFor(hook.path);
    proc = spawnExact({
      cmd,
      windowsVerbatimArguments,
      env: hookEnv(hook, cluster, setting, resultPath),
      stdin: new Blob([stdinDocument(setting, cluster)]),
      stdout: "pipe",
      stderr: "pipe",
      detached: !IS_WINDOWS,
    });
  } catch (error) {
    return outcome("failed", `could not start: ${(error as Error).message}`);
  }
  const supervision = superviseGroup(proc.pid);
  const untrack = io.interrupts.track(proc.pid);
  const pumps = [pumpLines(proc.stdout, io.prefix, io.sink), pumpLines(proc.stderr, io.prefix, io.sink)];
  const outputDone = Promise.all(pumps.map((pump) => pump.done));

  let timeout: Promise<void> | undefined;
  const ended = Promise.all([proc.exited, outputDone]);
  const timer = setTimeout(() => (timeout = endGroup(proc.pid, ended)), hook.timeoutSeconds * 1000);
  await proc.exited;
  clearTimeout(timer);
  await timeout;
  endLeftovers(proc.pid, supervision);
  for (const pump of pumps) pump.stopWhenIdle(OUTPUT_GRACE_MS, OUTPUT_DRAIN_MS);
  await outputDone;
  untrack();

  const status = exitStatus(proc.exitCode, proc.signalCode);
  if (timeout) return outcome("timed out", `limit ${hook.timeoutSeconds}s`);
  if (status !== 0) {
    const detail = proc.signalCode ? `killed by ${proc.signalCode}` : `exit ${status}`;
    return outcome(io.stop.aborted ? "interrupted" : "failed", detail);
  }
  if (!setting.collectArgs) return outcome("ok", "");
  try {
    return outcome("ok", "", parseHandBack(io.results.read(resultPath), `hook '${hook.name}'`));
  } catch (error) {
    return outcome("failed", (error as Error).message);
  }
}

/**
 * SIGTERM to the group; SIGKILL 5 s later unless the hook has ended by then: exited, and
 * its output pipes closed (so nothing it started still holds them).
 */
async function endGroup(pid: number, ended: Promise<unknown>): Promise<void> {
  signalProcessGroup(pid, "SIGTERM");
  let timer: ReturnType<typeof setTimeout> | undefined;
  const graceOver = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), KILL_GRACE_MS)));
  const endedInTime = await Promise.race([ended.then(() => true), graceOver]);
  clearTimeout(timer);
  if (!endedInTime) signalProcessGroup(pid, "SIGKILL");
}

/**
 * The hook has exited; whatever is left in its group once it settles (LEFTOVER_SETTLE_MS)
 * was started by it and not waited for. SIGTERM then (it may clean up), SIGKILL 5 s later
 * if any is still there. k3dx does
 * not wait for that (the timer does not hold it), and if k3dx exits first the supervisor
 * finishes the job. The group is looked at every 50 ms, and let go once it has ended, so
 * that no signal is sent to a number a new group may since have taken.
 */
function endLeftovers(pgid: number, supervision: Supervision): void {
  if (!groupExists(pgid)) return supervision.release();
  const started = performance.now();
  let terminated = false;
  const poll = setInterval(() => {
    const waited = performance.now() - started;
    if (!groupExists(pgid)) {
      clearInterval(poll);
      supervision.release();
    } else if (!terminated && waited >= LEFTOVER_SETTLE_MS) {
      terminated = true;
      signalProcessGroup(pgid, "SIGTERM");
    } else if (waited >= LEFTOVER_SETTLE_MS + KILL_GRACE_MS) {
      clearInterval(poll);
      signalProcessGroup(pgid, "SIGKILL");
      supervision.releaseWhenEnded();
    }
  }, LEFTOVER_POLL_MS);
  poll.unref();
}

/** The environment contract of SPEC §4. */
export function hookEnv(hook: RegisteredHook, cluster: ClusterContext, setting: EventSetting, resultPath: string): Env {
  return {
    ...pluginEnv(setting.env, {
      command: "EXEC",
      pluginName: hook.name,
      pluginDir: hook.pluginDir,
      k3dBinary: setting.k3dBinary,
      wrapperPath: setting.wrapperPath,
      resultFile: resultPath,
      depth: setting.depth + 1,
    }),
    K3D_EVENT: setting.event,
    K3D_CLUSTER: cluster.name,
    K3D_DOCKER_NETWORK: cluster.network,
    K3D_DOCKER_CONTROL: cluster.control,
    K3D_DOCKER_AGENTS: cluster.agents,
    K3D_DOCKER_LOADBALANCER: cluster.loadbalancer,
    K3D_ARGS: JSON.stringify(setting.args),
    K3D_VERSION: setting.k3dVersion,
    // Never inherited: a hook of a command run from a `plugin gc --dry-run` hook is no dry run.
    K3D_UNDO_REASON: undefined,
    K3D_EXIT_STATUS: undefined,
    K3D_CLUSTERS: undefined,
    K3D_DRY_RUN: undefined,
    ...setting.eventEnv,
  };
}

/** The one JSON document on a hook's stdin. */
export function stdinDocument(setting: EventSetting, cluster: ClusterContext): string {
  const about = setting.live ? { clusters: setting.live.map((live) => live.cluster) } : { cluster: cluster.cluster };
  return JSON.stringify({ event: setting.event, ...about, args: setting.args }) + "\n";
}
