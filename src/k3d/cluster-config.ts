/**
 * The cluster name in a k3d config file (`--config/-c FILE`, `K3D_CONFIG`), read the way
 * k3d reads it: the whole file goes through Go's os.ExpandEnv first, then YAML, then
 * `metadata.name`. `-` means stdin; then the bytes are kept, because k3d must still
 * receive exactly what we read.
 */
import { readFileSync } from "node:fs";
import { NO_REPLAY, replayFor, type ConfigReplay } from "./config-replay.ts";

export type ConfigReading =
  /** `name` is undefined when the config names no cluster. */
  | { ok: true; name: string | undefined; replay: ConfigReplay }
  /** k3d would fail on this config too: `reason` says why, for one line on stderr. */
  | { ok: false; reason: string; replay: ConfigReplay };

/**
 * Reads `file` ("-" = all of stdin, through `readStdin`) and finds the cluster name in it.
 * `replay`: how k3d gets the same bytes again when they came from a stream (config-replay.ts).
 */
export async function readClusterConfig(
  file: string,
  env: Record<string, string | undefined>,
  readStdin: () => Promise<Uint8Array> = readAllStdin,
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
  const parsed = configClusterName(new TextDecoder().decode(bytes), env);
  const where = file === "-" ? "the config on stdin" : `config file ${file}`;
  return parsed.ok ? { ok: true, name: parsed.name, replay } : { ok: false, reason: `${where} does not parse: ${parsed.reason}`, replay };
}

/** Pure: expand the environment into the text, parse it, return `metadata.name`. */
export function configClusterName(
  text: string,
  env: Record<string, string | undefined>,
): { ok: true; name: string | undefined } | { ok: false; reason: string } {
  let doc: unknown;
  try {
    doc = Bun.YAML.parse(expandEnvLikeGo(text, env));
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
  // An empty file is an empty map to viper; anything but a map is an error.
  if (doc === null || doc === undefined) return { ok: true, name: undefined };
  if (typeof doc !== "object" || Array.isArray(doc)) return { ok: false, reason: "it is not a YAML map" };
  const metadata = (doc as { metadata?: unknown }).metadata;
  const name = typeof metadata === "object" && metadata !== null ? (metadata as { name?: unknown }).name : undefined;
  return { ok: true, name: typeof name === "string" && name !== "" ? name : undefined };
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
