/**
 * One hook, for one cluster: the environment contract and the JSON document on stdin,
 * its output streamed line by line, its timeout, and what it handed back.
 *
 * The hook leads its own process group (Bun's `detached` calls setsid), so a timeout can
 * end all it started: SIGTERM to the group, SIGKILL 5 s later unless all has ended. A hook
 * that ends normally may leave a background process running; k3dx stops listening to its
 * output once the hook has exited and the pipes go quiet.
 */
import { exitStatus } from "../process/exit-status.ts";
import type { Env } from "../process/env.ts";
import { parseHandBack } from "../callable/hand-back.ts";
import { pluginEnv } from "../callable/plugin-env.ts";
import type { ClusterContext } from "../k3d/cluster-context.ts";
import { invocationFor } from "../platform/executable.ts";
import { IS_WINDOWS } from "../platform/paths.ts";
import type { LifecycleEvent } from "../plugins/types.ts";
import { pumpLines, type LineSink } from "./hook-output.ts";
import { signalProcessGroup, type Interrupts } from "./interrupts.ts";
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
}

export interface HookIo {
  sink: LineSink;
  /** `[name] ` as bytes, coloured or not. */
  prefix: Uint8Array;
  interrupts: Interrupts;
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
  let proc: Bun.Subprocess<Blob, "pipe", "pipe">;
  try {
    resultPath = io.results.createFile(io.runIndex);
    const { cmd, windowsVerbatimArguments } = invocationFor(hook.path);
    proc = Bun.spawn({
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
  const untrack = io.interrupts.track(proc.pid);
  const pumps = [pumpLines(proc.stdout, io.prefix, io.sink), pumpLines(proc.stderr, io.prefix, io.sink)];
  const outputDone = Promise.all(pumps.map((pump) => pump.done));

  let timeout: Promise<void> | undefined;
  const ended = Promise.all([proc.exited, outputDone]);
  const timer = setTimeout(() => (timeout = endGroup(proc.pid, ended)), hook.timeoutSeconds * 1000);
  await proc.exited;
  clearTimeout(timer);
  await timeout;
  for (const pump of pumps) pump.stopWhenIdle(OUTPUT_GRACE_MS);
  await outputDone;
  untrack();

  const status = exitStatus(proc.exitCode, proc.signalCode);
  if (timeout) return outcome("timed out", `limit ${hook.timeoutSeconds}s`);
  if (status !== 0) {
    const detail = proc.signalCode ? `killed by ${proc.signalCode}` : `exit ${status}`;
    return outcome(io.interrupts.received ? "interrupted" : "failed", detail);
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
  };
}

/** The one JSON document on a hook's stdin. */
export function stdinDocument(setting: EventSetting, cluster: ClusterContext): string {
  return JSON.stringify({ event: setting.event, cluster: cluster.cluster, args: setting.args }) + "\n";
}
