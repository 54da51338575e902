/**
 * Asking a plugin a question it answers on stdout: its metadata (INFO, SPEC §6) or its
 * completions (COMPLETE, SPEC §8). The plugin may not be trusted yet, so it runs the
 * bounded way: its own process group (a timeout stops whatever it started too), a cap
 * on what it may print, and nothing to hand back — $K3D_RESULT is the null device.
 */
import { IS_WINDOWS } from "../platform/paths.ts";
import { invocationFor } from "../platform/executable.ts";
import { captureBounded, type BoundedOutput } from "../process/bounded-capture.ts";
import type { Env } from "../process/env.ts";
import { pluginEnv } from "./plugin-env.ts";

/** Far more than any metadata or list of candidates; a plugin printing more is not answering. */
const MAX_ANSWER_BYTES = 1024 * 1024;
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
}

/** Its output and status; undefined when it could not run, timed out, or printed too much. */
export function queryPlugin(query: PluginQuery): Promise<BoundedOutput | undefined> {
  const env = pluginEnv(query.env, {
    command: query.command,
    pluginName: query.pluginName,
    pluginDir: query.pluginDir,
    k3dBinary: query.k3dBinary,
    wrapperPath: query.wrapperPath,
    resultFile: NULL_DEVICE,
    depth: query.depth + 1,
  });
  const { cmd, windowsVerbatimArguments } = invocationFor(query.executable, query.args);
  return captureBounded(cmd, env, { timeoutMs: query.timeoutMs, maxBytes: MAX_ANSWER_BYTES }, windowsVerbatimArguments);
}
