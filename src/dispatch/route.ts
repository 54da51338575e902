/**
 * Where a command line goes (SPEC §2), decided from the words alone: no file is read
 * here, so the rules can be tested as a table.
 */
import { BUILTIN_NOUNS, PLUGIN_MANAGER_NOUNS } from "../k3d/builtin-nouns.ts";
import { asksForHelp, globalFlagName, wordsBeforeFirstFlag, type CommandLine } from "../k3d/command-line.ts";
import { readCompletionRequest, type CompletionRequest } from "../completion/completion-request.ts";

/** `cluster` verbs that fire hooks, with k3d's aliases, mapped to the event's verb. */
export const LIFECYCLE_VERBS: Readonly<Record<string, "create" | "delete" | "start" | "stop" | "restart">> = {
  create: "create",
  delete: "delete",
  del: "delete",
  rm: "delete",
  start: "start",
  stop: "stop",
  restart: "restart",
};

export type Route =
  /** Hand the command line to real k3d unchanged. */
  | { kind: "k3d" }
  /** `k3d plugin …`: k3dx's own commands; `args` are the words after the noun. */
  | { kind: "plugin-manager"; args: string[] }
  /** `k3d cluster create|delete|…`: hooks fire around real k3d. */
  | { kind: "lifecycle"; verb: (typeof LIFECYCLE_VERBS)[string]; verbIndex: number }
  /** Not a k3d noun: look for a plugin named by `words`. */
  | { kind: "plugin"; words: string[] }
  /** `k3d --help`, `k3d -h`, `k3d help`: k3d's help, then a Plugins section (src/help/). */
  | { kind: "root-help" }
  /** cobra's `__complete` where plugins have a part in the answer, or `completion bash` (src/completion/). */
  | { kind: "completion"; request: CompletionRequest };

export function routeCommandLine(line: CommandLine, noPlugins: boolean): Route {
  if (noPlugins) return { kind: "k3d" };
  if (asksForRootHelp(line)) return { kind: "root-help" };
  if (line.noun === undefined) return { kind: "k3d" };
  if (PLUGIN_MANAGER_NOUNS.has(line.noun)) return { kind: "plugin-manager", args: line.args.slice(line.nounIndex + 1) };
  if (BUILTIN_NOUNS.has(line.noun)) return completionRoute(line) ?? lifecycleRoute(line) ?? { kind: "k3d" };
  return { kind: "plugin", words: wordsBeforeFirstFlag(line.args, line.nounIndex) };
}

/** `cluster <verb>`, the verb being the first word after the noun that is not a flag. */
function lifecycleRoute(line: CommandLine): Route | undefined {
  if (line.noun !== "cluster" || asksForHelp(line.args)) return undefined;
  const verbIndex = line.args.findIndex((word, i) => i > line.nounIndex && !word.startsWith("-"));
  const verb = verbIndex < 0 ? undefined : LIFECYCLE_VERBS[line.args[verbIndex]!];
  return verb ? { kind: "lifecycle", verb, verbIndex } : undefined;
}

/** Nothing but `--help`, `-h` or `help` (and global flags): k3d's root help. */
function asksForRootHelp(line: CommandLine): boolean {
  const words = line.args.filter((word) => !globalFlagName(word));
  return words.length === 1 && (words[0] === "--help" || words[0] === "-h" || words[0] === "help");
}

function completionRoute(line: CommandLine): Route | undefined {
  const request = readCompletionRequest(line);
  return request && { kind: "completion", request };
}
