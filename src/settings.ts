/**
 * Every K3DX_* setting, read once from the environment at the top of a command.
 * k3d itself reads K3D_* variables, so k3dx keeps to its own prefix.
 */
import { DEFAULT_HOOK_TIMEOUT_SECONDS } from "./limits.ts";
import { homeDirectory, joinPath } from "./platform/paths.ts";
import { readSecondsSetting, type SecondsSetting } from "./platform/seconds.ts";

export interface Settings {
  /** `K3DX_HOME`, default `~/.k3d`: the plugin store and hook folders live here. */
  home: string;
  /** `K3DX_K3D`: an absolute path to the real k3d, skipping the PATH search. */
  k3dOverride: string | undefined;
  /** `K3DX_NO_PLUGINS=1`: everything goes to real k3d, unchanged. */
  noPlugins: boolean;
  /** `K3DX_NO_HOOKS=1`: lifecycle commands fire no hooks. */
  noHooks: boolean;
  /** `K3DX_DEPTH`: how many plugin runs deep this command line is (bounds hand-back chains). */
  depth: number;
  /**
   * `K3DX_HOOK_TIMEOUT`: seconds a hook may run, unless its metadata says otherwise; with
   * the reason when what the user wrote could not be used (said where hooks run).
   */
  hookTimeout: SecondsSetting;
}

/** Truthy the way users write it in shells and CI files. */
export function isEnabled(value: string | undefined): boolean {
  return value !== undefined && ["1", "true", "yes", "on"].includes(value.toLowerCase());
}

export function readSettings(env: Record<string, string | undefined>): Settings {
  return {
    home: env.K3DX_HOME || joinPath(homeDirectory(env), ".k3d"),
    k3dOverride: env.K3DX_K3D || undefined,
    noPlugins: isEnabled(env.K3DX_NO_PLUGINS),
    noHooks: isEnabled(env.K3DX_NO_HOOKS),
    depth: Math.max(0, Math.trunc(Number(env.K3DX_DEPTH)) || 0),
    hookTimeout: readSecondsSetting("K3DX_HOOK_TIMEOUT", env.K3DX_HOOK_TIMEOUT, DEFAULT_HOOK_TIMEOUT_SECONDS),
  };
}
