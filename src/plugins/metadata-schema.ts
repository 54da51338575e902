/**
 * plugin.yaml, validated strictly (SPEC §6). This is what `install` and `doctor` use;
 * the start-up path reads the store leniently instead (installed-plugins.ts), so valibot
 * and the `yaml` package are loaded only by the plugin manager.
 *
 * The text is read with the `yaml` package (src/yaml/): every problem in the file is
 * reported at once, each at its line and column and naming its field, the way a plugin
 * author would point at it:
 *   plugin.yaml:7:5: hooks[1].event: "pre-cluster-creat" is not a lifecycle event (…)
 *       - pre-cluster-creat
 */
import * as v from "valibot";
import { K3dxError } from "../errors.ts";
import { PLUGIN_NAME_MAX_BYTES } from "../limits.ts";
import { BUILTIN_NOUNS, PLUGIN_MANAGER_NOUNS } from "../k3d/builtin-nouns.ts";
import { printable, quoted } from "../platform/printable.ts";
import { knownFieldsOnly } from "../yaml/known-fields.ts";
import { issuePath, locateIssues } from "../yaml/schema-errors.ts";
import { listProblems, readYamlDocument, type YamlDocument } from "../yaml/yaml-document.ts";
import { foreignManifestHeadline, foreignManifestKind, namesAProgram } from "./foreign-manifest.ts";
import { LIFECYCLE_EVENTS, type HookSpec, type PluginMetadata } from "./types.ts";
import { isSemverRange } from "./semver-range.ts";

export const PLUGIN_NAME_PATTERN = /^[a-z][a-z0-9-]*$/;

/** Why `word` cannot be a plugin name or command, or undefined when it can. */
export function nameProblem(word: string): string | undefined {
  if (!PLUGIN_NAME_PATTERN.test(word)) return `${quoted(word)} must be lower-case letters, digits and '-', starting with a letter`;
  if (word.length > PLUGIN_NAME_MAX_BYTES) return `a name may be at most ${PLUGIN_NAME_MAX_BYTES} characters (k3d-<name> must fit in a file name), not ${word.length}`;
  if (BUILTIN_NOUNS.has(word)) return `${quoted(word)} is a k3d command; a plugin can never shadow it`;
  if (PLUGIN_MANAGER_NOUNS.has(word)) return `${quoted(word)} is the plugin manager's own command`;
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

const HOOK_FIELDS = ["event", "timeout", "onError"];
const METADATA_FIELDS = ["name", "version", "description", "long", "command", "hooks", "k3d"];

const hookSchema = v.pipe(
  v.union([v.string(), mappingSchema("must be an event name or a mapping {event, timeout, onError}")], "must be an event name or a mapping {event, timeout, onError}"),
  // The short form `- pre-cluster-create` is the long form without options.
  v.transform((entry) => (typeof entry === "string" ? { event: entry } : entry)),
  v.looseObject(
    {
      event: v.picklist(LIFECYCLE_EVENTS, (issue) => `${JSON.stringify(issue.input)} is not a lifecycle event (pre- or post- of cluster-create, -delete, -start, -stop, -restart; undo-cluster-create; cluster-gc)`),
      timeout: v.optional(v.pipe(v.number("must be a number of seconds"), v.gtValue(0, "must be more than 0 seconds"), v.finite("must be a number of seconds"))),
      onError: v.optional(v.picklist(["fail", "warn"], (issue) => `${JSON.stringify(issue.input)} must be fail or warn`), "fail"),
    },
    (issue) => missingFieldMessage(issue),
  ),
  // After the object, so that it runs even when a field is wrong: every problem at once.
  knownFieldsOnly(HOOK_FIELDS),
);

const metadataSchema = v.pipe(
  mappingSchema("must be a mapping of fields (name, version, description, command, hooks, …)"),
  v.looseObject(
    {
      name: nounSchema,
      // `version: 1.10` is the number 1.1 to YAML: refused, and explained where the file is known (see explained()).
      version: v.optional(v.pipe(v.string("must be a string"), terminalSafe())),
      description: v.optional(
        v.pipe(v.string("must be a string"), v.transform((text) => text.trim()), v.check((text) => !/[\r\n]/.test(text), "must be one line"), terminalSafe(["\r", "\n"])),
      ),
      long: v.optional(v.pipe(v.string("must be a string"), terminalSafe(["\n", "\t"]))),
      command: v.optional(v.pipe(v.string("must be a string (\"\" for a hooks-only plugin)"), v.rawCheck(commandProblem))),
      hooks: v.optional(v.pipe(v.array(hookSchema, "must be a list of events"), v.rawCheck(duplicateEvents)), []),
      k3d: v.optional(v.pipe(v.string("must be a semver range string such as \">=5.0.0\""), v.check(isSemverRange, (issue) => `${JSON.stringify(issue.input)} is not a semver range (e.g. ">=5.0.0", "^5.6", ">=5.0.0 <6")`))),
    },
    (issue) => missingFieldMessage(issue),
  ),
  knownFieldsOnly(METADATA_FIELDS),
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

/** Validates raw metadata (parsed YAML or JSON, no positions known) and returns it normalized; throws a K3dxError listing every problem. */
export function parseMetadata(raw: unknown, options: MetadataOptions): PluginMetadata {
  return validateMetadata(documentWithoutPositions(raw), options);
}

/** Reads YAML text (JSON is YAML) and validates it; every problem is located on its line. */
export function parseMetadataText(text: string, options: MetadataOptions): PluginMetadata {
  return validateMetadata(readYamlDocument(text, options.where), options);
}

/** The metadata in a YAML document, validated and normalized, or one K3dxError naming every problem. */
export function validateMetadata(doc: YamlDocument, options: MetadataOptions): PluginMetadata {
  const raw = doc.value;
  const input = options.nameOverride !== undefined && isRecord(raw) ? renamed(raw, options.nameOverride) : raw;
  const result = v.safeParse(metadataSchema, input, { abortEarly: false });
  if (!result.success) {
    const issues = result.issues.map((issue) => ({ ...issue, message: explained(issue, doc) }));
    // In the order of the file, as the author reads it.
    const at = (issue: v.BaseIssue<unknown>) => {
      const path = issuePath(issue);
      return doc.positionOf(path) ?? doc.positionOf(path.slice(0, -1)) ?? { line: 0, col: 0 };
    };
    issues.sort((a, b) => at(a).line - at(b).line || at(a).col - at(b).col);
    const problems = locateIssues(issues, doc, options.where);
    const foreign = foreignManifestKind(raw);
    if (foreign) throw new K3dxError([foreignManifestHeadline(options.where, foreign), ...problems.slice(0, 10)].join("\n  "));
    throw new K3dxError(listProblems(`${options.where} does not match the schema`, problems));
  }
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

/**
 * An issue's message with what only the file can tell: `version: 1.10` is the number 1.1
 * to YAML, which would install as "1.1"; the author is shown how to quote what they wrote.
 */
function explained(issue: v.BaseIssue<unknown>, doc: YamlDocument): string {
  const path = issuePath(issue);
  if (path.length === 1 && path[0] === "version" && typeof issue.input === "number") {
    const written = doc.sourceOf(path) ?? String(issue.input);
    const read = String(issue.input) === written ? "" : `YAML reads ${written} as the number ${issue.input}; `;
    return `must be a string: ${read}quote it, as in version: "${written}"`;
  }
  return issue.message;
}

/** Data that came without its text: problems are named by field, without a line. */
function documentWithoutPositions(value: unknown): YamlDocument {
  return { value, positionOf: () => undefined, lineText: () => "", sourceOf: () => undefined };
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

/** The object schema reports a missing field and a non-mapping through one message (unknown fields: knownFieldsOnly). */
function missingFieldMessage(issue: v.BaseIssue<unknown>): string {
  return issue.received === "undefined" ? "is required" : "must be a mapping";
}

/** `""` is a hooks-only plugin; anything else is a noun, and a program's path is said to be one. */
function commandProblem({ dataset, addIssue }: v.RawCheckContext<string>): void {
  if (!dataset.typed || dataset.value === "") return;
  if (namesAProgram(dataset.value)) {
    addIssue({
      message: `${JSON.stringify(dataset.value)} names a program, but command: is the k3d noun the plugin answers (k3d NOUN); k3dx runs the plugin's own executable (k3d-NAME). Leave it out to answer the plugin's name`,
    });
    return;
  }
  const problem = nameProblem(dataset.value);
  if (problem) addIssue({ message: problem });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** YAML and JSON output without `key: null` lines for what the author left out. */
function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
