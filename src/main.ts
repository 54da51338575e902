/**
 * k3dx: a drop-in `k3d`. This file is the start of every k3d call, so it imports only
 * what routing needs; the plugin manager, hooks and plugin lookup load on demand.
 */
import type { DispatchContext } from "./context.ts";
import { dispatch } from "./dispatch/dispatch.ts";
import { reportError } from "./errors.ts";
import { readCommandLine } from "./k3d/command-line.ts";
import type { Env } from "./process/env.ts";
import { exactEnvironment, readUserArgs } from "./process/exact-bytes.ts";
import { isTrampolineCall } from "./process/exec-trampoline-spec.ts";
import { readSettings } from "./settings.ts";

const args = readUserArgs();
if (isTrampolineCall(args, process.env)) {
  const { runTrampoline } = await import("./process/exec-trampoline.ts");
  process.exit(runTrampoline(process.env));
}
let env: Env | undefined;
const ctx: DispatchContext = {
  // What k3d and plugins receive: the environment we were started with, byte for byte,
  // read only when something needs it (a plain k3d command execs with it untouched).
  // k3dx's own tweaks of process.env (NO_COLOR…) are not in it.
  get env() {
    return (env ??= exactEnvironment());
  },
  settings: readSettings(process.env),
  selfPath: process.execPath,
  dispatch,
};
try {
  process.exitCode = await dispatch(args, ctx);
} catch (error) {
  process.exitCode = reportError(error, readCommandLine(args).trace);
}
