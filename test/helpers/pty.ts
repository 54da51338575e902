/**
 * Runs the compiled wrapper on a real pseudo-terminal (Bun.spawn's `terminal`), for what
 * only happens on a terminal: questions. Each answer is typed once its cue has appeared
 * on the screen; everything the terminal showed comes back, with the exit status.
 */
import { K3DX_BINARY, type Sandbox } from "./sandbox.ts";

export interface Answer {
  /** Text that must appear on the screen before the answer is typed. */
  after: string;
  type: string;
}

export interface PtyResult {
  code: number;
  /** Everything written to the terminal (stdout and stderr, with escape sequences). */
  screen: string;
}

/** Kills a program that waits for an answer that never comes, so a test fails rather than hangs. */
const GIVE_UP_MS = 15_000;

export interface PtyOptions {
  cwd?: string;
  answers?: Answer[];
  env?: Record<string, string>;
  /**
   * A shell command line around the wrapper, which is `"$@"` in it: `"$@" | tee out`
   * (stdout a pipe, stdin and stderr the terminal), `stty cols 0 rows 0; exec "$@"`.
   */
  shell?: string;
}

export async function runOnPty(box: Sandbox, args: string[], options: PtyOptions = {}): Promise<PtyResult> {
  const answers = [...(options.answers ?? [])];
  let screen = "";
  let typedAt = 0;
  const decoder = new TextDecoder();
  const cmd = options.shell === undefined ? [K3DX_BINARY, ...args] : ["/bin/sh", "-c", options.shell, "sh", K3DX_BINARY, ...args];
  const proc = Bun.spawn(cmd, {
    cwd: options.cwd ?? box.root,
    env: { ...box.env, TERM: "xterm-256color", ...options.env },
    terminal: {
      cols: 120,
      rows: 40,
      data(terminal, data) {
        screen += decoder.decode(data, { stream: true });
        const next = answers[0];
        if (next && screen.indexOf(next.after, typedAt) >= 0) {
          answers.shift();
          typedAt = screen.length;
          terminal.write(next.type);
        }
      },
    },
  });
  const timer = setTimeout(() => proc.kill(), GIVE_UP_MS);
  const code = await proc.exited;
  clearTimeout(timer);
  // The last bytes may still be in the terminal's buffer when the process is gone.
  await Bun.sleep(50);
  proc.terminal?.close();
  return { code, screen };
}
