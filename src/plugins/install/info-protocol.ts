/**
 * The INFO protocol (SPEC §6): a plugin without a plugin.yaml is asked for its metadata
 * by running `<exe> metadata` with K3D_COMMAND=INFO; its stdout is YAML (JSON is YAML).
 * It gets 5 s. It is a program we do not trust yet, so it runs the way completion runs
 * plugins: in its own process group (a timeout stops whatever it started too), with a
 * bound on what it may print, and without waiting on a child that escaped the group.
 */
import { captureBounded } from "../../completion/bounded-capture.ts";
import { K3dxError } from "../../errors.ts";
import type { Env } from "../../dispatch/hand-off.ts";
import { pluginEnv } from "../../dispatch/plugin-env.ts";
import { invocationFor } from "../../platform/executable.ts";
import { IS_WINDOWS, baseName } from "../../platform/paths.ts";

export const INFO_TIMEOUT_MS = 5_000;
/** Metadata is a few lines; a program printing more is not answering. */
const MAX_ANSWER_BYTES = 1024 * 1024;
/** Metadata has nothing to hand back: $K3D_RESULT swallows whatever is written to it. */
const NULL_DEVICE = IS_WINDOWS ? "NUL" : "/dev/null";

export interface InfoRequest {
  executable: string;
  /** The name it is being installed under (K3D_PLUGIN_NAME). */
  pluginName: string;
  /** Where its files are right now: the staging folder (K3D_PLUGIN_DIR). */
  pluginDir: string;
  env: Env;
  k3dBinary: string;
  wrapperPath: string;
  depth: number;
  timeoutMs?: number;
}

export type InfoAnswer =
  /** It exited 0 and printed something: the text to parse. */
  | { kind: "answered"; stdout: string }
  /** It does not speak the protocol: exited non-zero, or printed nothing. */
  | { kind: "declined"; reason: string };

export async function askForMetadata(request: InfoRequest): Promise<InfoAnswer> {
  const timeoutMs = request.timeoutMs ?? INFO_TIMEOUT_MS;
  const label = `\`${baseName(request.executable)} metadata\``;
  const env = pluginEnv(request.env, {
    command: "INFO",
    pluginName: request.pluginName,
    pluginDir: request.pluginDir,
    k3dBinary: request.k3dBinary,
    wrapperPath: request.wrapperPath,
    resultFile: NULL_DEVICE,
    depth: request.depth + 1,
  });
  const started = performance.now();
  const output = await captureBounded([...invocationFor(request.executable), "metadata"], env, { timeoutMs, maxBytes: MAX_ANSWER_BYTES });
  if (output === undefined) {
    const why = performance.now() - started >= timeoutMs ? `did not answer within ${timeoutMs / 1000} s and was killed` : "could not be run, or printed more than 1 MB";
    throw new K3dxError(`${label} (K3D_COMMAND=INFO) ${why}; a plugin must print its metadata at once, or ship a plugin.yaml`);
  }
  if (output.status !== 0) return { kind: "declined", reason: `${label} exited ${output.status}` };
  if (output.stdout.trim() === "") return { kind: "declined", reason: `${label} printed nothing` };
  return { kind: "answered", stdout: output.stdout };
}
