/**
 * Running a program as a child with this terminal, when k3dx must act after it (post-
 * hooks, a plugin's hand-back): stdin, stdout and stderr inherited, the caller's other
 * descriptors passed on, signals passed on, its exit status returned.
 */
import type { Env } from "./env.ts";
import { exitStatus } from "./exit-status.ts";
import { linuxLibc } from "./libc.ts";
import { spawnExact } from "./spawn-exact.ts";
import { supervisePid } from "./supervisor.ts";

/** Signals a wrapper that waits on a child passes on, so the child sees what we saw. */
const FORWARDED_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
/**
 * A terminal sends Ctrl-C's SIGINT and a hang-up's SIGHUP to its whole foreground process
 * group, and the child is in ours: passing those on as well would deliver them twice (a
 * second Ctrl-C often means "stop cleaning up, quit now"). So while k3dx is in the
 * foreground of a terminal, only SIGTERM — always aimed at one process — is passed on.
 * Off the foreground (a background job, no terminal at all) no terminal reaches the
 * child, and all three are passed on. On Linux the foreground is asked of the terminal
 * (tcgetpgrp); elsewhere a terminal on stdin, stdout or stderr counts as the foreground.
 */
function signalsToForward(): ReadonlySet<NodeJS.Signals> {
  const { isatty } = require("node:tty") as typeof import("node:tty");
  const terminals = [0, 1, 2].filter((fd) => isatty(fd));
  if (terminals.length === 0) return new Set(FORWARDED_SIGNALS);
  const libc = linuxLibc();
  const foreground = libc ? terminals.some((fd) => libc.inForegroundOf(fd)) : true;
  return new Set(foreground ? ["SIGTERM"] : FORWARDED_SIGNALS);
}

export interface ChildOptions {
  /** undefined: the environment k3dx was started with, exactly. */
  env?: Env;
  cwd?: string;
  /** Bytes to give the program as its stdin instead of ours (we had to read ours first). */
  stdin?: Uint8Array;
  /** Descriptor number → bytes the program reads there instead of the caller's (see spawn-exact.ts). */
  replaceFds?: ReadonlyMap<number, Uint8Array>;
  /** Windows: `cmd` is already quoted for cmd.exe (platform/executable.ts invocationFor). */
  windowsVerbatimArguments?: boolean;
}

/**
 * Runs a program with this terminal (stdin, stdout, stderr inherited, unless stdin is
 * given as bytes) and forwards SIGINT, SIGTERM and SIGHUP to it while it runs (see
 * signalsToForward). Resolves to its exit status, 128+N when a signal killed it.
 */
export async function runChild(cmd: string[], options: ChildOptions = {}): Promise<number> {
  const child = spawnExact({
    cmd,
    env: options.env,
    cwd: options.cwd,
    stdin: options.stdin ?? "inherit",
    stdout: "inherit",
    stderr: "inherit",
    inheritFds: true,
    replaceFds: options.replaceFds,
    windowsVerbatimArguments: options.windowsVerbatimArguments,
  });
  // Every one of them is handled while the child runs, so that k3dx outlives the child
  // and reports its status; only some are passed on.
  const passOn = signalsToForward();
  const forward = (signal: NodeJS.Signals) => () => {
    if (passOn.has(signal)) child.kill(signal);
  };
  const handlers = FORWARDED_SIGNALS.map((signal) => [signal, forward(signal)] as const);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  // Should k3dx itself be killed (SIGKILL), the supervisor ends the child, as k3d alone would have ended.
  const release = supervisePid(child.pid);
  try {
    await child.exited;
  } finally {
    release();
    for (const [signal, handler] of handlers) process.off(signal, handler);
  }
  return exitStatus(child.exitCode, child.signalCode);
}
