/**
 * Completing `k3d plugin …` (SPEC §5, §8) from a table, without loading the citty commands
 * (Tab must stay fast): verbs, their flags, installed plugin names for the verbs that take
 * one, event names for `hooks` and `trigger`. `plugin exec NAME …` hands the rest to the
 * plugin itself, and `trigger EVENT <Tab>` asks real k3d for its cluster names.
 */
import { LIFECYCLE_EVENTS, type InstalledPlugin } from "../plugins/types.ts";
import { Directive, NO_COMPLETIONS, candidate, type CompletionAnswer } from "./cobra-protocol.ts";

/** What a verb's positional arguments are. */
type Operands =
  /** paths, OWNER/REPOs or URLs, any number: the shell may offer file names */
  | "sources"
  /** one path, OWNER/REPO or URL: the shell may offer file names */
  | "source"
  /** one installed plugin name */
  | "plugin"
  /** installed plugin names, each once */
  | "plugins"
  /** one installed plugin name, then that plugin's own arguments */
  | "plugin-and-its-arguments"
  /** one event name */
  | "event"
  /** an event name, then a cluster name */
  | "event-and-cluster"
  | "none";

interface FlagSpec {
  long: string;
  short?: string;
  description: string;
  /** The flag takes a value; these are offered for it ([] when any value goes). */
  values?: string[];
  /** The value is a comma-separated list of `values`: each item is completed in turn. */
  list?: boolean;
  /** A switch with a `--no-LONG` form that means something (citty's negativeDescription): its description. */
  negated?: string;
}

interface VerbSpec {
  description: string;
  aliases?: string[];
  flags: FlagSpec[];
  operands: Operands;
}

const HELP_FLAG: FlagSpec = { long: "help", short: "h", description: "Show help" };

/**
 * The verbs of SPEC §5, as src/commands/ defines them (names, aliases, flags and
 * descriptions); test/completion/plugin-manager-completion.test.ts keeps the two in step.
 */
export const PLUGIN_VERBS: Readonly<Record<string, VerbSpec>> = {
  install: {
    description: "Install plugins from GitHub releases (OWNER/REPO[@TAG]), https:// URLs or local paths; with no source, those of k3d-plugins.yaml",
    flags: [
      { long: "force", description: "Replace an installed plugin of the same name (or reinstall this one)" },
      { long: "sha256", description: "The SHA-256 the download must have (hex; one SOURCE only)", values: [] },
      { long: "name", description: "Install under this name instead of the plugin's own (one SOURCE only)", values: [] },
      {
        long: "locked",
        description: "Install exactly what k3d-plugins.lock says, or nothing (the default when CI=true and a lock exists)",
        negated: "Install k3d-plugins.yaml and bring the lock to it, even when CI=true",
      },
      { long: "yes", short: "y", description: "Do not ask before installing a plugin with hooks" },
    ],
    operands: "sources",
  },
  lock: {
    description: "Write k3d-plugins.lock: each plugin of k3d-plugins.yaml resolved for every platform, with its SHA-256",
    flags: [],
    operands: "none",
  },
  list: {
    description: "List plugins (installed, and k3d-* on PATH): name, version, source, command, hooks",
    aliases: ["ls"],
    flags: [{ long: "output", short: "o", description: "Output format", values: ["table", "json", "yaml"] }],
    operands: "none",
  },
  info: {
    description: "Show an installed plugin's metadata and receipt",
    flags: [{ long: "output", short: "o", description: "Output format", values: ["text", "json", "yaml"] }],
    operands: "plugin",
  },
  remove: { description: "Remove an installed plugin and its hook links", aliases: ["uninstall", "rm"], flags: [], operands: "plugin" },
  upgrade: {
    description: "Upgrade plugins to their latest release (pinned @TAG plugins only with --force)",
    flags: [
      { long: "all", description: "Upgrade every installed plugin" },
      { long: "force", description: "Also upgrade pinned plugins, and reinstall path and URL plugins from their source" },
      { long: "yes", short: "y", description: "Do not ask before an upgrade that adds or changes hooks" },
    ],
    operands: "plugins",
  },
  hooks: {
    description: "List the hooks registered for each lifecycle event (name, target, timeout, onError)",
    flags: [],
    operands: "event",
  },
  trigger: {
    description: "Fire a lifecycle event's hooks by hand, with the context a real command gives",
    flags: [
      { long: "reason", description: "undo-cluster-create: K3D_UNDO_REASON (default hook-failed)", values: ["k3d-failed", "hook-failed", "interrupted"] },
      { long: "dry-run", description: "cluster-gc: K3D_DRY_RUN=1, hooks only say what they would remove" },
    ],
    operands: "event-and-cluster",
  },
  gc: {
    description: "Fire cluster-gc: hooks remove what clusters that no longer exist left behind",
    flags: [{ long: "dry-run", description: "Hooks only say what they would remove (K3D_DRY_RUN=1)" }],
    operands: "none",
  },
  exec: {
    description: "Run an installed plugin by name, even when another plugin answers its command",
    flags: [],
    operands: "plugin-and-its-arguments",
  },
  doctor: {
    description: "Check real k3d, the wrapper on PATH, PATH plugins, installed plugins and hook links",
    flags: [],
    operands: "none",
  },
  check: {
    description: "Show what install would do with a source on every release platform, without installing it",
    flags: [{ long: "output", short: "o", description: "Output format", values: ["text", "json"] }],
    operands: "source",
  },
  search: {
    description: "Find plugins: GitHub repositories with the topic k3d-plugin, their latest release, and which are installed",
    flags: [
      { long: "limit", description: "How many repositories to show (default 20, at most 100)", values: [] },
      { long: "output", short: "o", description: "Output format", values: ["table", "json"] },
    ],
    operands: "none",
  },
  new: {
    description: "Create k3d-NAME/: a plugin with plugin.yaml, a test script and a release workflow",
    flags: [
      { long: "template", description: "sh: a POSIX shell script; bun: TypeScript compiled with Bun for every platform", values: ["sh", "bun"] },
      { long: "hooks", description: "Lifecycle events to hook, comma-separated (pre-cluster-create,post-cluster-delete)", values: [...LIFECYCLE_EVENTS], list: true },
    ],
    operands: "none",
  },
};

const MANAGER_FLAGS: FlagSpec[] = [HELP_FLAG, { long: "version", short: "v", description: "Show the k3dx version" }];

/** What the caller must ask someone else about: a plugin's own arguments, or k3d's clusters. */
export type Delegation =
  | { kind: "plugin"; plugin: InstalledPlugin; args: string[] }
  | { kind: "clusters"; partial: string };

export interface ManagerCompletionInput {
  /** The finished words after `plugin`. */
  words: string[];
  partial: string;
  installed: InstalledPlugin[];
}

/** The answer, or whom to ask for it. */
export function completePluginManager(input: ManagerCompletionInput): CompletionAnswer | Delegation {
  const { words, partial, installed } = input;
  const verbAt = words.findIndex((word) => !word.startsWith("-"));
  if (verbAt < 0) return partial.startsWith("-") ? flagAnswer(MANAGER_FLAGS, partial) : verbAnswer(partial);
  const verb = findVerb(words[verbAt]!);
  if (!verb) return NO_COMPLETIONS;
  const after = words.slice(verbAt + 1);
  const flags = [...verb.flags, HELP_FLAG];

  const { operands, awaitingValue } = readArguments(after, flags);
  if (verb.operands === "plugin-and-its-arguments" && operands.length > 0) {
    const plugin = installed.find((p) => p.metadata.name === operands[0]!.word);
    return plugin ? { kind: "plugin", plugin, args: [...after.slice(operands[0]!.index + 1), partial] } : NO_COMPLETIONS;
  }
  if (awaitingValue) return valueAnswer(awaitingValue, partial);
  const inlineValue = flagWithInlineValue(partial, flags);
  if (inlineValue) return valueAnswer(inlineValue.flag, inlineValue.partial);
  if (partial.startsWith("-")) return flagAnswer(flags, partial);
  return operandAnswer(verb.operands, operands.map((o) => o.word), partial, installed);
}

function findVerb(word: string): VerbSpec | undefined {
  return Object.hasOwn(PLUGIN_VERBS, word)
    ? PLUGIN_VERBS[word]
    : Object.values(PLUGIN_VERBS).find((verb) => verb.aliases?.includes(word));
}

function verbAnswer(partial: string): CompletionAnswer {
  const candidates: string[] = [];
  for (const [name, verb] of Object.entries(PLUGIN_VERBS)) {
    for (const word of [name, ...(verb.aliases ?? [])]) {
      if (word.startsWith(partial)) candidates.push(candidate(word, verb.description));
    }
  }
  return { candidates, directive: Directive.NoFileComp };
}

function operandAnswer(operands: Operands, given: string[], partial: string, installed: InstalledPlugin[]): CompletionAnswer | Delegation {
  const names = (exclude: string[]) =>
    installed
      .filter((p) => p.metadata.name.startsWith(partial) && !exclude.includes(p.metadata.name))
      .map((p) => candidate(p.metadata.name, p.metadata.description));
  const events = () => LIFECYCLE_EVENTS.filter((event) => event.startsWith(partial)).map((event) => candidate(event));
  switch (operands) {
    case "sources":
      // A local path is a valid source, and install takes several: let the shell offer file names.
      return { candidates: [], directive: Directive.Default };
    case "source":
      return given.length === 0 ? { candidates: [], directive: Directive.Default } : NO_COMPLETIONS;
    case "plugin":
    case "plugin-and-its-arguments":
      return given.length === 0 ? { candidates: names([]), directive: Directive.NoFileComp } : NO_COMPLETIONS;
    case "plugins":
      return { candidates: names(given), directive: Directive.NoFileComp };
    case "event":
      return given.length === 0 ? { candidates: events(), directive: Directive.NoFileComp } : NO_COMPLETIONS;
    case "event-and-cluster":
      if (given.length === 0) return { candidates: events(), directive: Directive.NoFileComp };
      // cluster-gc is about every live cluster at once: it takes none.
      return given.length === 1 && given[0] !== "cluster-gc" ? { kind: "clusters", partial } : NO_COMPLETIONS;
    case "none":
      return NO_COMPLETIONS;
  }
}

interface Arguments {
  /** The positional words and where they stand. */
  operands: { word: string; index: number }[];
  /** The last word is a flag still waiting for its value: the word being completed is that value. */
  awaitingValue: FlagSpec | undefined;
}

/** Reads the words after the verb: a flag that takes a value (not written `--flag=value`) consumes the next word. */
function readArguments(words: string[], flags: FlagSpec[]): Arguments {
  const operands: { word: string; index: number }[] = [];
  let awaitingValue: FlagSpec | undefined;
  for (const [index, word] of words.entries()) {
    if (awaitingValue) awaitingValue = undefined;
    else if (!word.startsWith("-") || word === "-") operands.push({ word, index });
    else if (!word.includes("=")) awaitingValue = takesValue(findFlag(flags, word));
  }
  return { operands, awaitingValue };
}

/** `--output=j<Tab>`: the flag, and the part of its value typed so far. */
function flagWithInlineValue(partial: string, flags: FlagSpec[]): { flag: FlagSpec; partial: string } | undefined {
  const eq = partial.indexOf("=");
  if (!partial.startsWith("-") || eq < 0) return undefined;
  const flag = takesValue(findFlag(flags, partial.slice(0, eq)));
  return flag && { flag, partial: partial.slice(eq + 1) };
}

function takesValue(flag: FlagSpec | undefined): FlagSpec | undefined {
  return flag?.values ? flag : undefined;
}

function findFlag(flags: FlagSpec[], word: string): FlagSpec | undefined {
  return flags.find((flag) => word === `--${flag.long}` || (flag.short !== undefined && word === `-${flag.short}`));
}

function valueAnswer(flag: FlagSpec, partial: string): CompletionAnswer {
  if (!flag.list) return { candidates: (flag.values ?? []).filter((value) => value.startsWith(partial)), directive: Directive.NoFileComp };
  // `--hooks pre-cluster-create,po<Tab>`: the items so far stay, the last one is completed, none twice.
  const done = partial.slice(0, partial.lastIndexOf(",") + 1);
  const given = done.split(",");
  const last = partial.slice(done.length);
  const candidates = (flag.values ?? []).filter((value) => value.startsWith(last) && !given.includes(value)).map((value) => done + value);
  return { candidates, directive: Directive.NoFileComp };
}

/** cobra's way: `--long` when it matches, and `-s` too when it matches. */
function flagAnswer(flags: FlagSpec[], partial: string): CompletionAnswer {
  const candidates: string[] = [];
  for (const flag of flags) {
    if (`--${flag.long}`.startsWith(partial)) candidates.push(candidate(`--${flag.long}`, flag.description));
    if (flag.negated !== undefined && `--no-${flag.long}`.startsWith(partial)) candidates.push(candidate(`--no-${flag.long}`, flag.negated));
    if (flag.short && `-${flag.short}`.startsWith(partial)) candidates.push(candidate(`-${flag.short}`, flag.description));
  }
  return { candidates, directive: Directive.NoFileComp };
}
