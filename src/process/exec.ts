/**
 * Replacing this process with another program (execve): what k3dx does whenever it has
 * nothing left to do after the program, so that signals, the terminal and the exit
 * status are the program's own.
 *
 * On Linux the exec goes through libc (libc.ts): argv and the environment byte for byte
 * (exact-bytes.ts), the size limit the kernel gives k3d alone, and every descriptor the
 * caller passed kept open (inherited-fds.ts). Bun's own `process.execve` — used where
 * libc is not available — takes strings only and closes every descriptor above 2.
 */
import { K3dxError } from "../errors.ts";
import { definedOnly, type Env } from "./env.ts";
import { execFailure, execFailureFromErrno } from "./exec-failure.ts";
import { encodeArg, encodeEnv } from "./exact-bytes.ts";
import { inheritedFds } from "./inherited-fds.ts";
import { linuxLibc } from "./libc.ts";

/**
 * Replaces this process with `file args…`. `env` undefined: the environment k3dx was
 * started with, exactly (nothing is rebuilt). Returns only where there is no execve
 * (Windows), after running the program as a child; its promise is the exit status.
 */
export async function replaceProcess(file: string, args: string[], env?: Env): Promise<number> {
  if (process.platform === "win32" || typeof process.execve !== "function") {
    const { runChild } = await import("./run-child.ts");
    return runChild([file, ...args], { env });
  }
  if (linuxLibc()) {
    execBytes(encodeArg(file), [argv0(file), ...args].map(encodeArg), env === undefined ? undefined : encodeEnv(env), inheritedFds());
  }
  resetIgnoredSignals();
  // Bun flags execve as experimental and says so on stderr when it fails: not our user's business.
  process.emitWarning = noop;
  try {
    process.execve(file, [argv0(file), ...args], definedOnly(env ?? process.env));
  } catch (error) {
    throw execFailure(file, error);
  }
  throw new K3dxError(`could not run ${file}`);
}

/**
 * argv[0] as the user typed it (`k3d`), as the shell would have given it to k3d alone:
 * k3d prints it in advice (`export KUBECONFIG=$(k3d kubeconfig write dev)`), where the
 * real k3d's path would lead around the wrapper. In development (`bun src/main.ts`)
 * argv[0] is bun's, and the program's path is used.
 */
function argv0(file: string): string {
  return Bun.isStandaloneExecutable && process.argv0 ? process.argv0 : file;
}

/**
 * execve through libc, keeping the descriptors `keep` open (`envp` undefined: our own
 * environment, exactly). Throws the one-line failure; returns only where libc is not
 * available (then nothing was done).
 */
export function execBytes(file: Uint8Array, argv: Uint8Array[], envp: Uint8Array[] | undefined, keep: readonly number[]): void {
  const libc = linuxLibc();
  if (!libc) return;
  resetIgnoredSignals();
  for (const fd of keep) libc.keepOpenAcrossExec(fd);
  const errno = libc.execve(file, argv, envp);
  throw execFailureFromErrno(new TextDecoder().decode(file), errno);
}

/**
 * Bun ignores SIGPIPE and SIGXFSZ, and an ignored signal stays ignored across exec (then
 * `k3d … | head -1` would print "Broken pipe"). A JS handler, unlike "ignore", is reset to
 * the default action by the kernel when the new program starts.
 */
function resetIgnoredSignals(): void {
  process.on("SIGPIPE", noop);
  process.on("SIGXFSZ", noop);
}

function noop(): void {}
