/**
 * Which completion questions k3dx answers itself, decided from the words alone (route.ts
 * imports this, so it stays pure and tiny). Everything else — a k3d noun, a flag — is
 * real k3d's to answer, byte for byte.
 *
 *   k3d __complete ""                  the first word: k3d's nouns, `plugin`, plugin nouns
 *   k3d __complete plugin info ""      k3dx's own plugin manager
 *   k3d __complete mirror st           a plugin noun: the plugin is asked
 *   k3d completion bash                k3d's bash script, plus plugin-aware completion
 */
import { BUILTIN_NOUNS, PLUGIN_MANAGER_NOUNS } from "../k3d/builtin-nouns.ts";
import { globalFlagName, type CommandLine } from "../k3d/command-line.ts";

export type CompletionRequest =
  /** `args` is what followed `__complete` (global flags, then the partial first word). */
  | { kind: "first-word"; args: string[]; descriptions: boolean }
  /** `words`: the finished words after `plugin`; `partial`: the word being completed. */
  | { kind: "plugin-manager"; words: string[]; partial: string; descriptions: boolean }
  /** `words`: the finished words from the noun on. */
  | { kind: "plugin"; words: string[]; partial: string; descriptions: boolean }
  | { kind: "bash-script" };

export const COMPLETE_WITH_DESCRIPTIONS = "__complete";
export const COMPLETE_WITHOUT_DESCRIPTIONS = "__completeNoDesc";

export function readCompletionRequest(line: CommandLine): CompletionRequest | undefined {
  const after = line.args.slice(line.nounIndex + 1);
  if (line.noun === "completion") return isOnly(after, "bash") ? { kind: "bash-script" } : undefined;
  if (line.noun !== COMPLETE_WITH_DESCRIPTIONS && line.noun !== COMPLETE_WITHOUT_DESCRIPTIONS) return undefined;
  const descriptions = line.noun === COMPLETE_WITH_DESCRIPTIONS;
  // cobra's scripts always send the word being completed, even when it is "".
  const partial = after.at(-1);
  if (partial === undefined) return undefined;
  const finished = after.slice(0, -1);
  let nounAt = 0;
  while (nounAt < finished.length && globalFlagName(finished[nounAt]!)) nounAt++;
  const noun = finished[nounAt];
  if (noun === undefined) return partial.startsWith("-") ? undefined : { kind: "first-word", args: after, descriptions };
  if (PLUGIN_MANAGER_NOUNS.has(noun)) return { kind: "plugin-manager", words: finished.slice(nounAt + 1), partial, descriptions };
  if (noun.startsWith("-") || BUILTIN_NOUNS.has(noun)) return undefined;
  return { kind: "plugin", words: finished.slice(nounAt), partial, descriptions };
}

/** `words` hold `wanted` and nothing else but k3d's global flags. */
function isOnly(words: string[], wanted: string): boolean {
  const rest = words.filter((word) => !globalFlagName(word));
  return rest.length === 1 && rest[0] === wanted;
}
