/**
 * The INFO protocol (SPEC §6): a plugin without a plugin.yaml is asked for its metadata
 * by running `<exe> metadata` with K3D_COMMAND=INFO; its stdout is YAML (JSON is YAML).
 * It gets 5 s. It is a program we do not trust yet, so it runs the way completion runs
 * plugins: in its own process group (a timeout stops whatever it started too), with a
 * bound on what it may print, and without waiting on a child that escaped the group.
 */
import { queryPlugin, type PluginQuery } from "../callable/query-plugin.ts";
import type { CaptureRefusal } from "../process/bounded-capture.ts";
import { K3dxError } from "../errors.ts";
import { INFO_TIMEOUT_SECONDS, PLUGIN_ANSWER_MAX_BYTES } from "../limits.ts";
import { bytesText } from "../platform/sizes.ts";
import { baseName } from "../platform/paths.ts";

export const INFO_TIMEOUT_MS = INFO_TIMEOUT_SECONDS * 1000;

/** Who to ask, and in which context (`pluginName`: the name it is being installed under; `pluginDir`: the staging folder). */
export type InfoRequest = Omit<PluginQuery, "command" | "args" | "timeoutMs"> & { timeoutMs?: number };

export type InfoAnswer =
  /** It exited 0 and printed something: the text to parse. */
  | { kind: "answered"; stdout: string }
  /** It does not speak the protocol: exited non-zero, or printed nothing. */
  | { kind: "declined"; reason: string };

export async function askForMetadata(request: InfoRequest): Promise<InfoAnswer> {
  const timeoutMs = request.timeoutMs ?? INFO_TIMEOUT_MS;
  const label = `\`${baseName(request.executable)} metadata\``;
  let refusal: CaptureRefusal | undefined;
  const output = await queryPlugin({ ...request, command: "INFO", args: ["metadata"], timeoutMs, onRefused: (why) => (refusal = why) });
  if (output === undefined) {
    const why =
      refusal === "out of time"
        ? `did not answer within ${timeoutMs / 1000} s and was killed`
        : refusal === "printed too much"
          ? `printed more than ${bytesText(PLUGIN_ANSWER_MAX_BYTES)} and was stopped`
          : refusal === "aborted"
            ? "was stopped"
            : "could not be run";
    throw new K3dxError(`${label} (K3D_COMMAND=INFO) ${why}; a plugin must print its metadata at once, or ship a plugin.yaml`);
  }
  if (output.status !== 0) return { kind: "declined", reason: `${label} exited ${output.status}` };
  if (output.stdout.trim() === "") return { kind: "declined", reason: `${label} printed nothing` };
  return { kind: "answered", stdout: output.stdout };
}
