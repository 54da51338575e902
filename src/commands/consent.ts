/**
 * Consent (SPEC §9): a plugin with hooks runs code on every `k3d cluster create` (or
 * delete, start…) without being called. Before such a plugin is placed — by `install`,
 * or by `upgrade` when the new version's hooks differ from the installed one's — k3dx
 * shows what it will run by itself (each event, its time limit, what a failure does)
 * and, when there is a terminal to ask on, asks. `--yes` skips the question; with no
 * terminal there is no one to ask, and the same text is printed, so a CI log shows what
 * was accepted.
 *
 * The question comes after the download and its verification, so what is shown is what
 * would run. consola draws it; it costs ~8 ms to load with its prompt (`npm run bench --
 * dependencies`), so it is imported here only, and only when there is a question to ask.
 */
import { printErrorLine } from "../errors.ts";
import { describeHookRun, effectiveSettings } from "../hooks/hook-settings.ts";
import { CancelledError, type StagedInstall } from "../install/install-plugin.ts";
import { printable } from "../platform/printable.ts";
import { interruptSignal } from "../process/interrupts.ts";
import { readInstalledPlugin } from "../plugins/installed-plugins.ts";
import type { HookSpec, InstalledPlugin } from "../plugins/types.ts";
import { titleOf, versionOf } from "./describe-plugin.ts";

export interface ConsentOptions {
  /** `--yes`. */
  yes: boolean;
  /** A terminal to ask on: stdin to read the answer, stderr to draw the question (see `hasTerminalToAsk`). */
  interactive: boolean;
  /** K3DX_HOOK_TIMEOUT, or 300: the limit of a hook whose metadata sets none. */
  defaultTimeoutSeconds: number;
  /** What is asked: `Install mirror …?` (the default) or `Upgrade mirror to 1.1.0 …?`. */
  verb?: "install" | "upgrade";
}

/**
 * Whether there is someone to ask: the answer is read from stdin and the question drawn
 * on stderr, so `k3d plugin install X | tee log` at a terminal still asks (stdout, the
 * pipe, only gets the results). Without a terminal on both, nothing is asked.
 */
export function hasTerminalToAsk(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

/** The question for `installPlugin` / `installSet`: true places the plugin. */
export function consentAsker(options: ConsentOptions): (staged: StagedInstall) => Promise<boolean> {
  return async (staged) => {
    const { plugin } = staged;
    if (plugin.metadata.hooks.length === 0) return true;
    const installed = readInstalledPlugin(plugin.dir);
    if (installed && alreadyAccepted(plugin, installed)) return true;
    const replaced = installed && sameOrigin(plugin, installed) ? installed : undefined;
    printErrorLine(consentText(plugin, options.defaultTimeoutSeconds, replaced).join("\n"));
    if (options.yes || !options.interactive) return true;
    const verb = options.verb ?? "install";
    return ask(question(plugin, verb), verb);
  };
}

function question(plugin: InstalledPlugin, verb: "install" | "upgrade"): string {
  const name = printable(plugin.metadata.name);
  const version = versionOf(plugin);
  const what = verb === "upgrade" ? `Upgrade ${name}${version === undefined ? "" : ` to ${printable(version)}`}` : `Install ${name}`;
  return `${what} and let it run on these events?`;
}

/**
 * What is in that folder now was accepted when it was placed: the very same bytes, or
 * the same plugin (its repository, or the same path or URL) running the very same hooks
 * — the same events, time limits and onError. An upgrade that keeps its hooks asks nothing.
 */
function alreadyAccepted(plugin: InstalledPlugin, installed: InstalledPlugin): boolean {
  if (installed.receipt?.sha256 === plugin.receipt?.sha256 && installed.receipt?.source === plugin.receipt?.source) return true;
  return sameOrigin(plugin, installed) && hooksKey(installed.metadata.hooks) === hooksKey(plugin.metadata.hooks);
}

/**
 * The same plugin, another version: a GitHub plugin's folder is its repository's (an
 * upgrade, or a re-pin, changes the receipt's `@TAG`); a path or URL plugin must come from
 * the same place. And the name stays, as its hook links are named after it.
 */
function sameOrigin(plugin: InstalledPlugin, installed: InstalledPlugin): boolean {
  const [now, before] = [plugin.receipt, installed.receipt];
  if (!now || !before || plugin.metadata.name !== installed.metadata.name) return false;
  return now.source === before.source || (now.kind === "github" && before.kind === "github");
}

/** The hooks as they would run, in a comparable form; the default timeout is the same on both sides. */
function hooksKey(hooks: HookSpec[]): string {
  return hooks
    .map((hook) => {
      const settings = effectiveSettings(hook.event, hook, 0);
      return `${hook.event} ${hook.timeout === undefined ? "default" : settings.timeoutSeconds} ${settings.onError}`;
    })
    .sort()
    .join("\n");
}

/**
 * What the plugin will run by itself, a line per hook (pure). `replaced`: the version it
 * replaces, whose hooks were accepted then; the events that are new or changed since are named.
 */
export function consentText(plugin: InstalledPlugin, defaultTimeoutSeconds: number, replaced?: InstalledPlugin): string[] {
  const source = plugin.receipt?.source ?? plugin.dir;
  const events = plugin.metadata.hooks.map((hook) => hook.event);
  const width = Math.max(...events.map((event) => event.length));
  const lines = [
    `${printable(titleOf(plugin))} (from ${printable(source)}) will run by itself, without being called:`,
    ...plugin.metadata.hooks.map((hook) => `  ${hook.event.padEnd(width)}  ${describeHookRun(hook.event, hook, defaultTimeoutSeconds)}`),
  ];
  if (replaced) {
    const before = new Set(replaced.metadata.hooks.map((hook) => hooksKey([hook])));
    const changed = plugin.metadata.hooks.filter((hook) => !before.has(hooksKey([hook]))).map((hook) => hook.event);
    if (changed.length > 0) lines.push(`  new or changed since ${printable(titleOf(replaced))}: ${changed.join(", ")}`);
  }
  return lines;
}

/** Where a terminal reports no width (`docker run -t` often does at first), consola would wrap after every character. */
const FALLBACK_COLUMNS = 80;
const FALLBACK_ROWS = 24;

async function ask(text: string, verb: "install" | "upgrade"): Promise<boolean> {
  const gone = terminalGone();
  let answer: unknown;
  try {
    answer = await drawnOnStderr(async () => {
      const { consola } = await import("consola");
      return Promise.race([consola.prompt(text, { type: "confirm", initial: false, cancel: "symbol" }), gone.happened]);
    });
  } finally {
    gone.stop();
  }
  if (answer === TERMINAL_GONE) letTerminalGo();
  if (typeof answer === "symbol") throw new CancelledError(verb === "upgrade" ? "upgraded" : "installed");
  return answer === true;
}

const TERMINAL_GONE = Symbol("terminal gone");

/**
 * The question ends without an answer when no one is left to give one: the terminal hung
 * up (SIGHUP, or reading it fails or ends), or k3dx got a signal (`timeout`, systemd).
 * The prompt would otherwise wait on a dead terminal — spinning on its read errors.
 */
function terminalGone(): { happened: Promise<symbol>; stop(): void } {
  let done!: (value: symbol) => void;
  const happened = new Promise<symbol>((resolve) => (done = resolve));
  const end = () => done(TERMINAL_GONE);
  const stdin = process.stdin;
  const abort = interruptSignal();
  abort?.addEventListener("abort", end, { once: true });
  for (const event of ["end", "close", "error"] as const) stdin.once(event, end);
  const signals = ["SIGHUP", "SIGTERM"] as const;
  for (const signal of signals) process.once(signal, end);
  return {
    happened,
    stop() {
      abort?.removeEventListener("abort", end);
      for (const event of ["end", "close", "error"] as const) stdin.off(event, end);
      for (const signal of signals) process.off(signal, end);
    },
  };
}

/** A terminal that is gone is let go of: raw mode off (where it still can be) and no more reads. */
function letTerminalGo(): void {
  try {
    process.stdin.setRawMode?.(false);
  } catch {
    // Nothing left to set it on.
  }
  process.stdin.destroy();
}

/**
 * consola's prompt draws on `process.stdout` and wraps at its `columns`, with no option
 * to choose the stream. The question belongs on stderr — stdout may be a pipe (`| tee
 * log`) that must get results only — so `process.stdout` is stderr while it is asked, and
 * a terminal reporting 0 columns is taken as 80 wide.
 */
async function drawnOnStderr<T>(draw: () => Promise<T>): Promise<T> {
  const stderr = process.stderr;
  if (!stderr.columns) stderr.columns = FALLBACK_COLUMNS;
  if (!stderr.rows) stderr.rows = FALLBACK_ROWS;
  const stdout = Object.getOwnPropertyDescriptor(process, "stdout");
  Object.defineProperty(process, "stdout", { configurable: true, enumerable: stdout?.enumerable ?? true, writable: true, value: stderr });
  try {
    return await draw();
  } finally {
    if (stdout) Object.defineProperty(process, "stdout", stdout);
    else delete (process as { stdout?: unknown }).stdout;
  }
}
