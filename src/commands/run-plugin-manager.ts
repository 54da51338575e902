/**
 * Runs `k3d plugin …`: help and --version, then the citty tree, with k3dx's error
 * conventions: one line and exit 1 for failures, exit 2 for bad usage.
 */
import { asksForHelp, globalFlagName, type CommandLine } from "../k3d/command-line.ts";
import type { DispatchContext } from "../context.ts";
import { K3dxError, reportError } from "../errors.ts";
import { WRAPPER_VERSION } from "../version.ts";
import { setCommandContext } from "./context.ts";
import { execWords } from "./exec.ts";

export async function runPluginManager(args: string[], ctx: DispatchContext, line: CommandLine): Promise<number> {
  // citty colours its output unless NO_COLOR is set; only a terminal should get colour.
  // process.env is ours alone: ctx.env, what plugins and k3d get, is a separate copy.
  if (!process.stdout.isTTY) process.env.NO_COLOR = "1";
  // `k3d plugin list | head -1`: the reader went away. Bun ignores SIGPIPE, so the write
  // fails instead; end quietly with the status a SIGPIPE would give, as k3d itself would.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(128 + 13);
  });
  setCommandContext({ ...ctx, line });
  const citty = await import("citty");
  const { pluginCommand } = await import("./plugin-command.ts");
  // After `exec NAME` every word is the plugin's, --help and global flags included.
  const { own, plugins } = splitExecArgs(args);
  let words = own.filter((arg) => !isGlobalFlag(arg));
  // cobra users type `k3d plugin help [VERB]`.
  const helpVerb = words[0] === "help";
  if (helpVerb) words = words.slice(1);

  if (words.length === 1 && (words[0] === "--version" || words[0] === "-v")) {
    process.stdout.write(`k3dx version v${WRAPPER_VERSION}\n`);
    return 0;
  }
  if (helpVerb || words.length === 0 || asksForHelp(words)) {
    const [command, parent] = await resolveSubCommand(citty, pluginCommand, words);
    process.stdout.write((await citty.renderUsage(command, parent)) + "\n");
    return 0;
  }
  // `k3d plugin` itself takes no flags beyond --help and --version.
  if (words[0]!.startsWith("-")) {
    return reportError(new K3dxError(`unknown flag ${words[0]}. Run 'k3d plugin --help' for usage.`, 2), line.trace);
  }
  try {
    await citty.runCommand(pluginCommand, { rawArgs: [...words, ...plugins] });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof Error && error.name === "CLIError") {
      const message = stripAnsi(error.message).replace(/\.$/, "");
      const [command] = await resolveSubCommand(citty, pluginCommand, words);
      const verb = command === pluginCommand ? "" : `${(await resolve(command.meta))?.name ?? ""} `;
      return reportError(new K3dxError(`${message}. Run 'k3d plugin ${verb}--help' for usage.`, 2), line.trace);
    }
    return reportError(error, line.trace);
  }
}

/** `exec NAME ARGS…` → the manager's words up to NAME, and the plugin's words after it. */
export function splitExecArgs(args: string[]): { own: string[]; plugins: string[] } {
  const verb = args.find((arg) => !isGlobalFlag(arg));
  const words = verb === "exec" ? execWords(args, -1) : undefined;
  if (!words) return { own: args, plugins: [] };
  return { own: args.slice(0, args.length - words.rest.length), plugins: words.rest };
}

/** k3d's global flags (`--verbose`, `--trace=true`, …) may stand anywhere; the plugin commands do not take them as their own. */
function isGlobalFlag(arg: string): boolean {
  return globalFlagName(arg) !== undefined;
}

/** The deepest sub-command the words name, for its help page. */
async function resolveSubCommand(
  citty: typeof import("citty"),
  command: import("citty").CommandDef<any>,
  words: string[],
  parent?: import("citty").CommandDef<any>,
): Promise<[import("citty").CommandDef<any>, import("citty").CommandDef<any> | undefined]> {
  const subCommands = await resolve(command.subCommands);
  const name = words.find((word) => !word.startsWith("-"));
  if (!subCommands || !name) return [command, parent];
  for (const [key, value] of Object.entries(subCommands)) {
    const sub = await resolve(value);
    const meta = await resolve(sub.meta);
    const aliases = meta?.alias === undefined ? [] : ([] as string[]).concat(meta.alias);
    if (key === name || aliases.includes(name)) return resolveSubCommand(citty, sub, words.slice(words.indexOf(name) + 1), command);
  }
  return [command, parent];
}

async function resolve<T>(value: T | Promise<T> | (() => T) | (() => Promise<T>)): Promise<T> {
  return typeof value === "function" ? (value as () => T | Promise<T>)() : value;
}

function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;]*m/g, "");
}
