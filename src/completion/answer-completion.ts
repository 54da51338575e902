/**
 * Answering the completion questions route.ts gave to k3dx (see completion-request.ts).
 * Each answer is cobra's: candidates on stdout, `:<directive>` last, a note on stderr.
 * Returns undefined when real k3d should answer after all (a noun no plugin claims).
 */
import { locateRealK3d, realK3dOrEmpty } from "../k3d/find-real-k3d.ts";
import type { DispatchContext } from "../context.ts";
import { callableOf, findCallable, type Callable } from "../callable/find-callable.ts";
import { askK3d } from "../k3d/ask-k3d.ts";
import { appendToK3dOutput } from "../help/append-to-k3d-output.ts";
import { PLUGIN_MANAGER_SUMMARY, listPluginNouns } from "../help/plugin-nouns.ts";
import { commandNameOfFile } from "../platform/executable.ts";
import { baseName } from "../platform/paths.ts";
import { pluginsWithCommand, listInstalledPlugins } from "../plugins/installed-plugins.ts";
import { pathPluginFiles } from "../plugins/path-plugins.ts";
import type { InstalledPlugin } from "../plugins/types.ts";
import { askPlugin, type AskPluginOptions } from "./ask-plugin.ts";
import { pluginCompletionForBash } from "./bash-script.ts";
import {
  Directive,
  NO_COMPLETIONS,
  candidate,
  directiveNote,
  formatCompletionAnswer,
  parseCompletionAnswer,
  type CompletionAnswer,
} from "./cobra-protocol.ts";
import { COMPLETE_WITHOUT_DESCRIPTIONS, COMPLETE_WITH_DESCRIPTIONS, type CompletionRequest } from "./completion-request.ts";
import { nextNameWords, type PluginNames } from "./next-name-words.ts";
import { completePluginManager } from "./plugin-manager-completion.ts";
import { printErr, printOut } from "../platform/stdio.ts";
import { watchInterrupts } from "../process/interrupts.ts";

interface Asker {
  /** Real k3d's answer to `__complete ARGS…`; undefined when k3d is missing or does not answer. */
  k3d(args: string[]): Promise<CompletionAnswer | undefined>;
  plugin(callable: Callable, args: string[]): Promise<CompletionAnswer>;
}

/**
 * `args`: the whole command line, as dispatch received it. A signal while k3d or a plugin
 * is asked (Ctrl-C at the prompt, the shell giving up) ends the question with it, and
 * the command with 128 + its number, printing nothing.
 */
export async function answerCompletion(request: CompletionRequest, args: string[], ctx: DispatchContext): Promise<number | undefined> {
  if (request.kind === "bash-script") return appendToK3dOutput(locateRealK3d(ctx), args, ctx.env, pluginCompletionForBash);
  const interrupts = watchInterrupts();
  try {
    const answer = await answerQuestion(request, ctx, asker(ctx, request.descriptions, interrupts.abortSignal));
    if (interrupts.received) return interrupts.exitStatus();
    if (answer === undefined) return undefined;
    await printOut(formatCompletionAnswer(answer, request.descriptions));
    await printErr(directiveNote(answer.directive));
    return 0;
  } finally {
    interrupts.stop();
  }
}

async function answerQuestion(request: Exclude<CompletionRequest, { kind: "bash-script" }>, ctx: DispatchContext, ask: Asker): Promise<CompletionAnswer | undefined> {
  switch (request.kind) {
    case "first-word":
      return completeFirstWord(request.args, ctx, ask);
    case "plugin-manager":
      return completeManager(request.words, request.partial, ctx, ask);
    case "plugin":
      return completeInPlugin(request.words, request.partial, ctx, ask);
  }
}

/** k3d's own candidates for the first word, with `plugin` and every plugin noun among them. */
async function completeFirstWord(args: string[], ctx: DispatchContext, ask: Asker): Promise<CompletionAnswer> {
  // k3d runs while the store and PATH are read.
  const asked = ask.k3d(args);
  const nouns = listPluginNouns({ home: ctx.settings.home, pathValue: ctx.env.PATH, selfPath: ctx.selfPath });
  const fromK3d = (await asked) ?? NO_COMPLETIONS;
  const partial = args.at(-1) ?? "";
  const offered = new Set(fromK3d.candidates.map(valueOf));
  const ours = [candidate("plugin", PLUGIN_MANAGER_SUMMARY), ...nouns.map((noun) => candidate(noun.noun, noun.description))];
  const candidates = [...fromK3d.candidates, ...ours.filter((line) => valueOf(line).startsWith(partial) && !offered.has(valueOf(line)))];
  // cobra sorts command names; an answer that asked for its own order keeps it.
  if ((fromK3d.directive & Directive.KeepOrder) === 0) candidates.sort(byValue);
  return { candidates, directive: fromK3d.directive };
}

async function completeManager(words: string[], partial: string, ctx: DispatchContext, ask: Asker): Promise<CompletionAnswer> {
  const result = completePluginManager({ words, partial, installed: listInstalledPlugins(ctx.settings.home) });
  if (!("kind" in result)) return result;
  if (result.kind === "clusters") return clusterNames(await ask.k3d(["cluster", "list", result.partial]));
  const { plugin, args } = result;
  if (!plugin.executable) return NO_COMPLETIONS;
  return ask.plugin(callableOf(plugin), args);
}

/**
 * k3d's cluster names come with directive Default (its ValidArgsAvailableClusters), which
 * lets the shell offer file names too; no file name is a cluster.
 */
function clusterNames(fromK3d: CompletionAnswer | undefined): CompletionAnswer {
  return fromK3d ? { ...fromK3d, directive: fromK3d.directive | Directive.NoFileComp } : NO_COMPLETIONS;
}

/**
 * After a plugin noun: what the plugin the words name answers, and the next word of any
 * longer plugin name they begin (cobra's order: subcommand names first). Undefined when
 * neither exists: then the words are real k3d's.
 */
async function completeInPlugin(words: string[], partial: string, ctx: DispatchContext, ask: Asker): Promise<CompletionAnswer | undefined> {
  const installed = listInstalledPlugins(ctx.settings.home);
  const callable = findPlugin(words, installed, ctx);
  // The plugin runs while PATH is read.
  const asked = callable ? ask.plugin(callable, [...words.slice(callable.wordCount), partial]) : NO_COMPLETIONS;
  const next = partial.startsWith("-") ? [] : nextNameWords(words, partial, pluginNames(installed, callable, ctx));
  if (callable === undefined && next.length === 0) return undefined;
  const fromPlugin = await asked;
  const named = new Set(next);
  return { candidates: [...next, ...fromPlugin.candidates.filter((line) => !named.has(valueOf(line)))], directive: fromPlugin.directive };
}

/**
 * The plugin named by the finished words, as dispatch would run it; null for an installed
 * plugin that cannot be run (its answer is "nothing"); undefined when there is none.
 */
function findPlugin(words: string[], installed: InstalledPlugin[], ctx: DispatchContext): Callable | null | undefined {
  try {
    return findCallable(words, { installed, pathValue: ctx.env.PATH, selfPath: ctx.selfPath });
  } catch {
    return null;
  }
}

/**
 * The names a longer plugin name may be. Where an installed plugin answers the words typed
 * so far, dispatch never reaches a PATH plugin with more of them (installed plugins come
 * first), so PATH is not read.
 */
function pluginNames(installed: InstalledPlugin[], callable: Callable | null | undefined, ctx: DispatchContext): PluginNames {
  const commands = pluginsWithCommand(installed).map((plugin) => plugin.metadata.command);
  if (callable === null || callable?.origin === "installed") return { commands, pathFiles: [] };
  const pathFiles = pathPluginFiles(ctx.env.PATH, ctx.selfPath).map((file) => commandNameOfFile(baseName(file.path)));
  return { commands, pathFiles };
}

/** Real k3d is looked up once, and only if someone is asked. */
function asker(ctx: DispatchContext, descriptions: boolean, abort: AbortSignal): Asker {
  let k3d: string | undefined;
  const realK3d = () => (k3d ??= realK3dOrEmpty(ctx));
  return {
    async k3d(args) {
      if (realK3d() === "") return undefined;
      const entry = descriptions ? COMPLETE_WITH_DESCRIPTIONS : COMPLETE_WITHOUT_DESCRIPTIONS;
      const answer = await askK3d(realK3d(), [entry, ...args], ctx.env, abort);
      return answer.status === 0 ? parseCompletionAnswer(answer.stdout) : undefined;
    },
    plugin(callable, args) {
      const options: AskPluginOptions = { env: ctx.env, k3dBinary: realK3d(), wrapperPath: ctx.selfPath, depth: ctx.settings.depth, abort };
      return askPlugin(callable, args, options);
    },
  };
}

function valueOf(line: string): string {
  return line.split("\t", 1)[0]!;
}

function byValue(a: string, b: string): number {
  const [x, y] = [valueOf(a), valueOf(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}
