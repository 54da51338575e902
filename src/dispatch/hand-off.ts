/**
 * Handing control to another program: replacing this process (execve) where we have
 * nothing left to do, or running a child with inherited stdio when we must act after it.
 */
import { K3dxError } from "../errors.ts";
import { commandPreservingBytes } from "./raw-argv.ts";

export type Env = Record<string, string | undefined>;

/** Signals a wrapper that waits on a child passes on, so the child sees what we saw. */
const FORWARDED_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
/**
 * A terminal sends Ctrl-C's SIGINT and a hang-up's SIGHUP to its whole foreground process
 * group, and the child is in ours: passing those on as well would deliver them twice (a
 * second Ctrl-C often means "stop cleaning up, quit now"). So with a terminal attached
 * only SIGTERM — always aimed at one process — is passed on.
 */
function signalsToForward(): ReadonlySet<NodeJS.Signals> {
  const { isatty } = require("node:tty") as typeof import("node:tty");
  return new Set([0, 1, 2].some((fd) => isatty(fd)) ? ["SIGTERM"] : FORWARDED_SIGNALS);
}

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

export interface ChildOptions {
  env: Env;
  cwd?: string;
  /** Bytes to give the program as its stdin instead of ours (we had to read ours first). */
  stdin?: Uint8Array;
}

/**
 * Runs a program with this terminal (stdin, stdout, stderr inherited, unless stdin is
 * given as bytes) and forwards SIGINT, SIGTERM and SIGHUP to it while it runs (see
 * signalsToForward). Resolves to its exit status, 128+N when a signal killed it.
 */
export async function runChild(cmd: string[], options: ChildOptions): Promise<number> {
  const command = commandPreservingBytes(cmd[0]!, cmd.slice(1));
  let child: ReturnType<typeof Bun.spawn>;
  try {
    child = Bun.spawn({
      cmd: [command.file, ...command.argv.slice(1)],
      env: definedOnly(options.env),
      cwd: options.cwd,
      stdio: [options.stdin ?? "inherit", "inherit", "inherit"],
    });
  } catch (error) {
    throw execFailure(cmd[0]!, error);
  }
  // Every one of them is handled while the child runs, so that k3dx outlives the child
  // and reports its status; only some are passed on.
  const passOn = signalsToForward();
  const forward = (signal: NodeJS.Signals) => () => {
    if (passOn.has(signal)) child.kill(signal);
  };
  const handlers = FORWARDED_SIGNALS.map((signal) => [signal, forward(signal)] as const);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  try {
    await child.exited;
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  }
  return exitStatus(child.exitCode, child.signalCode);
}

/** The shell's convention: a program's exit code, or 128 + the number of the signal that killed it. */
export function exitStatus(exitCode: number | null, signalCode: string | number | null): number {
  if (exitCode !== null) return exitCode;
  return 128 + (typeof signalCode === "number" ? signalCode : signalNumber(signalCode));
}

/** The platform's number for a signal name (SIGUSR1 is 10 on Linux, 30 on macOS); 0 if unknown. */
export function signalNumber(signal: string | null): number {
  if (!signal) return 0;
  const { constants } = require("node:os") as typeof import("node:os");
  return (constants.signals as Record<string, number | undefined>)[signal] ?? 0;
}

function definedOnly(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  return out;
}

function execFailure(file: string, error: unknown): K3dxError {
  const code = (error as { code?: string }).code;
  if (code === "ENOENT") return new K3dxError(`cannot run ${file}: no such file`, 127);
  if (code === "EACCES") return new K3dxError(`cannot run ${file}: permission denied (is it executable?)`, 126);
  if (code === "ENOEXEC") return new K3dxError(`cannot run ${file}: not an executable format (a script needs a #! line)`, 126);
  return new K3dxError(`cannot run ${file}: ${(error as Error).message ?? error}`, 126);
}

function noop(): void {}
