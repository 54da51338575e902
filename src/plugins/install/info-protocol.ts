/**
 * The INFO protocol (SPEC §6): a plugin without a plugin.yaml is asked for its metadata
 * by running `<exe> metadata` with K3D_COMMAND=INFO; its stdout is YAML (JSON is YAML).
 * It gets 5 s. It runs in a process group of its own, so that on timeout the whole
 * group dies — a shell script's `sleep` child would otherwise keep stdout open.
 */
import { K3dxError } from "../../errors.ts";
import type { Env } from "../../dispatch/hand-off.ts";
import { pluginEnv } from "../../dispatch/plugin-env.ts";
import { invocationFor } from "../../platform/executable.ts";
import { baseName } from "../../platform/paths.ts";

export const INFO_TIMEOUT_MS = 5_000;

export interface InfoRequest {
  executable: string;
  /** The name it is being installed under (K3D_PLUGIN_NAME). */
  pluginName: string;
  /** Where its files are right now: the staging folder (K3D_PLUGIN_DIR, and its cwd). */
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
  const label = `${baseName(request.executable)} metadata`;
  const env = pluginEnv(request.env, {
    command: "INFO",
    pluginName: request.pluginName,
    pluginDir: request.pluginDir,
    k3dBinary: request.k3dBinary,
    wrapperPath: request.wrapperPath,
    // Metadata has nothing to hand back.
    resultFile: "",
    depth: request.depth + 1,
  });
  let child: Bun.Subprocess<"ignore", "pipe", "pipe">;
  try {
    child = Bun.spawn({
      cmd: [...invocationFor(request.executable), "metadata"],
      env,
      cwd: request.pluginDir,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
  } catch (error) {
    throw new K3dxError(`cannot run \`${label}\` to read the plugin's metadata: ${(error as Error).message}`);
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  const finished = Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  const outcome = await Promise.race([finished, timedOut]);
  clearTimeout(timer);
  if (outcome === "timeout") {
    killGroup(child);
    throw new K3dxError(
      `\`${label}\` (K3D_COMMAND=INFO) did not answer within ${timeoutMs / 1000} s and was killed; ` +
        `a plugin must print its metadata at once, or ship a plugin.yaml`,
    );
  }
  const [stdout, , status] = outcome;
  if (status !== 0) return { kind: "declined", reason: `\`${label}\` exited ${status}` };
  if (stdout.trim() === "") return { kind: "declined", reason: `\`${label}\` printed nothing` };
  return { kind: "answered", stdout };
}

function killGroup(child: Bun.Subprocess): void {
  try {
    // Negative pid: the process group the detached child leads.
    process.kill(-child.pid, "SIGKILL");
  } catch {
    child.kill("SIGKILL");
  }
}
