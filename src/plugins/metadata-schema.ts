/**
 * plugin.yaml, validated strictly (SPEC §6). This is what `install` and `doctor` use;
 * the start-up path reads the store leniently instead (installed-plugins.ts), so valibot
 * is loaded only by the plugin manager.
 *
 * Every error names the field it is about, the way a plugin author would point at it:
 * `plugin.yaml: hooks[1].event: "pre-cluster-creat" is not a lifecycle event`.
 */
import * as v from "valibot";
import { K3dxError } from "../errors.ts";
import { PLUGIN_NAME_MAX_BYTES } from "../limits.ts";
import { BUILTIN_NOUNS, PLUGIN_MANAGER_NOUNS } from "../k3d/builtin-nouns.ts";
import { printable } from "../platform/printable.ts";
import { LIFECYCLE_EVENTS, type HookSpec, type PluginMetadata } from "./types.ts";
import { parseYaml } from "./parse-yaml.ts";
import { isSemverRange } from "./semver-range.ts";

export const PLUGIN_NAME_PATTERN = /^[a-z][a-z0-9-]*$/;

/** Why `word` cannot be a plugin name or command, or undefined when it can. */
export function nameProblem(word: string): string | undefined {
  if (!PLUGIN_NAME_PATTERN.test(word)) return `${JSON.stringify(word)} must be lower-case letters, digits and '-', starting with a letter`;
  if (word.length > PLUGIN_NAME_MAX_BYTES) return `a name may be at most ${PLUGIN_NAME_MAX_BYTES} characters (k3d-<name> must fit in a file name), not ${word.length}`;
  if (BUILTIN_NOUNS.has(word)) return `${JSON.stringify(word)} is a k3d command; a plugin can never shadow it`;
  if (PLUGIN_MANAGER_NOUNS.has(word)) return `${JSON.stringify(word)} is the plugin manager's own command`;
  return undefined;
}

/**
 * Metadata is printed on terminals (`plugin list`, `info`, `k3d help`), so a character a
 * terminal acts on (ESC, other controls, bidi overrides: whatever `printable` escapes)
 * is refused where it is read, naming it. `long` may have several lines, and tabs.
 */
function terminalSafe(allowed: string[] = []) {
  return v.rawCheck<string>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const unsafe = [...dataset.value].find((character) => !allowed.includes(character) && printable(character) !== character);
    if (unsafe !== undefined) addIssue({ message: `holds the control character ${printable(unsafe)}, which a terminal would act on` });
  });
}

/** A YAML mapping: an object that is not a list (valibot's record would take a list too). */
function mappingSchema(message: string) {
  return v.custom<Record<string, unknown>>(isRecord, message);
}

const nounSchema = v.pipe(
  v.string("must be a string"),
  v.rawCheck(({ dataset, addIssue }) => {
    const problem = dataset.typed ? nameProblem(dataset.value) : undefined;
    if (problem) addIssue({ message: problem });
  }),
);

const hookSchema = v.pipe(
  v.union([v.string(), mappingSchema("must be an event name or a mapping {event, timeout, onError}")], "must be an event name or a mapping {event, timeout, onError}"),
  // The short form `- pre-cluster-create` is the long form without options.
  v.transform((entry) => (typeof entry === "string" ? { event: entry } : entry)),
  v.strictObject(
    {
      event: v.picklist(LIFECYCLE_EVENTS, (issue) => `${JSON.stringify(issue.input)} is not a lifecycle event (pre- or post- of cluster-create, -delete, -start, -stop, -restart; undo-cluster-create; cluster-gc)`),
      timeout: v.optional(v.pipe(v.number("must be a number of seconds"), v.gtValue(0, "must be more than 0 seconds"), v.finite("must be a number of seconds"))),
      onError: v.optional(v.picklist(["fail", "warn"], (issue) => `${JSON.stringify(issue.input)} must be fail or warn`), "fail"),
    },
    (issue) => unknownFieldMessage(issue),
  ),
);

const metadataSchema = v.pipe(
  mappingSchema("must be a mapping of fields (name, version, description, command, hooks, …)"),
  v.strictObject(
    {
      name: nounSchema,
      // `version: 1.2` is a number to YAML; authors mean the text they wrote.
      version: v.optional(v.pipe(v.union([v.string(), v.number()], "must be a string"), v.transform(String), terminalSafe())),
      description: v.optional(
        v.pipe(v.string("must be a string"), v.transform((text) => text.trim()), v.check((text) => !/[\r\n]/.test(text), "must be one line"), terminalSafe()),
      ),
      long: v.optional(v.pipe(v.string("must be a string"), terminalSafe(["\n", "\t"]))),
      command: v.optional(v.union([v.literal(""), nounSchema], (issue) => nounCommandMessage(issue))),
      hooks: v.optional(v.pipe(v.array(hookSchema, "must be a list of events"), v.rawCheck(duplicateEvents)), []),
      k3d: v.optional(v.pipe(v.string("must be a semver range string such as \">=5.0.0\""), v.check(isSemverRange, (issue) => `${JSON.stringify(issue.input)} is not a semver range (e.g. ">=5.0.0", "^5.6", ">=5.0.0 <6")`))),
    },
    (issue) => unknownFieldMessage(issue),
  ),
);

export interface MetadataOptions {
  /** Where the metadata came from, to start the error line: `plugin.yaml`, `k3d-foo metadata`. */
  where: string;
  /** `install --name`: replaces `name`, and the command when the metadata left it to default. */
  nameOverride?: string;
}

/**
 * `install --name NAME`: the plugin's name, and its command too when that was just its
 * name (written out or left to the default) — otherwise `--name` could never resolve a
 * clash of commands. A command of its own (`mirror` for `registry-mirror`) is kept.
 */
function renamed(raw: Record<string, unknown>, name: string): Record<string, unknown> {
  const commandWasName = raw.command === undefined || raw.command === raw.name;
  return { ...raw, name, ...(commandWasName && raw.command !== undefined ? { command: name } : {}) };
}

/** Validates raw metadata (parsed YAML) and returns it normalized, or throws a one-line K3dxError. */
export function parseMetadata(raw: unknown, options: MetadataOptions): PluginMetadata {
  const input = options.nameOverride !== undefined && isRecord(raw) ? renamed(raw, options.nameOverride) : raw;
  const result = v.safeParse(metadataSchema, input);
  if (!result.success) throw new K3dxError(`${options.where}: ${describeIssue(result.issues[0])}`);
  const data = result.output;
  const name = data.name as string;
  return dropUndefined({
    name,
    version: data.version,
    description: data.description,
    long: data.long,
    command: data.command ?? name,
    hooks: data.hooks.map((hook): HookSpec => dropUndefined({ event: hook.event, timeout: hook.timeout, onError: hook.onError })),
    k3d: data.k3d,
  });
}

/** Parses YAML text (JSON is YAML) and validates it; the error says which step failed. */
export function parseMetadataText(text: string, options: MetadataOptions): PluginMetadata {
  return parseMetadata(parseYaml(text, options.where), options);
}

function duplicateEvents({ dataset, addIssue }: v.RawCheckContext<v.InferOutput<typeof hookSchema>[]>): void {
  if (!dataset.typed) return;
  const seen = new Set<string>();
  dataset.value.forEach((hook, index) => {
    if (seen.has(hook.event)) {
      addIssue({
        message: `${JSON.stringify(hook.event)} is listed twice`,
        path: [
          { type: "array", origin: "value", input: dataset.value, key: index, value: hook },
          { type: "object", origin: "value", input: hook, key: "event", value: hook.event },
        ],
      });
    }
    seen.add(hook.event);
  });
}

/** strictObject reports a missing field, an unknown one and a non-mapping through one message. */
function unknownFieldMessage(issue: v.BaseIssue<unknown>): string {
  if (issue.expected === "never") return "is not a known field";
  if (issue.received === "undefined") return "is required";
  return "must be a mapping";
}

function nounCommandMessage(issue: v.BaseIssue<unknown>): string {
  if (typeof issue.input !== "string") return "must be a string (\"\" for a hooks-only plugin)";
  return nameProblem(issue.input) ?? "is not a valid command name";
}

/** `hooks[1].event: "x" is not a lifecycle event` */
function describeIssue(issue: v.BaseIssue<unknown> | undefined): string {
  if (!issue) return "invalid metadata";
  const path = formatPath(issue.path);
  return path ? `${path}: ${issue.message}` : issue.message;
}

function formatPath(path: v.BaseIssue<unknown>["path"]): string {
  let out = "";
  for (const item of path ?? []) {
    const key = (item as { key: unknown }).key;
    out += typeof key === "number" ? `[${key}]` : out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** YAML and JSON output without `key: null` lines for what the author left out. */
function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
