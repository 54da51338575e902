/**
 * Asking a plugin to complete its own arguments (SPEC §8): `<exe> __complete ARGS…` with
 * K3D_COMMAND=COMPLETE, one second at most. Whatever goes wrong — it fails, hangs, floods,
 * stays silent, or prints something that is not a cobra answer — the answer is "no
 * candidates, no file names" (`:4`), never an error: the user is pressing Tab.
 */
import type { Callable } from "../dispatch/find-callable.ts";
import type { Env } from "../dispatch/hand-off.ts";
import { pluginEnv } from "../dispatch/plugin-env.ts";
import { invocationFor } from "../platform/executable.ts";
import { IS_WINDOWS } from "../platform/paths.ts";
import { MAX_HAND_BACK_DEPTH } from "../settings.ts";
import { captureBounded } from "./bounded-capture.ts";
import { COMPLETE_WITH_DESCRIPTIONS } from "./completion-request.ts";
import { NO_COMPLETIONS, parseCompletionAnswer, type CompletionAnswer } from "./cobra-protocol.ts";

export const PLUGIN_COMPLETION_TIMEOUT_MS = 1000;
/** Far more than any list of candidates; a plugin printing more is not answering. */
const MAX_ANSWER_BYTES = 1024 * 1024;
/** A completion cannot hand arguments back: $K3D_RESULT swallows whatever is written to it. */
const NULL_DEVICE = IS_WINDOWS ? "NUL" : "/dev/null";

export interface AskPluginOptions {
  env: Env;
  k3dBinary: string;
  wrapperPath: string;
  /** K3DX_DEPTH: a plugin that completes through the wrapper again stays bounded. */
  depth: number;
}

/**
 * Always asks with descriptions (`__complete`): the contract names that one entry point,
 * and `__completeNoDesc` answers are made by cutting the descriptions off afterwards.
 */
export async function askPlugin(callable: Callable, args: string[], options: AskPluginOptions): Promise<CompletionAnswer> {
  if (options.depth >= MAX_HAND_BACK_DEPTH) return NO_COMPLETIONS;
  const env = pluginEnv(options.env, {
    command: "COMPLETE",
    pluginName: callable.name,
    pluginDir: callable.dir,
    k3dBinary: options.k3dBinary,
    wrapperPath: options.wrapperPath,
    resultFile: NULL_DEVICE,
    depth: options.depth + 1,
  });
  const cmd = [...invocationFor(callable.executable), COMPLETE_WITH_DESCRIPTIONS, ...args];
  const output = await captureBounded(cmd, env, { timeoutMs: PLUGIN_COMPLETION_TIMEOUT_MS, maxBytes: MAX_ANSWER_BYTES });
  if (output === undefined || output.status !== 0) return NO_COMPLETIONS;
  return parseCompletionAnswer(output.stdout) ?? NO_COMPLETIONS;
}
