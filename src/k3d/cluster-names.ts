/**
 * Which clusters a `k3d cluster create|delete|start|stop|restart` command line acts on,
 * read the way the k3d in use reads it (cobra + pflag): flags may stand anywhere, `--` ends
 * them, a flag that takes a value consumes the next word (whatever it looks like), and
 * short flags may be bundled (`-ac file`). Which flags exist, and which take a value,
 * depends on the k3d release (k3d-release.ts). Pure: argv, environment and release in,
 * data out.
 *
 * The name can depend on two things argv alone cannot tell: the config file's cluster
 * name, and the list of clusters behind `--all`. So this module reads the command into a
 * `ClusterCommand`, and `resolveClusterNames` applies k3d's precedence once the caller has
 * read the config.
 */
import { isAtLeast, k3dHas, type K3dRelease } from "./k3d-release.ts";

export type LifecycleVerb = "create" | "delete" | "start" | "stop" | "restart";

/** What k3d calls a cluster when nothing names one. */
export const DEFAULT_CLUSTER_NAME = "k3s-default";

export interface ClusterCommand {
  verb: LifecycleVerb;
  /** `--all` / `-a` (never for create, where `-a` is `--agents`). */
  all: boolean;
  /** The positional words, in order. */
  positionals: string[];
  /**
   * The config file k3d will read (`--config/-c`, else `K3D_CONFIG` where this k3d reads
   * it): create and delete only; "-" means stdin. Undefined when there is none.
   */
  configFile: string | undefined;
  /**
   * Why k3d refuses this command line before it touches a cluster (a flag it does not have,
   * a flag left without its value, …), in a few words; undefined when it does not.
   */
  refusal: string | undefined;
}

export type ClusterNames = { all: true } | { all: false; names: string[] };

/** One flag of a k3d command, and the release that added it. */
interface FlagSpec {
  long: string;
  short?: string;
  /** Takes a value (string, int, duration, array…); false for booleans. */
  valued: boolean;
  since?: string;
}

interface FlagTable {
  /** Long names of flags that take a value. */
  valued: ReadonlySet<string>;
  /** Long names of boolean flags. */
  booleans: ReadonlySet<string>;
  /** Short letter → long name, for every short flag of the command. */
  shorts: Readonly<Record<string, string>>;
}

const v = (long: string, short?: string, since?: string): FlagSpec => ({ long, short, valued: true, since });
const b = (long: string, short?: string, since?: string): FlagSpec => ({ long, short, valued: false, since });

/** k3d's root persistent flags (booleans) and cobra's help, valid after any verb. */
const GLOBAL_FLAGS = [b("verbose"), b("trace"), b("timestamps"), b("help", "h")];

/**
 * Every flag of each verb in k3d v5 (read from cmd/cluster/*.go at each tag): v5.0.0's,
 * plus the ones later releases added. A flag the k3d in use lacks is an unknown flag to it.
 */
const FLAGS: Readonly<Record<LifecycleVerb, readonly FlagSpec[]>> = {
  create: [
    v("config", "c"), v("api-port"), v("env", "e"), v("volume", "v"), v("port", "p"), v("k3s-node-label"),
    v("runtime-label"), v("registry-create"), v("k3s-arg"), v("servers", "s"), v("agents", "a"), v("image", "i"),
    v("network"), v("subnet"), v("token"), v("timeout"), v("gpus"), v("servers-memory"), v("agents-memory"),
    v("registry-use"), v("registry-config"), v("lb-config-override"),
    v("host-alias", undefined, "v5.3.0"), v("runtime-ulimit", undefined, "v5.5.0"),
    b("wait"), b("no-lb"), b("no-rollback"), b("kubeconfig-update-default"), b("kubeconfig-switch-context"),
    b("no-image-volume"), b("host-pid-mode", undefined, "v5.3.0"), b("enforce-registry-port-match", undefined, "v5.9.0"),
  ],
  delete: [b("all", "a"), v("config", "c")],
  start: [b("all", "a"), b("wait"), v("timeout")],
  stop: [b("all", "a")],
  // Like start: `--wait` is a boolean, `--timeout` takes a duration (`restart --timeout 30s dev`).
  restart: [b("all", "a"), b("wait"), v("timeout")],
};

function flagTable(verb: LifecycleVerb, release: K3dRelease): FlagTable {
  const specs = [...FLAGS[verb], ...GLOBAL_FLAGS].filter((spec) => spec.since === undefined || isAtLeast(release, spec.since));
  return {
    valued: new Set(specs.filter((spec) => spec.valued).map((spec) => spec.long)),
    booleans: new Set(specs.filter((spec) => !spec.valued).map((spec) => spec.long)),
    shorts: Object.fromEntries(specs.filter((spec) => spec.short).map((spec) => [spec.short!, spec.long])),
  };
}

/** Verbs whose config file names the cluster (and which k3d reads, so can fail on). */
const READS_CONFIG: ReadonlySet<LifecycleVerb> = new Set(["create", "delete"]);

/**
 * Reads the words after the verb as `release` reads them. `env` supplies `K3D_CONFIG`
 * (viper's binding, from v5.7.5: used when the flag is absent and the variable is not empty).
 */
export function parseClusterCommand(
  verb: LifecycleVerb,
  argsAfterVerb: string[],
  env: Record<string, string | undefined>,
  release: K3dRelease,
): ClusterCommand {
  const flags = flagTable(verb, release);
  const values = new Map<string, string>();
  const positionals: string[] = [];
  let refusal: string | undefined;
  for (let i = 0; i < argsAfterVerb.length; i++) {
    const word = argsAfterVerb[i]!;
    if (word === "--") {
      positionals.push(...argsAfterVerb.slice(i + 1));
      break;
    }
    if (word.startsWith("--")) {
      const eq = word.indexOf("=");
      const name = eq < 0 ? word.slice(2) : word.slice(2, eq);
      if (!flags.valued.has(name) && !flags.booleans.has(name)) refusal ??= `this k3d has no flag --${name}`;
      if (eq >= 0) values.set(name, word.slice(eq + 1));
      else if (flags.valued.has(name)) values.set(name, argsAfterVerb[++i] ?? "");
      else values.set(name, "true");
    } else if (word.startsWith("-") && word !== "-") {
      const read = readShortFlags(word.slice(1), argsAfterVerb[i + 1], flags, values);
      refusal ??= read.unknown;
      i += read.consumed;
    } else {
      positionals.push(word);
    }
    // A flag took the next word as its value, and there was none.
    if (i >= argsAfterVerb.length) refusal ??= `${word} needs a value`;
  }
  const fromEnv = k3dHas(release, "configFromEnv") ? env.K3D_CONFIG || "" : "";
  const configFile = READS_CONFIG.has(verb) ? (values.has("config") ? values.get("config")! : fromEnv) : "";
  const command: ClusterCommand = {
    verb,
    all: verb !== "create" && isTrue(values.get("all")),
    positionals,
    configFile: configFile === "" ? undefined : configFile,
    refusal,
  };
  command.refusal ??= configRefusal(command, release);
  return command;
}

/** What this k3d refuses about a config before reading it. */
function configRefusal(command: ClusterCommand, release: K3dRelease): string | undefined {
  if (command.configFile === undefined) return undefined;
  if (command.configFile === "-" && !k3dHas(release, "configFromStdin")) return "this k3d cannot read a config from stdin (--config -)";
  const mixed = command.verb === "delete" && (command.all || command.positionals.length > 0);
  if (mixed && !k3dHas(release, "deleteNamesBeatConfig")) return "this k3d refuses --config together with cluster names or --all";
  return undefined;
}

/**
 * pflag's shorthand rules: `-a` (boolean), `-a=false`, `-cfile`, `-c file`, and bundles
 * such as `-ac file`. Returns how many following words were consumed (0 or 1), and the
 * first letter that is no flag of this command.
 */
function readShortFlags(
  letters: string,
  next: string | undefined,
  flags: FlagTable,
  values: Map<string, string>,
): { consumed: number; unknown: string | undefined } {
  let unknown: string | undefined;
  for (let j = 0; j < letters.length; j++) {
    const name = flags.shorts[letters[j]!];
    // pflag stops at an unknown letter with an error: k3d refuses the command line.
    if (name === undefined) return { consumed: 0, unknown: `this k3d has no flag -${letters[j]}` };
    const rest = letters.slice(j + 1);
    if (rest.startsWith("=")) {
      values.set(name, rest.slice(1));
      return { consumed: 0, unknown };
    }
    if (!flags.valued.has(name)) {
      values.set(name, "true");
      continue;
    }
    if (rest !== "") {
      values.set(name, rest);
      return { consumed: 0, unknown };
    }
    values.set(name, next ?? "");
    return { consumed: 1, unknown };
  }
  return { consumed: 0, unknown };
}

/** Go's strconv.ParseBool truths, which pflag uses for `--all=…`. */
function isTrue(value: string | undefined): boolean {
  return value !== undefined && ["1", "t", "T", "true", "TRUE", "True"].includes(value);
}

/**
 * k3d's precedence. create: the positional name, else the config's name, else
 * k3s-default. delete: `--all`, else the names, else the config's name, else k3s-default.
 * start/stop/restart: `--all`, else the names, else k3s-default. `configName` is the
 * config's cluster name when there is a config and it names one.
 */
export function resolveClusterNames(command: ClusterCommand, configName: string | undefined): ClusterNames {
  if (command.all) return { all: true };
  if (command.verb === "create" && command.positionals.length > 0) return { all: false, names: [command.positionals[0]!] };
  if (command.positionals.length > 0) return { all: false, names: [...command.positionals] };
  return { all: false, names: [(READS_CONFIG.has(command.verb) && configName) || DEFAULT_CLUSTER_NAME] };
}

/** k3d's longest cluster name (types.DefaultClusterNameMaxLength, the same in every release). */
const MAX_CLUSTER_NAME_LENGTH = 32;

/** k3d's HostnameRegexp (v5.3.0 on): RFC 1123 labels joined by dots. */
const RFC1123_HOSTNAME = /^(([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])\.)*([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])$/;

/**
 * Why `release` refuses `name` for a new cluster (its CheckName), in k3d's words; undefined
 * when it accepts it. From v5.3.0 a name is an RFC 1123 hostname, dots allowed
 * (`dev.example`); before, letters, digits and inner dashes only. At most 32 characters.
 */
export function clusterNameProblem(name: string, release: K3dRelease): string | undefined {
  const problem = k3dHas(release, "dottedNames") ? hostnameProblem(name) : labelProblem(name);
  if (problem) return `Invalid cluster name. ${problem}`;
  if (name.length > MAX_CLUSTER_NAME_LENGTH) return `Cluster name must be <= ${MAX_CLUSTER_NAME_LENGTH} characters, but has ${name.length}`;
  return undefined;
}

function hostnameProblem(name: string): string | undefined {
  if (name === "") return "No name provided";
  return RFC1123_HOSTNAME.test(name) ? undefined : `name ${name} is not a valid hostname as per RFC 1123`;
}

function labelProblem(name: string): string | undefined {
  if (name === "") return "No name provided";
  if (name.startsWith("-") || name.endsWith("-")) return `Hostname '${name}' must not start or end with '-' (dash)`;
  if (!/^[A-Za-z0-9-]+$/.test(name)) return `Hostname '${name}' contains characters other than 'Aa-Zz', '0-9' or '-'`;
  return undefined;
}

/**
 * Why k3d will refuse this command before it touches a cluster, as far as can be told
 * cheaply: the command line itself (see `ClusterCommand.refusal`); a delete by a config
 * that names no cluster, before v5.7.5; a create whose cluster name k3d does not accept.
 * No event happens then, so no hook may fire; k3d says what is wrong. Undefined: k3d goes on.
 */
export function k3dRefusal(command: ClusterCommand, names: ClusterNames, configName: string | undefined, release: K3dRelease): string | undefined {
  if (command.refusal !== undefined) return command.refusal;
  if (command.verb === "delete" && command.configFile !== undefined && !names.all && command.positionals.length === 0 && !configName && !k3dHas(release, "deleteNamesBeatConfig")) {
    return "this k3d refuses to delete by a config that names no cluster";
  }
  if (command.verb !== "create" || names.all) return undefined;
  // cobra's RangeArgs(0, 1): `create a b` (or `create --wait false x`, a boolean given its
  // value as a word) is refused before anything is created.
  if (command.positionals.length > 1) return `accepts between 0 and 1 arg(s), received ${command.positionals.length}`;
  return names.names.map((name) => clusterNameProblem(name, release)).find((problem) => problem !== undefined);
}
