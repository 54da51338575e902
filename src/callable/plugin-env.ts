/**
 * The environment contract between k3dx and a plugin (SPEC §3, §4): what every plugin
 * process gets on top of the user's environment, whether it is called or fired as a hook.
 */
import { WRAPPER_VERSION } from "../version.ts";
import type { Env } from "../process/env.ts";

export interface PluginEnvOptions {
  command: "CALL" | "EXEC" | "INFO" | "COMPLETE";
  pluginName: string;
  pluginDir: string;
  /** Absolute path of the real k3d; "" when none was found. */
  k3dBinary: string;
  wrapperPath: string;
  /** The empty file the plugin may write to hand arguments back. */
  resultFile: string;
  /** K3DX_DEPTH for the plugin: one more than ours, so chains through the wrapper stay bounded. */
  depth: number;
}

export function pluginEnv(base: Env, options: PluginEnvOptions): Env {
  return {
    ...base,
    K3D_COMMAND: options.command,
    K3D_PLUGIN_NAME: options.pluginName,
    K3D_PLUGIN_DIR: options.pluginDir,
    K3D_BINARY: options.k3dBinary,
    K3D_WRAPPER: options.wrapperPath,
    K3D_WRAPPER_VERSION: WRAPPER_VERSION,
    K3D_RESULT: options.resultFile,
    K3DX_DEPTH: String(options.depth),
  };
}
