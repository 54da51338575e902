/**
 * Asking a plugin a question it answers on stdout: its metadata (INFO, SPEC §6) or its
 * completions (COMPLETE, SPEC §8). The plugin may not be trusted yet, so it runs the
 * bounded way: its own process group (a timeout stops whatever it started too, and
 * nothing it started outlives the question), a cap on what it may print, and nothing to
 * hand back — $K3D_RESULT is the null device.
 *
 * INFO runs a program just downloaded, before the user has run it even once, while an
 * install may hold credentials in its environment (GITHUB_TOKEN for the download, and in
 * CI whatever secrets the job has). Printing its metadata needs none of them, so it gets
 * a minimal environment: the variables a program needs to start and find its tools, and
 * the plugin contract's own. COMPLETE asks a plugin the user has installed and runs with
 * their whole environment anyway; its completions may need it (a kubeconfig, a Docker
 * host), so it gets that environment, as when it is called.
 */
import { PLUGIN_ANSWER_MAX_BYTES } from "../limits.ts";
import { IS_WINDOWS } from "../platform/paths.ts";
import { invocationFor } from "../platform/executable.ts";
import { captureBounded, type BoundedOutput, type OutputLimits } from "../process/bounded-capture.ts";
import type { Env } from "../process/env.ts";
import { pluginEnv } from "./plugin-env.ts";

/**
 * What INFO keeps of the user's environment: what a program, or the interpreter of a
 * script, needs to start and run (PATH, HOME, the user's name and shell, locale, time
 * zone, temporary folder; on Windows the system folders), and NO_COLOR. Everything else —
 * tokens, cloud credentials, KUBECONFIG, DOCKER_HOST — stays out.
 */
export const INFO_ENVIRONMENT: readonly string[] = [
  "PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "TZ", "TMPDIR", "TMP", "TEMP", "NO_COLOR",
  "SystemRoot", "SYSTEMROOT", "windir", "ComSpec", "PATHEXT", "USERPROFILE", "APPDATA", "LOCALAPPDATA",
];

const NULL_DEVICE = IS_WINDOWS ? "NUL" : "/dev/null";

export interface PluginQuery {
  command: "INFO" | "COMPLETE";
  executable: string;
  /** The question: `metadata`, or `__complete ARGS…`. */
  args: string[];
  pluginName: string;
  pluginDir: string;
  env: Env;
  k3dBinary: string;
  wrapperPath: string;
  /** Our K3DX_DEPTH; the plugin gets one more. */
  depth: number;
  timeoutMs: number;
  /** Ends the question early: k3dx received a signal. */
  abort?: AbortSignal;
  /** Told why there is no answer (captureBounded's onRefused). */
  onRefused?: OutputLimits["onRefused"];
}

/** Its output and status; undefined when it could not run, timed out, or printed too much. */
export function queryPlugin(query: PluginQuery): Promise<BoundedOutput | undefined> {
  const base = query.command === "INFO" ? minimalEnvironment(query.env) : query.env;
  const env = pluginEnv(base, {
    command: query.command,
    pluginName: query.pluginName,
    pluginDir: query.pluginDir,
    k3dBinary: query.k3dBinary,
    wrapperPath: query.wrapperPath,
    resultFile: NULL_DEVICE,
    depth: query.depth + 1,
  });
  const { cmd, windowsVerbatimArguments } = invocationFor(query.executable, query.args);
  const limits = { timeoutMs: query.timeoutMs, maxBytes: PLUGIN_ANSWER_MAX_BYTES, abort: query.abort, onRefused: query.onRefused };
  return captureBounded(cmd, env, limits, windowsVerbatimArguments);
}

/** INFO_ENVIRONMENT's variables, and the locale's LC_* ones, of `env`. */
export function minimalEnvironment(env: Env): Env {
  const kept: Env = {};
  for (const [name, value] of Object.entries(env)) {
    if (INFO_ENVIRONMENT.includes(name) || name.startsWith("LC_")) kept[name] = value;
  }
  return kept;
}
