/**
 * Nothing k3dx started outlives it, even when k3dx is killed with SIGKILL.
 *
 * Hooks, and plugins asked a question (INFO, COMPLETE), run in a session of their own so
 * that a timeout can end everything they started. That also takes them out of k3dx's
 * process group: a CI runner that cancels a job by killing the group, or the OOM killer
 * taking k3dx alone, would leave them running with parent 1. Linux's PR_SET_PDEATHSIG
 * cannot help (it must be set in the child, after fork, and covers that one process, not
 * what it starts), and macOS has nothing like it.
 *
 * So the first time k3dx starts such a group it also starts the supervisor: a few lines
 * of /bin/sh in a session of its own (a kill of k3dx's group does not reach it) that holds
 * the read end of a pipe from k3dx. k3dx writes `+ PGID` when it starts a group and
 * `- PGID` once the group has ended. When the pipe reaches its end — k3dx has exited,
 * however it exited — the supervisor sends SIGTERM to every group still listed, then
 * SIGKILL to those left 5 s later, and exits. It costs one `sh` (≈1 ms, ≈1 MB) per
 * command that starts such a group, and a few bytes per group; nothing otherwise.
 *
 * The children k3dx waits on in its own group — k3d between hooks, a called plugin — are
 * listed the same way, as single processes (`p PID`, `q PID`): SIGKILL of k3dx alone
 * would otherwise leave them running, where with k3d alone that k3d (and the plugin it
 * ran) would have died.
 *
 * Limits: a group is listed a few microseconds after it starts, so a SIGKILL landing in
 * between leaves that one group alone; a process that moves to a session of its own (a
 * daemon, on purpose) is not in the group and is not ended; and a group that ended
 * between k3dx's last look and k3dx's death may have had its number reused by then.
 */
import { IS_WINDOWS } from "../platform/paths.ts";
import { groupExists, SIGNAL_GRACE_MS } from "./interrupts.ts";

/** The supervisor's program. `read` ends at EOF, which is all it waits for. */
const SUPERVISOR_SCRIPT = `
trap '' INT TERM HUP
g=' '
while read -r op id; do
  case $id in ''|*[!0-9]*) continue ;; esac
  # A group is listed as -PGID, a single process as PID: kill takes both.
  case $op in +|-) id="-$id" ;; esac
  case $op in
    +|p) g="$g$id " ;;
    -|q) case $g in *" $id "*) g="\${g% $id *} \${g#* $id }" ;; esac ;;
  esac
done
set -- $g
[ $# -eq 0 ] && exit 0
# A daemon a hook started with setsid leaves the group a moment after its fork.
sleep 0.2
for id; do kill -s TERM -- "$id" 2>/dev/null; done
n=0
while [ $n -lt ${SIGNAL_GRACE_MS / 100} ]; do
  left=
  for id; do kill -s 0 -- "$id" 2>/dev/null && left=1; done
  [ -z "$left" ] && exit 0
  sleep 0.1
  n=$((n + 1))
done
for id; do kill -s KILL -- "$id" 2>/dev/null; done
`;

/** How often, and for how long, a group that was told to end is looked at before it is let go. */
const GONE_POLL_MS = 50;
const GONE_POLL_LIMIT_MS = SIGNAL_GRACE_MS + 1_000;

interface Supervisor {
  pid: number;
  send(line: string): void;
}

let supervisor: Supervisor | null | undefined;

export interface Supervision {
  /** The group has ended: the supervisor forgets it (its number may be reused). */
  release(): void;
  /**
   * Releases the group once it has ended, looking every 50 ms for up to 6 s without
   * holding k3dx up; if k3dx exits first, the supervisor ends what is left.
   */
  releaseWhenEnded(): void;
}

const NOTHING: Supervision = { release() {}, releaseWhenEnded() {} };

/** Makes the process group `pgid` end with k3dx. No-op where there are no process groups. */
export function superviseGroup(pgid: number): Supervision {
  const watcher = startedSupervisor();
  if (!watcher) return NOTHING;
  watcher.send(`+ ${pgid}\n`);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    watcher.send(`- ${pgid}\n`);
  };
  return {
    release,
    releaseWhenEnded() {
      if (!groupExists(pgid)) return release();
      const started = performance.now();
      const poll = setInterval(() => {
        if (groupExists(pgid)) {
          if (performance.now() - started < GONE_POLL_LIMIT_MS) return;
        } else {
          release();
        }
        clearInterval(poll);
      }, GONE_POLL_MS);
      poll.unref();
    },
  };
}

/**
 * Makes the single process `pid` (a child in k3dx's own group) end with k3dx. Returns the
 * release, to call once it has exited (before its pid can be reused).
 */
export function supervisePid(pid: number): () => void {
  const watcher = startedSupervisor();
  if (!watcher) return () => {};
  watcher.send(`p ${pid}\n`);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    watcher.send(`q ${pid}\n`);
  };
}

/** The supervisor's pid, if one was started (it is k3dx's child, and no orphan). */
export function supervisorPid(): number | undefined {
  return supervisor?.pid;
}

function startedSupervisor(): Supervisor | undefined {
  if (supervisor === undefined) supervisor = IS_WINDOWS ? null : start();
  return supervisor ?? undefined;
}

function start(): Supervisor | null {
  let child: Bun.Subprocess<"pipe", "ignore", "ignore">;
  try {
    // Its own session: a signal or SIGKILL sent to k3dx's process group passes it by.
    child = Bun.spawn({ cmd: ["/bin/sh", "-c", SUPERVISOR_SCRIPT], stdin: "pipe", stdout: "ignore", stderr: "ignore", detached: true });
  } catch {
    return null;
  }
  // It lives as long as k3dx does: k3dx must not wait for it to exit.
  child.unref();
  const pipe = child.stdin;
  return {
    pid: child.pid,
    send(line) {
      try {
        // A few bytes into an empty pipe: written at once, not queued.
        const written = pipe.write(line) as number | Promise<number>;
        if (written instanceof Promise) written.catch(() => {});
        const flushed = pipe.flush();
        if (flushed instanceof Promise) flushed.catch(() => {});
      } catch {
        // The supervisor is gone (someone killed it): what it would have done is undone.
      }
    },
  };
}
