/**
 * k3dx: a drop-in `k3d`. This file is the start of every k3d call, so it imports only
 * what routing needs; the plugin manager, hooks and plugin lookup load on demand.
 */
import { dispatch } from "./dispatch/dispatch.ts";
import { reportError } from "./errors.ts";
import { readCommandLine } from "./k3d/command-line.ts";
import { readUserArgs } from "./process/exact-bytes.ts";
import { readSettings } from "./settings.ts";

const args = readUserArgs();
try {
  process.exitCode = await dispatch(args, {
    // A copy: what k3d and plugins receive must not pick up k3dx's own tweaks (NO_COLOR…).
    env: { ...process.env },
    settings: readSettings(process.env),
    selfPath: process.execPath,
    dispatch,
  });
} catch (error) {
  process.exitCode = reportError(error, readCommandLine(args).trace);
}
