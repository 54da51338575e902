/**
 * Telling a process from a later one that got the same pid. A pid alone is reused — soon
 * on a busy machine (pid_max may be 32768), and always after a reboot, when a lock file
 * left by a crash names a pid that some unrelated process now has. So k3dx records a pid
 * with its identity: on Linux the boot's id and the process's start time (field 22 of
 * /proc/PID/stat, in clock ticks since boot); elsewhere what `ps -o lstart=` prints, the
 * start time to the second. Where neither can be read (Windows), there is no identity and
 * callers fall back to "is a process with that pid running".
 */
import { readFileSync } from "node:fs";

/** The identity of process `pid`, or undefined when it is not running or cannot be told. */
export function processIdentity(pid: number): string | undefined {
  if (process.platform === "linux") return linuxIdentity(pid);
  if (process.platform === "win32") return undefined;
  return psIdentity(pid);
}

/** Whether a process with this pid exists (it may belong to another user). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Whether the process recorded as `pid` with `identity` is still running: a process with
 * that pid exists and, when both identities can be told, it is the same one.
 */
export function isStillRunning(pid: number, identity: string | undefined): boolean {
  if (!isRunning(pid)) return false;
  if (!identity) return true;
  const now = processIdentity(pid);
  return now === undefined || now === identity;
}

let bootId: string | undefined;

function linuxIdentity(pid: number): string | undefined {
  try {
    bootId ??= readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name, field 2, may hold spaces and parentheses: count from its end.
    const startTime = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
    return startTime ? `linux:${bootId}:${startTime}` : undefined;
  } catch {
    return undefined;
  }
}

function psIdentity(pid: number): string | undefined {
  try {
    const ps = Bun.spawnSync({ cmd: ["ps", "-o", "lstart=", "-p", String(pid)], stdout: "pipe", stderr: "ignore", env: { PATH: "/bin:/usr/bin", LC_ALL: "C" } });
    const started = ps.stdout.toString().trim().replace(/\s+/g, " ");
    return ps.exitCode === 0 && started !== "" ? `ps:${started}` : undefined;
  } catch {
    return undefined;
  }
}
