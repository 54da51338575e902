/**
 * `k3d plugin exec NAME ARGS…`: the plugin's words, read from the command line as typed.
 * Apart from exec.ts so that the runner can split them off without loading citty.
 */
import { globalFlagName } from "../k3d/command-line.ts";

/**
 * `k3d [globals] plugin [globals] exec [globals] NAME ARGS…` → NAME and ARGS exactly as
 * typed. Pure; undefined when no name follows `exec`.
 */
export function execWords(args: string[], nounIndex: number): { name: string; rest: string[] } | undefined {
  let i = nounIndex + 1;
  const skipGlobals = () => {
    while (i < args.length && globalFlagName(args[i]!)) i++;
  };
  skipGlobals();
  i++; // the verb: exec
  skipGlobals();
  const name = args[i];
  if (name === undefined || name.startsWith("-")) return undefined;
  return { name, rest: args.slice(i + 1) };
}
