/**
 * Real k3d's output with something of ours after it (root help's Plugins section, the
 * bash script's plugin completion): k3d runs with the user's argv, stdin and stderr; its
 * stdout is printed unchanged, then ours — only when k3d succeeded. The exit status is k3d's.
 */
import { exitStatus } from "../process/exit-status.ts";
import type { Env } from "../process/env.ts";
import { printOut } from "../platform/stdio.ts";
import { spawnExact } from "../process/spawn-exact.ts";

export async function appendToK3dOutput(k3d: string, args: string[], env: Env, extra: (k3dStdout: string) => string): Promise<number> {
  const child = spawnExact({ cmd: [k3d, ...args], env, stdin: "inherit", stdout: "pipe", stderr: "inherit", inheritFds: true });
  const [stdout] = await Promise.all([new Response(child.stdout).text(), child.exited]);
  const status = exitStatus(child.exitCode, child.signalCode);
  await printOut(status === 0 ? stdout + extra(stdout) : stdout);
  return status;
}
