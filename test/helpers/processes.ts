/**
 * Processes a test wants to see end — a hook's background job, a plugin's `setsid` child
 * — told apart from a later process that got the same pid (pid_max may be 32768 on a busy
 * machine). A zombie has ended too: it waits only for a parent (init, in a container
 * that may never reap it) to collect its status.
 */
import { existsSync, readFileSync } from "node:fs";

export interface WatchedProcess {
  pid: number;
  /** Exited (gone, or a zombie), or its pid now names another process. */
  ended(): boolean;
}

/** Field 22 of /proc/PID/stat (start time) and field 3 (state), or undefined when it is gone. */
function statOf(pid: number): { startTime: string; state: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0]!, startTime: fields[19]! };
  } catch {
    return undefined;
  }
}

export function watchProcess(pid: number): WatchedProcess {
  const startTime = statOf(pid)?.startTime;
  return {
    pid,
    ended() {
      const now = statOf(pid);
      return now === undefined || now.state === "Z" || now.startTime !== startTime;
    },
  };
}

/** The process whose pid a script wrote to `file`. */
export function watchPidFile(file: string): WatchedProcess {
  return watchProcess(Number(readFileSync(file, "utf8").trim()));
}

/** Waits up to `ms` for it to end; whether it did. */
export async function endsWithin(watched: WatchedProcess, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (!watched.ended()) {
    if (performance.now() > deadline) return false;
    await Bun.sleep(25);
  }
  return true;
}

/** Waits up to `ms` for `file` to exist; whether it did. */
export async function appears(file: string, ms = 10_000): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (!existsSync(file)) {
    if (performance.now() > deadline) return false;
    await Bun.sleep(20);
  }
  return true;
}

/** The exit status of `proc`, or undefined when it is still running after `ms` (then it is killed). */
export async function exitWithin(proc: { exited: Promise<number>; kill(signal?: number | NodeJS.Signals): void }, ms: number): Promise<number | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const code = await Promise.race([proc.exited, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)))]);
  clearTimeout(timer);
  if (code === undefined) proc.kill("SIGKILL");
  return code;
}

/**
 * What a test started that must not outlive it, whatever the code under test did: each
 * pid's process group and the process itself get SIGKILL. For afterEach.
 */
export function killLeftovers(watched: WatchedProcess[]): void {
  for (const process_ of watched) {
    if (process_.ended()) continue;
    for (const target of [-process_.pid, process_.pid]) {
      try {
        process.kill(target, "SIGKILL");
      } catch {
        // Not a group leader, or gone.
      }
    }
  }
  watched.length = 0;
}
