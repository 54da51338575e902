/**
 * Reads a k3d command line the way k3d's root command does: leading global flags,
 * then the noun. Pure: argv in, a plain description out.
 */

/** k3d's root persistent flags. All booleans, so they never consume the next word. */
const GLOBAL_FLAGS = ["--verbose", "--trace", "--timestamps"] as const;

export interface CommandLine {
  /** The argv after the program name, untouched. */
  args: string[];
  /** Global flags that stood before the noun, as written. */
  leadingGlobals: string[];
  /** Index of the noun in `args`, or -1 when there is none (or the first word is a flag). */
  nounIndex: number;
  /** The first word that is not a leading global flag; undefined when none or a flag. */
  noun: string | undefined;
  /** `--verbose` anywhere: k3dx also says what it runs (never removed from what is handed on). */
  verbose: boolean;
  /** `--trace` anywhere: k3dx prints stack traces too. */
  trace: boolean;
}

/** `--verbose`, `--verbose=true` → the flag name; anything else → undefined. */
export function globalFlagName(word: string): string | undefined {
  const name = word.split("=", 1)[0]!;
  return (GLOBAL_FLAGS as readonly string[]).includes(name) ? name : undefined;
}

function flagIsOn(args: string[], flag: string): boolean {
  let on = false;
  for (const word of args) {
    if (word === "--") break;
    if (word === flag) on = true;
    else if (word.startsWith(flag + "=")) on = word.slice(flag.length + 1) !== "false";
  }
  return on;
}

export function readCommandLine(args: string[]): CommandLine {
  let i = 0;
  while (i < args.length && globalFlagName(args[i]!)) i++;
  const first = args[i];
  const hasNoun = first !== undefined && !first.startsWith("-");
  return {
    args,
    leadingGlobals: args.slice(0, i),
    nounIndex: hasNoun ? i : -1,
    noun: hasNoun ? first : undefined,
    verbose: flagIsOn(args, "--verbose"),
    trace: flagIsOn(args, "--trace"),
  };
}

/**
 * The words after the noun that come before the first flag: what names a plugin
 * (`k3d foo bar --x y` → ["bar"]). A lone `-` is a value, not a flag.
 */
export function wordsBeforeFirstFlag(args: string[], from: number): string[] {
  const words: string[] = [];
  for (let i = from; i < args.length; i++) {
    const word = args[i]!;
    if (word.startsWith("-") && word !== "-") break;
    words.push(word);
  }
  return words;
}

/** `--help` or `-h` anywhere before `--`: cobra answers with help and runs nothing. */
export function asksForHelp(args: string[]): boolean {
  for (const word of args) {
    if (word === "--") return false;
    if (word === "--help" || word === "-h" || word.startsWith("--help=")) return true;
  }
  return false;
}
