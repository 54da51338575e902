/**
 * citty accepts any flag and any number of words (node's parseArgs with strict: false),
 * so `install ./tool --sha265 …` would install without the checksum the user meant to
 * pin. Commands use `strictArgs()` as their citty `setup`: an unknown flag or a word too
 * many is bad usage (exit 2), said in one line. What citty refuses itself (a missing
 * positional, an enum value it does not know) is said in the same words: the runner
 * asks `findUsageProblem` about the command line citty refused (run-plugin-manager.ts).
 */
import type { ArgsDef, CommandContext } from "citty";
import { K3dxError } from "../errors.ts";
import { quoted } from "../platform/printable.ts";

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
  const values = new Map<string, string>();
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
      values.set(flag, rawArgs[i]!);
    } else if (kind === "value") {
      values.set(flag, long ? body.slice(flag.length + 1) : body.slice(1));
    }
  }
  const choice = invalidChoice(defs, values);
  if (choice) return choice;
  if (words > positionals && !(options.variadic && positionals > 0)) {
    return positionals === 0 ? "this command takes no arguments" : `too many arguments (expected at most ${positionals})`;
  }
  const missing = Object.entries(defs).filter(([, def]) => def.type === "positional" && def.required !== false && def.default === undefined)[words];
  if (missing) {
    const [key, def] = missing;
    // "The plugin's name" reads as "missing NAME: the plugin's name"; "OWNER/REPO" stays as it is.
    const what = def.description ? `: ${def.description.replace(/^[A-Z](?=[a-z])/, (first) => first.toLowerCase())}` : "";
    return `missing ${((def as { valueHint?: string }).valueHint ?? key).toUpperCase()}${what}`;
  }
  return undefined;
}

/** `--output xml` for an enum of table, json and yaml; the flag as the user wrote it (or its alias). */
function invalidChoice(defs: ArgsDef, values: Map<string, string>): string | undefined {
  for (const [key, def] of Object.entries(defs)) {
    if (def.type !== "enum" || !def.options) continue;
    const alias = (def as { alias?: string | string[] }).alias;
    for (const flag of [key, ...(alias === undefined ? [] : ([] as string[]).concat(alias))]) {
      const value = values.get(flag);
      if (value !== undefined && !def.options.includes(value)) {
        return `${flag.length === 1 ? "-" : "--"}${flag} ${quoted(value)} is not one of ${def.options.join(", ")}`;
      }
    }
  }
  return undefined;
}
