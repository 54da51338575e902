/**
 * What the dispatcher hands every part of a run: the environment to pass on, the
 * settings, this executable's path, and the way back up to the dispatcher for a command
 * line that a plugin handed back. The last one is a function, not an import, so that
 * the router stays the top of the program: everything below it is called, never calls up.
 */
import type { Env } from "./process/env.ts";
import type { Settings } from "./settings.ts";

export interface DispatchContext {
  /** The environment handed on to k3d and plugins, as we received it. */
  env: Env;
  settings: Settings;
  /** This executable's path (K3D_WRAPPER), skipped when looking for k3d and plugins. */
  selfPath: string;
  /**
   * Runs a command line as a fresh one, through the router, and returns its exit status.
   * `chain`: the plugins whose hand-back it is; none of them may be reached again.
   */
  dispatch(args: string[], ctx: DispatchContext, chain: string[]): Promise<number>;
}
