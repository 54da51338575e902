/**
 * A question to a plugin (INFO while it is installed, COMPLETE on Tab) runs a program
 * that must not outlive the question. Its process group is ended (bounded-capture.ts),
 * but a process can leave the group — `setsid`, a double fork — and would live on with
 * parent 1. On Linux, while such questions run, k3dx is a "child subreaper"
 * (PR_SET_CHILD_SUBREAPER): every process of the question's tree that loses its parent
 * is re-parented to k3dx instead of init. Afterwards, k3dx's children that it did not
 * start itself are exactly those orphans: each is ended with SIGKILL, with the process
 * group it leads, and reaped; their own children are re-parented to k3dx as they die and
 * are ended in the next round, until none is left.
 *
 * Limits, honestly: Linux only (macOS has no subreaper: there only the question's process
 * group is ended); what the program asks another service to start (docker, systemd-run,
 * at) is not its descendant and is not ended; a tree that forks faster than it is killed
 * is given up after MAX_ROUNDS rounds.
 */
import { readdirSync, readFileSync } from "node:fs";
import { linuxLibc } from "./libc.ts";

/** Rounds of "end every adopted process, then look again" before giving up on a tree that keeps forking. */
const MAX_ROUNDS = 100;
/** How long one round waits for what it killed to be reaped (SIGKILL is not instant). */
const REAP_WAIT_MS = 200;

let adopters = 0;

export interface OrphanCatcher {
  /**
   * Ends every process adopted since (k3dx's children not in `own`: the processes k3dx
   * started and still waits on), generation by generation; returns how many were ended.
   */
  endOrphans(own: ReadonlySet<number>): Promise<number>;
  /** k3dx stops adopting (once no other question needs it). */
  stop(): void;
}

/** Starts adopting orphans; undefined where that is not possible (not Linux, or prctl refused). */
export function catchOrphans(): OrphanCatcher | undefined {
  const libc = linuxLibc();
  if (!libc) return undefined;
  if (adopters === 0 && !libc.setChildSubreaper(true)) return undefined;
  adopters++;
  let stopped = false;
  return {
    async endOrphans(own) {
      let ended = 0;
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const orphans = childrenOfThisProcess().filter((pid) => !own.has(pid));
        if (orphans.length === 0) break;
        for (const pid of orphans) {
          // The group it leads first: members whose parent is still alive go at once too.
          for (const target of [-pid, pid]) {
            try {
              process.kill(target, "SIGKILL");
            } catch {
              // Not a group leader, or gone already.
            }
          }
        }
        ended += orphans.length;
        await reapAll(orphans, libc.reapIfEnded);
      }
      return ended;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (--adopters === 0) libc.setChildSubreaper(false);
    },
  };
}

async function reapAll(pids: number[], reapIfEnded: (pid: number) => boolean): Promise<void> {
  const left = new Set(pids);
  const deadline = performance.now() + REAP_WAIT_MS;
  while (left.size > 0 && performance.now() < deadline) {
    for (const pid of left) if (reapIfEnded(pid)) left.delete(pid);
    if (left.size > 0) await Bun.sleep(5);
  }
}

/**
 * This process's children: /proc/self/task/<tid>/children lists them per thread (the
 * thread that forked, or the one an orphan was given to); where the kernel lacks that
 * file, every /proc/<pid>/stat is read for its parent.
 */
export function childrenOfThisProcess(): number[] {
  try {
    const pids = new Set<number>();
    for (const task of readdirSync("/proc/self/task")) {
      const list = readFileSync(`/proc/self/task/${task}/children`, "utf8").trim();
      for (const pid of list === "" ? [] : list.split(" ")) pids.add(Number(pid));
    }
    return [...pids];
  } catch {
    return scanForChildren();
  }
}

function scanForChildren(): number[] {
  const pids: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return pids;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // After the command name, which may hold spaces and parentheses: state, then ppid.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === process.pid) pids.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}
