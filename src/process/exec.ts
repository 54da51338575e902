/**
 * Replacing this process with another program (execve): what k3dx does whenever it has
 * nothing left to do after the program, so that signals, the terminal and the exit
 * status are the program's own.
 */
import { K3dxError } from "../errors.ts";
import { definedOnly, type Env } from "./env.ts";
import { execFailure } from "./exec-failure.ts";
import { commandPreservingBytes } from "./exact-bytes.ts";
import { runChild } from "./run-child.ts";

/**
 * Replaces this process with `file args…`. Returns only on platforms without execve
 * (Windows), after running the program as a child; its promise is the exit status.
 */
export async function replaceProcess(file: string, args: string[], env: Env): Promise<number> {
  if (typeof process.execve !== "function" || process.platform === "win32") {
    return runChild([file, ...args], { env });
  }
  // Bun ignores SIGPIPE and SIGXFSZ, and an ignored signal stays ignored across exec
  // (then `k3d … | head -1` would print "Broken pipe"). A JS handler, unlike "ignore",
  // is reset to the default action by the kernel when the new program starts.
  process.on("SIGPIPE", noop);
  process.on("SIGXFSZ", noop);
  // execve is flagged experimental; its warning would reach k3d's stderr if it ever flushed.
  process.emitWarning = noop;
  const command = commandPreservingBytes(file, args);
  try {
    process.execve(command.file, command.argv, definedOnly(env));
  } catch (error) {
    throw execFailure(file, error);
  }
  throw new K3dxError(`could not run ${file}`);
}

function noop(): void {}
