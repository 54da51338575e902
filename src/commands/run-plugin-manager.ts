/**
 * Runs `k3d plugin …`: help and --version, then the citty tree, with k3dx's error
 * conventions: one line and exit 1 for failures, exit 2 for bad usage.
 */
import { asksForHelp, globalFlagName, type CommandLine } from "../k3d/command-line.ts";
import type { DispatchContext } from "../context.ts";
import { K3dxError, reportError } from "../errors.ts";
import { colourWanted, withoutColour } from "../platform/colour.ts";
import { printable } from "../platform/printable.ts";
import { orList, similarNames } from "../platform/similar-names.ts";
import { WRAPPER_VERSION } from "../version.ts";
import { setCommandContext } from "./context.ts";
import { execWords } from "./exec-words.ts";
import { findUsageProblem } from "./strict-args.ts";

type Citty = typeof import("citty");
type Command = import("citty").CommandDef<any>;

export async function runPluginManager(args: string[], ctx: DispatchContext, line: CommandLine): Promise<number> {
  // `k3d plugin list | head -1`: the reader went away. Bun ignores SIGPIPE, so the write
  // fails instead; end quietly with the status a SIGPIPE would give, as k3d itself would.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(128 + 13);
  });
  setCommandContext({ ...ctx, line });
  // Help goes to stdout: coloured only on a terminal, or as NO_COLOR / FORCE_COLOR say.
  const colour = colourWanted(Boolean(process.stdout.isTTY), ctx.env);
  const citty = await loadCitty(colour);
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
    const usage = await citty.renderUsage(command, parent);
    // Whatever citty decided when it loaded, no colour reaches a pipe or a file.
    process.stdout.write((colour ? usage : withoutColour(usage)) + "\n");
    return 0;
  }
  // `k3d plugin` itself takes no flags beyond --help and --version.
  if (words[0]!.startsWith("-")) {
    return reportError(new K3dxError(`unknown flag ${words[0]}. Run 'k3d plugin --help' for usage.`, 2), line.trace);
  }
  const [command] = await resolveSubCommand(citty, pluginCommand, words.slice(0, 1));
  if (command === pluginCommand) return reportError(unknownVerb(words[0]!, await verbNames(pluginCommand)), line.trace);
  try {
    await citty.runCommand(pluginCommand, { rawArgs: [...words, ...plugins] });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof Error && error.name === "CLIError") {
      // citty refused the command line in its own words; say what is wrong in ours.
      const verb = (await resolve(command.meta))?.name ?? words[0]!;
      const defs = (await resolve(command.args)) ?? {};
      const problem = findUsageProblem([...words.slice(1), ...plugins], defs, { variadic: true }) ?? lowerFirst(withoutColour(error.message).replace(/\.$/, ""));
      return reportError(new K3dxError(`${problem}. Run 'k3d plugin ${verb} --help' for usage.`, 2), line.trace);
    }
    return reportError(error, line.trace);
  }
}

/**
 * citty decides once, when it is first loaded, whether to colour: not when NO_COLOR=1,
 * TERM=dumb, TEST or CI is set. It is loaded here and nowhere before (this file imports
 * nothing that imports it), with the environment set so that it decides what
 * `colourWanted` decided; the environment is put back at once (CI is read elsewhere).
 */
async function loadCitty(colour: boolean): Promise<Citty> {
  const keys = ["NO_COLOR", "TERM", "TEST", "CI"] as const;
  const saved = keys.map((key) => [key, process.env[key]] as const);
  if (colour) {
    for (const key of keys) if (key !== "TERM" || process.env.TERM === "dumb") delete process.env[key];
  } else {
    process.env.NO_COLOR = "1";
  }
  try {
    return await import("citty");
  } finally {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/** `k3d plugin frobnicate`: said as k3d says it of its own commands, with what was probably meant. */
function unknownVerb(typed: string, verbs: string[]): K3dxError {
  const close = similarNames(typed, verbs);
  const hint = close.length > 0 ? `; did you mean ${orList(close.slice(0, 3))}?` : ".";
  return new K3dxError(`unknown command "${printable(typed)}" for "k3d plugin"${hint} Run 'k3d plugin --help' for usage.`, 2);
}

/** Every verb and alias of the plugin manager. */
async function verbNames(command: Command): Promise<string[]> {
  const names: string[] = [];
  for (const [key, value] of Object.entries((await resolve(command.subCommands)) ?? {})) {
    const meta = await resolve((await resolve(value)).meta);
    names.push(key, ...(meta?.alias === undefined ? [] : ([] as string[]).concat(meta.alias)));
  }
  return names;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
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
async function resolveSubCommand(citty: Citty, command: Command, words: string[], parent?: Command): Promise<[Command, Command | undefined]> {
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

