/**
 * Asking a plugin to complete its own arguments (SPEC §8): `<exe> __complete ARGS…` with
 * K3D_COMMAND=COMPLETE, one second at most. Whatever goes wrong — it fails, hangs, floods,
 * stays silent, or prints something that is not a cobra answer — the answer is "no
 * candidates, no file names" (`:4`), never an error: the user is pressing Tab.
 */
import type { Callable } from "../callable/find-callable.ts";
import type { Env } from "../process/env.ts";
import { queryPlugin } from "../callable/query-plugin.ts";
import { COMPLETION_TIMEOUT_MS, HAND_BACK_MAX_DEPTH } from "../limits.ts";
import { COMPLETE_WITH_DESCRIPTIONS } from "./completion-request.ts";
import { NO_COMPLETIONS, parseCompletionAnswer, type CompletionAnswer } from "./cobra-protocol.ts";

export interface AskPluginOptions {
  env: Env;
  k3dBinary: string;
  wrapperPath: string;
  /** K3DX_DEPTH: a plugin that completes through the wrapper again stays bounded. */
  depth: number;
  /** Ends the question: k3dx received a signal. */
  abort?: AbortSignal;
}

/**
 * Always asks with descriptions (`__complete`): the contract names that one entry point,
 * and `__completeNoDesc` answers are made by cutting the descriptions off afterwards.
 */
export async function askPlugin(callable: Callable, args: string[], options: AskPluginOptions): Promise<CompletionAnswer> {
  if (options.depth >= HAND_BACK_MAX_DEPTH) return NO_COMPLETIONS;
  const output = await queryPlugin({
    command: "COMPLETE",
    executable: callable.executable,
    args: [COMPLETE_WITH_DESCRIPTIONS, ...args],
    pluginName: callable.name,
    pluginDir: callable.dir,
    env: options.env,
    k3dBinary: options.k3dBinary,
    wrapperPath: options.wrapperPath,
    depth: options.depth,
    timeoutMs: COMPLETION_TIMEOUT_MS,
    abort: options.abort,
  });
  if (output === undefined || output.status !== 0) return NO_COMPLETIONS;
  return parseCompletionAnswer(output.stdout) ?? NO_COMPLETIONS;
}
