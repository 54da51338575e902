/**
 * Whether k3dx's own output may carry colour, the one rule for help, hook prefixes and
 * anything else that colours: only on a terminal, unless the user said otherwise.
 *
 *   FORCE_COLOR   set and not `0`/`false`: colour even into a pipe or file (a CI log that
 *                 renders it); `0` or `false`: never. It wins over NO_COLOR, as in Node.
 *   NO_COLOR      set and not empty: never (https://no-color.org).
 *   TERM=dumb     never: that terminal cannot show it.
 */
export type ColourEnv = Record<string, string | undefined>;

export function colourWanted(isTerminal: boolean, env: ColourEnv): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "") return force !== "0" && force.toLowerCase() !== "false";
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.TERM === "dumb") return false;
  return isTerminal;
}

/** Text without its colour and style codes (SGR: ESC [ … m). */
export function withoutColour(text: string): string {
  return text.replace(/\u001b\[[0-9;]*m/g, "");
}
