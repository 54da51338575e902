/**
 * Which clusters a `k3d cluster create|delete|start|stop|restart` command line acts on,
 * read the way k3d v5.9.0 reads it (cobra + pflag): flags may stand anywhere, `--` ends
 * them, a flag that takes a value consumes the next word (whatever it looks like), and
 * short flags may be bundled (`-ac file`). Pure: argv and environment in, data out.
 *
 * The name can depend on two things argv alone cannot tell: the config file's
 * `metadata.name`, and the list of clusters behind `--all`. So this module reads the
 * command into a `ClusterCommand`, and `resolveClusterNames` applies k3d's precedence
 * once the caller has read the config.
 */

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
   * The config file k3d will read (`--config/-c`, else `K3D_CONFIG`): create and delete
   * only; "-" means stdin. Undefined when there is none.
   */
  configFile: string | undefined;
  /** The first flag that takes a value but stands last, without one (k3d refuses the command). */
  missingValue: string | undefined;
}

export type ClusterNames = { all: true } | { all: false; names: string[] };

interface FlagTable {
  /** Long names of flags that take a value. */
  valued: ReadonlySet<string>;
  /** Short letter → long name, for every short flag of the command. */
  shorts: Readonly<Record<string, string>>;
  /** Long names of boolean flags (so `-a` can be told from `--agents`). */
  booleans: ReadonlySet<string>;
}

/** k3d's root persistent flags (booleans) and cobra's help, valid after any verb. */
const GLOBAL_BOOLEANS = ["verbose", "trace", "timestamps", "help"];

const FLAGS: Readonly<Record<LifecycleVerb, FlagTable>> = {
  create: table(
    [
      "config", "api-port", "env", "volume", "port", "k3s-node-label", "runtime-label", "runtime-ulimit",
      "registry-create", "host-alias", "k3s-arg", "servers", "agents", "image", "network", "subnet", "token",
      "timeout", "gpus", "servers-memory", "agents-memory", "registry-use", "registry-config", "lb-config-override",
    ],
    [
      "wait", "no-lb", "no-rollback", "kubeconfig-update-default", "kubeconfig-switch-context",
      "enforce-registry-port-match", "host-pid-mode", "no-image-volume",
    ],
    { c: "config", e: "env", v: "volume", p: "port", s: "servers", a: "agents", i: "image" },
  ),
  delete: table(["config"], ["all"], { a: "all", c: "config" }),
  start: table(["timeout"], ["all", "wait"], { a: "all" }),
  stop: table([], ["all"], { a: "all" }),
  restart: table([], ["all"], { a: "all" }),
};

function table(valued: string[], booleans: string[], shorts: Record<string, string>): FlagTable {
  return {
    valued: new Set(valued),
    booleans: new Set([...booleans, ...GLOBAL_BOOLEANS]),
    shorts: { ...shorts, h: "help" },
  };
}

/** Verbs whose config file names the cluster (and which k3d reads, so can fail on). */
const READS_CONFIG: ReadonlySet<LifecycleVerb> = new Set(["create", "delete"]);

/**
 * Reads the words after the verb. `env` supplies `K3D_CONFIG` (viper's binding: used
 * when the flag is absent and the variable is not empty).
 */
export function parseClusterCommand(verb: LifecycleVerb, argsAfterVerb: string[], env: Record<string, string | undefined>): ClusterCommand {
  const flags = FLAGS[verb];
  const values = new Map<string, string>();
  const positionals: string[] = [];
  let missingValue: string | undefined;
  for (let i = 0; i < argsAfterVerb.length; i++) {
    const word = argsAfterVerb[i]!;
    if (word === "--") {
      positionals.push(...argsAfterVerb.slice(i + 1));
      break;
    }
    if (word.startsWith("--")) {
      const eq = word.indexOf("=");
      const name = eq < 0 ? word.slice(2) : word.slice(2, eq);
      if (eq >= 0) values.set(name, word.slice(eq + 1));
      else if (flags.valued.has(name)) values.set(name, argsAfterVerb[++i] ?? "");
      else values.set(name, "true");
    } else if (word.startsWith("-") && word !== "-") {
      i += readShortFlags(word.slice(1), argsAfterVerb[i + 1], flags, values);
    } else {
      positionals.push(word);
    }
    // A flag took the next word as its value, and there was none.
    if (i >= argsAfterVerb.length) missingValue ??= word;
  }
  const configFile = READS_CONFIG.has(verb) ? (values.has("config") ? values.get("config")! : env.K3D_CONFIG || "") : "";
  return {
    verb,
    all: verb !== "create" && isTrue(values.get("all")),
    positionals,
    configFile: configFile === "" ? undefined : configFile,
    missingValue,
  };
}

/**
 * pflag's shorthand rules: `-a` (boolean), `-a=false`, `-cfile`, `-c file`, and bundles
 * such as `-ac file`. Returns how many following words were consumed (0 or 1).
 */
function readShortFlags(letters: string, next: string | undefined, flags: FlagTable, values: Map<string, string>): number {
  for (let j = 0; j < letters.length; j++) {
    // An unknown letter makes k3d fail anyway; read it as a boolean and go on.
    const name = flags.shorts[letters[j]!] ?? letters[j]!;
    const rest = letters.slice(j + 1);
    if (rest.startsWith("=")) {
      values.set(name, rest.slice(1));
      return 0;
    }
    if (!flags.valued.has(name)) {
      values.set(name, "true");
      continue;
    }
    if (rest !== "") {
      values.set(name, rest);
      return 0;
    }
    values.set(name, next ?? "");
    return 1;
  }
  return 0;
}

/** Go's strconv.ParseBool truths, which pflag uses for `--all=…`. */
function isTrue(value: string | undefined): boolean {
  return value !== undefined && ["1", "t", "T", "true", "TRUE", "True"].includes(value);
}

/**
 * k3d's precedence. create: the positional name, else the config's `metadata.name`, else
 * k3s-default. delete: `--all`, else the names, else the config's name, else k3s-default.
 * start/stop/restart: `--all`, else the names, else k3s-default. `configName` is the
 * config's `metadata.name` when there is a config and it has one.
 */
export function resolveClusterNames(command: ClusterCommand, configName: string | undefined): ClusterNames {
  if (command.all) return { all: true };
  if (command.verb === "create" && command.positionals.length > 0) return { all: false, names: [command.positionals[0]!] };
  if (command.positionals.length > 0) return { all: false, names: [...command.positionals] };
  return { all: false, names: [(READS_CONFIG.has(command.verb) && configName) || DEFAULT_CLUSTER_NAME] };
}

/** k3d's longest cluster name. */
const MAX_CLUSTER_NAME_LENGTH = 32;

/**
 * Why k3d refuses `name` for a new cluster (its CheckName: an RFC 1123 hostname label of
 * at most 32 characters), in k3d's words; undefined when it accepts it.
 */
export function clusterNameProblem(name: string): string | undefined {
  if (name === "") return "No name provided";
  if (name.startsWith("-") || name.endsWith("-")) return `Hostname '${name}' must not start or end with '-' (dash)`;
  if (!/^[A-Za-z0-9-]+$/.test(name)) return `Hostname '${name}' contains characters other than 'Aa-Zz', '0-9' or '-'`;
  if (name.length > MAX_CLUSTER_NAME_LENGTH) return `Cluster name must be <= ${MAX_CLUSTER_NAME_LENGTH} characters, but is ${name.length}`;
  return undefined;
}

/**
 * Whether k3d will refuse this command line before it touches a cluster, as far as can be
 * told cheaply: a flag left without its value, or a create whose cluster name k3d does
 * not accept. No event happens then, so no hook may fire; k3d says what is wrong.
 */
export function k3dRefuses(command: ClusterCommand, names: ClusterNames): boolean {
  if (command.missingValue !== undefined) return true;
  return command.verb === "create" && !names.all && names.names.some((name) => clusterNameProblem(name) !== undefined);
}
