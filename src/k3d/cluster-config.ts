/**
 * The cluster name in a k3d config file (`--config/-c FILE`, `K3D_CONFIG`), read the way
 * the k3d in use reads it (InitViperWithConfigFile, then SimpleConfigFromViper): the whole
 * file goes through Go's os.ExpandEnv; YAML; an apiVersion this k3d reads; k3d's schema
 * check for it (config-schema.ts); then the name where that apiVersion keeps it —
 * top-level `name:` in k3d.io/v1alpha2 and v1alpha3, `metadata.name` in v1alpha4 and
 * v1alpha5 — unless viper's environment binding (`K3D_NAME`, `K3D_METADATA_NAME`)
 * replaces it. A config k3d refuses at any of these steps is `ok: false`: k3d fails on
 * it before touching a cluster, so no hook may fire.
 *
 * `-` means stdin; then the bytes are kept, because k3d must still receive exactly what we read.
 */
import { readFileSync } from "node:fs";
import { NO_REPLAY, replayFor, type ConfigReplay } from "./config-replay.ts";
import { parseAllDocuments, type Tags } from "yaml";
import { schemaFor, schemaProblem } from "./config-schema.ts";
import { configApiVersionsOf, k3dHas, NEWEST_RULES, type K3dRelease } from "./k3d-release.ts";

export type ConfigReading =
  /** `name` is undefined when the config names no cluster. */
  | { ok: true; name: string | undefined; replay: ConfigReplay }
  /** k3d would fail on this config too: `reason` says why, for one line on stderr. */
  | { ok: false; reason: string; replay: ConfigReplay };

/** Enough for any hand-written config; more is a "billion laughs" file, which k3d's parser refuses too. */
const MAX_YAML_ALIASES = 100;

/**
 * Reads `file` ("-" = all of stdin, through `readStdin`) and finds the cluster name in it,
 * as `release` would (the newest k3d's rules when not given). `replay`: how k3d gets the
 * same bytes again when they came from a stream (config-replay.ts).
 */
export async function readClusterConfig(
  file: string,
  env: Record<string, string | undefined>,
  readStdin: () => Promise<Uint8Array> = readAllStdin,
  release: K3dRelease = NEWEST_RULES,
): Promise<ConfigReading> {
  let bytes: Uint8Array;
  if (file === "-") {
    bytes = await readStdin();
  } else {
    try {
      bytes = readFileSync(file);
    } catch (error) {
      return { ok: false, reason: `cannot read config file ${file}: ${(error as Error).message}`, replay: NO_REPLAY };
    }
  }
  const replay = replayFor(file, bytes);
  const parsed = configClusterName(new TextDecoder().decode(bytes), env, release);
  const where = file === "-" ? "the config on stdin" : `config file ${file}`;
  return parsed.ok ? { ok: true, name: parsed.name, replay } : { ok: false, reason: `k3d will refuse ${where}: ${parsed.reason}`, replay };
}

/** Where each apiVersion keeps the cluster name, as a key path (k3d's migrations move it). */
const NAME_KEY: Readonly<Record<string, readonly string[]>> = {
  "k3d.io/v1alpha2": ["name"],
  "k3d.io/v1alpha3": ["name"],
  "k3d.io/v1alpha4": ["metadata", "name"],
  "k3d.io/v1alpha5": ["metadata", "name"],
};

/** Pure: the config's text, the environment and the k3d release in; the cluster name, or why k3d refuses the config, out. */
export function configClusterName(
  text: string,
  env: Record<string, string | undefined>,
  release: K3dRelease = NEWEST_RULES,
): { ok: true; name: string | undefined } | { ok: false; reason: string } {
  const expanded = expandEnvLikeGo(text, env);
  const doc = parseYaml11(expanded);
  if (!doc.ok) return doc;
  if (doc.value !== null && doc.value !== undefined && !isMap(doc.value)) return { ok: false, reason: "it is not a YAML map" };
  const config = isMap(doc.value) ? doc.value : {};

  // viper's GetString("apiVersion"): K3D_APIVERSION, when set, wins over the file.
  const apiVersion = env.K3D_APIVERSION || stringOf(config.apiVersion);
  const known = configApiVersionsOf(release);
  if (!known.includes(apiVersion.toLowerCase())) {
    const which = release.version ? `k3d ${release.version}` : "k3d";
    return { ok: false, reason: `apiVersion '${apiVersion}' is not one ${which} reads (${known.join(", ")})` };
  }
  const schema = schemaFor(apiVersion.toLowerCase(), release)!;
  // Until v5.0.2 k3d checked the file as written, before expanding $VARIABLES.
  const checked = k3dHas(release, "schemaAfterExpansion") ? doc : parseYaml11(text);
  if (!checked.ok) return checked;
  const problem = schemaProblem(checked.value ?? {}, schema);
  if (problem) return { ok: false, reason: `it fails k3d's schema for ${apiVersion}: ${problem}` };

  const key = NAME_KEY[apiVersion.toLowerCase()]!;
  const value = valueAt(config, key);
  if (value === undefined) return { ok: true, name: undefined };
  const fromEnv = env[envKeyFor(key, release)];
  const name = fromEnv || stringOf(value);
  return { ok: true, name: name === "" ? undefined : name };
}

/**
 * viper's AutomaticEnv with prefix K3D: a key the file sets can be replaced by the
 * variable K3D_<KEY>. From v5.4.7 a `.` in the key is `_` in the variable
 * (`K3D_METADATA_NAME`); before, the variable keeps the dot, which no shell can set.
 */
function envKeyFor(key: readonly string[], release: K3dRelease): string {
  return `K3D_${key.join(k3dHas(release, "metadataNameFromEnv") ? "_" : ".").toUpperCase()}`;
}

/**
 * YAML as k3d's schema check reads it (go-yaml v2 behind sigs.k8s.io/yaml): YAML 1.1, so
 * `yes`/`on`/`y` are booleans and `0755` is octal, but timestamps and `80:80` stay strings
 * (go-yaml decodes neither into a time nor a base-60 number). Only the first document
 * counts; a key written twice is an error (viper's go-yaml v3 refuses it).
 */
function parseYaml11(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  const docs = parseAllDocuments(text, { version: "1.1", uniqueKeys: true, customTags: goYamlTags });
  const first = Array.isArray(docs) ? docs[0] : undefined;
  if (!first) return { ok: true, value: null };
  const error = first.errors[0];
  if (error) return { ok: false, reason: `it is not valid YAML: ${firstLine(error.message)}` };
  try {
    return { ok: true, value: first.toJS({ maxAliasCount: MAX_YAML_ALIASES }) };
  } catch (error) {
    return { ok: false, reason: `it is not valid YAML: ${firstLine((error as Error).message)}` };
  }
}

function goYamlTags(tags: Tags): Tags {
  return tags.filter((tag) => !(typeof tag === "object" && (tag.tag === "tag:yaml.org,2002:timestamp" || tag.format === "TIME")));
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function valueAt(config: Record<string, unknown>, key: readonly string[]): unknown {
  let node: unknown = config;
  for (const part of key) node = isMap(node) ? node[part] : undefined;
  return node;
}

/** Go's cast.ToString, as viper's GetString applies it to what YAML gave. */
function stringOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return "";
}

/**
 * Go's os.ExpandEnv: `$NAME` and `${NAME}` become the variable's value ("" when unset);
 * `$` followed by a shell special character (`*#$@!?-` or a digit) names that one
 * character; `${}` and an unterminated `${` are dropped; a `$` followed by anything else
 * stays as it is.
 */
export function expandEnvLikeGo(text: string, env: Record<string, string | undefined>): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf("$", i);
    if (dollar < 0 || dollar === text.length - 1) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, dollar);
    const [name, width] = shellName(text.slice(dollar + 1));
    if (name !== "") out += env[name] ?? "";
    else if (width === 0) out += "$";
    i = dollar + 1 + width;
  }
  return out;
}

const SPECIAL = "*#$@!?-0123456789";

/** The variable name after a `$` and how many characters it takes (Go's getShellName). */
function shellName(s: string): [name: string, width: number] {
  if (s[0] === "{") {
    if (s.length > 2 && SPECIAL.includes(s[1]!) && s[2] === "}") return [s[1]!, 3];
    const close = s.indexOf("}");
    if (close === 1) return ["", 2];
    if (close < 0) return ["", 1];
    return [s.slice(1, close), close + 1];
  }
  if (SPECIAL.includes(s[0]!)) return [s[0]!, 1];
  const match = /^[A-Za-z0-9_]*/.exec(s)![0];
  return [match, match.length];
}

async function readAllStdin(): Promise<Uint8Array> {
  return new Uint8Array(await Bun.stdin.arrayBuffer());
}

/** The first line of a parser's message, without the colon that introduced its excerpt. */
function firstLine(message: string): string {
  return message.split("\n", 1)[0]!.replace(/:\s*$/, "");
}
