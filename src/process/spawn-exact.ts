/**
 * Starting a child with exact bytes: every program k3dx starts (k3d, plugins, hooks, the
 * questions it asks them) goes through here.
 *
 * - Descriptors: with `inheritFds`, the caller's descriptors above 2 (inherited-fds.ts)
 *   reach the child at the same numbers — k3d and plugins get them, as they would from
 *   the shell; hooks and questions do not (a hook must not drain `<(…)` before k3d).
 *   `replaceFds` gives a number other contents: bytes k3dx had to read first.
 * - Bytes: Bun.spawn takes strings only, so an argument or variable holding a byte that
 *   is not UTF-8 would reach the child as U+FFFD. Then the child is this executable
 *   again, as an exec trampoline (exec-trampoline.ts): it reads the exact argv and
 *   environment from a memory file and execve()s the program in place, so the program
 *   keeps the trampoline's pid, process group, stdio and exit status. That costs one
 *   more start of k3dx, only when such a byte is there.
 */
import { definedOnly, type Env } from "./env.ts";
import { execFailure } from "./exec-failure.ts";
import { encodeArg, encodeEnv, exactEnvironment, needsExactBytes } from "./exact-bytes.ts";
import { TRAMPOLINE_MARKER, TRAMPOLINE_VARIABLE, type TrampolineSpec } from "./exec-trampoline-spec.ts";
import { inheritedFds } from "./inherited-fds.ts";
import { linuxLibc } from "./libc.ts";

type Stdio = "inherit" | "pipe" | "ignore";

export interface ExactSpawnOptions<In extends Stdio | Blob | Uint8Array, Out extends Stdio, Err extends Stdio> {
  /** The program and its arguments; strings may carry escaped bytes (exact-bytes.ts). */
  cmd: string[];
  /** undefined: the environment k3dx was started with, exactly. */
  env?: Env;
  cwd?: string;
  stdin: In;
  stdout: Out;
  stderr: Err;
  /** Its own process group (and session): a timeout or a signal can then end all it started. */
  detached?: boolean;
  /** Pass the caller's descriptors above 2 on at the same numbers. */
  inheritFds?: boolean;
  /** Descriptor number → the bytes the child reads there instead (k3dx had to read the original). */
  replaceFds?: ReadonlyMap<number, Uint8Array>;
  /** Killed (SIGTERM) when it aborts. */
  signal?: AbortSignal;
  /** Windows: `cmd` is already quoted for cmd.exe (platform/executable.ts invocationFor). */
  windowsVerbatimArguments?: boolean;
}

/** Starts the child; throws the one-line K3dxError of execFailure when it cannot start. */
export function spawnExact<In extends Stdio | Blob | Uint8Array, Out extends Stdio, Err extends Stdio>(
  options: ExactSpawnOptions<In, Out, Err>,
): Bun.Subprocess<"ignore", Out, Err> {
  const env = options.env ?? exactEnvironment();
  const libc = linuxLibc();
  // Child descriptor number → our descriptor that becomes it.
  const extra = new Map<number, number>();
  const ours: number[] = [];
  if (options.inheritFds) for (const fd of inheritedFds()) extra.set(fd, fd);
  for (const [fd, bytes] of options.replaceFds ?? []) {
    const file = libc?.memoryFile(`k3dx-fd-${fd}`, bytes);
    if (file === undefined) continue;
    extra.set(fd, file);
    ours.push(file);
  }

  let cmd = options.cmd;
  let spawnEnv = env;
  if (libc && needsExactBytes(cmd, env)) {
    const childFd = Math.max(2, ...extra.keys()) + 1;
    const spec: TrampolineSpec = {
      file: base64(encodeArg(resolveProgram(cmd[0]!, env))),
      argv: cmd.map((arg) => base64(encodeArg(arg))),
      env: encodeEnv(env).map(base64),
      keep: [...extra.keys()],
    };
    const specFile = libc.memoryFile("k3dx-exec", Buffer.from(JSON.stringify(spec)));
    if (specFile !== undefined) {
      extra.set(childFd, specFile);
      ours.push(specFile);
      cmd = [...selfCommand(), TRAMPOLINE_MARKER];
      spawnEnv = { [TRAMPOLINE_VARIABLE]: String(childFd) };
    }
  }

  const stdio: (Stdio | Blob | Uint8Array | number | undefined)[] = [options.stdin, options.stdout, options.stderr];
  for (const [childFd, ourFd] of extra) stdio[childFd] = ourFd;
  try {
    return Bun.spawn({
      cmd,
      env: definedOnly(spawnEnv),
      cwd: options.cwd,
      // Holes in the array are descriptors the child does not get.
      stdio: stdio as never,
      detached: options.detached,
      signal: options.signal,
      windowsVerbatimArguments: options.windowsVerbatimArguments,
    }) as never;
  } catch (error) {
    throw execFailure(options.cmd[0]!, error);
  } finally {
    for (const fd of ours) libc?.close(fd);
  }
}

/** This executable, as a command: the compiled binary, or bun with our entry script in development. */
function selfCommand(): string[] {
  return Bun.isStandaloneExecutable ? [process.execPath] : [process.execPath, Bun.main];
}

/** execve takes a path: a bare name is looked up on the child's PATH, as Bun.spawn would. */
function resolveProgram(program: string, env: Env): string {
  if (program.includes("/")) return program;
  return Bun.which(program, { PATH: env.PATH ?? "" }) ?? program;
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}
