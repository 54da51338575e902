/**
 * citty accepts any flag and any number of words (node's parseArgs with strict: false),
 * so `install ./tool --sha265 …` would install without the checksum the user meant to
 * pin. Commands use `strictArgs()` as their citty `setup`: an unknown flag or a word too
 * many is bad usage (exit 2), said in one line.
 */
import type { ArgsDef, CommandContext } from "citty";
import { K3dxError } from "../errors.ts";

export interface StrictOptions {
  /** The last positional takes any number of words (`upgrade NAME…`). */
  variadic?: boolean;
}

export function strictArgs(options: StrictOptions = {}) {
  return (context: CommandContext<any>): void => {
    const defs = (context.cmd.args ?? {}) as ArgsDef;
    const name = (context.cmd.meta as { name?: string } | undefined)?.name ?? "";
    const problem = findUsageProblem(context.rawArgs, defs, options);
    if (problem) throw new K3dxError(`${problem}. Run 'k3d plugin ${name} --help' for usage.`, 2);
  };
}

/** Pure: the first thing wrong with `rawArgs` for these definitions, or undefined. */
export function findUsageProblem(rawArgs: string[], defs: ArgsDef, options: StrictOptions = {}): string | undefined {
  const flags = new Map<string, "boolean" | "value">();
  let positionals = 0;
  for (const [key, def] of Object.entries(defs)) {
    if (def.type === "positional") {
      positionals += 1;
      continue;
    }
    const kind = def.type === "boolean" ? "boolean" : "value";
    const alias = (def as { alias?: string | string[] }).alias;
    const aliases = alias === undefined ? [] : ([] as string[]).concat(alias);
    for (const flag of [key, ...aliases]) flags.set(flag, kind);
    if (kind === "boolean") flags.set(`no-${key}`, kind);
  }
  let words = 0;
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i]!;
    if (arg === "--") {
      words += rawArgs.length - i - 1;
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      words += 1;
      continue;
    }
    const long = arg.startsWith("--");
    const body = arg.slice(long ? 2 : 1);
    const flag = long ? body.split("=", 1)[0]! : body.slice(0, 1);
    const kind = flags.get(flag);
    if (!kind) return `unknown flag ${long ? `--${flag}` : `-${flag}`}`;
    const inlineValue = long ? body.includes("=") : body.length > 1;
    if (kind === "value" && !inlineValue) {
      if (i + 1 >= rawArgs.length) return `${arg} needs a value`;
      i += 1;
    }
  }
  if (words > positionals && !(options.variadic && positionals > 0)) {
    return positionals === 0 ? "this command takes no arguments" : `too many arguments (expected at most ${positionals})`;
  }
  return undefined;
}
