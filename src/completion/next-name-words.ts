/**
 * A plugin name is several words on the command line (`k3d foo bar` runs `foo-bar`, SPEC
 * §3), so `k3d foo <Tab>` should offer `bar` when a longer plugin name goes on from the
 * words typed so far — as kubectl does for its plugins. The words offered are those with
 * which dispatch (find-callable.ts) would reach that plugin — within the length of a
 * name, so `__complete` after 50 000 words answers as fast as after five.
 */
import { nameWordCount } from "../callable/find-callable.ts";
import { pathFileNames } from "../plugins/path-plugins.ts";

export interface PluginNames {
  /** Installed plugins' commands: `foo-bar` is reached by the words `foo bar`. */
  commands: string[];
  /**
   * PATH plugins' file names without any Windows extension (`k3d-foo-bar`, `k3d-my_tool-x`),
   * reached as pathFileNames spells words.
   */
  pathFiles: string[];
}

/** The words that may follow `words` on the way to a longer plugin name, starting with `partial`; sorted. */
export function nextNameWords(words: string[], partial: string, names: PluginNames): string[] {
  // Past a flag (or anything else that cannot be in a name) the name has ended.
  if (words.length === 0 || !allNameWords(words)) return [];
  const found = new Set<string>();
  const typed = words.join("-");
  for (const command of names.commands) {
    if (command.startsWith(`${typed}-`)) found.add(firstPart(command.slice(typed.length + 1)));
  }
  for (const file of names.pathFiles) {
    const word = nextWordToFile(words, file);
    if (word !== undefined) found.add(word);
  }
  return [...found].filter((word) => word.startsWith(partial) && allNameWords([...words, word])).sort();
}

/**
 * A `-` inside a word may stand as `_` in a PATH file's name, so `k3d-foo-my_tool` goes on
 * from `foo` with `my-tool` (how k3dx shows such names) or, as written, `my_tool`.
 */
function nextWordToFile(words: string[], file: string): string | undefined {
  for (const spelled of pathFileNames(words)) {
    if (!file.startsWith(`${spelled}-`)) continue;
    const part = firstPart(file.slice(spelled.length + 1));
    const word = [part.replaceAll("_", "-"), part].find((next) => leadsTo([...words, next], file));
    if (word !== undefined) return word;
  }
  return undefined;
}

function leadsTo(words: string[], file: string): boolean {
  return pathFileNames(words).some((spelled) => file === spelled || file.startsWith(`${spelled}-`));
}

/** Dispatch builds a name from all of these words (it stops at the first that cannot be in one, or past the longest name). */
function allNameWords(words: string[]): boolean {
  return nameWordCount(words) === words.length;
}

function firstPart(rest: string): string {
  return rest.split("-", 1)[0]!;
}
