/**
 * k3d's schema check of a config file (InitViperWithConfigFile → ValidateSchemaFile):
 * the JSON Schema of the config's apiVersion, as k3d embeds it, checked the way
 * gojsonschema v1.2.0 checks it. A config that fails it is refused by k3d before any
 * cluster is touched (`Schema Validation failed for config file …`), so no hook may fire.
 *
 * config-schemas/*.json are k3d v5.9.0's four schemas (pkg/config/v1alpha*\/schema.json,
 * MIT, © The k3d Authors) with the annotations (description, examples, default) left out.
 * Older releases lack a few later fields; SCHEMA_CHANGES takes them out again, so a
 * field your k3d does not know is refused as k3d refuses it.
 *
 * Only the keywords those schemas use are implemented: type, enum, properties,
 * additionalProperties, required, items, minimum, format (hostname, ipv4), $ref to
 * #/definitions, and boolean schemas (v1alpha5 has a property whose schema is `false`).
 */
import v1alpha2 from "./config-schemas/v1alpha2.json";
import v1alpha3 from "./config-schemas/v1alpha3.json";
import v1alpha4 from "./config-schemas/v1alpha4.json";
import v1alpha5 from "./config-schemas/v1alpha5.json";
import { isAtLeast, type K3dRelease } from "./k3d-release.ts";

type Schema = boolean | SchemaObject;

interface SchemaObject {
  type?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  additionalProperties?: Schema;
  required?: string[];
  items?: Schema;
  minimum?: number;
  format?: string;
  $ref?: string;
  definitions?: Record<string, Schema>;
}

const SCHEMAS: Readonly<Record<string, SchemaObject>> = {
  "k3d.io/v1alpha2": v1alpha2 as SchemaObject,
  "k3d.io/v1alpha3": v1alpha3 as SchemaObject,
  "k3d.io/v1alpha4": v1alpha4 as SchemaObject,
  "k3d.io/v1alpha5": v1alpha5 as SchemaObject,
};

/**
 * How the schemas of older releases differ from v5.9.0's (read from every tag's schema.json):
 * a field added later is removed before `since`; `until` marks a rule that later releases
 * dropped. `path` is the property's path from the top of the config.
 */
const SCHEMA_CHANGES: readonly { apiVersion: string; path: string[]; since?: string; until?: string; rule?: SchemaObject }[] = [
  { apiVersion: "k3d.io/v1alpha3", path: ["options", "k3d", "timeout"], until: "v5.0.1", rule: { type: "string" } },
  { apiVersion: "k3d.io/v1alpha4", path: ["registries", "create", "image"], since: "v5.4.2" },
  { apiVersion: "k3d.io/v1alpha4", path: ["registries", "create", "proxy"], since: "v5.4.3" },
  { apiVersion: "k3d.io/v1alpha4", path: ["registries", "create", "volumes"], since: "v5.4.3" },
  { apiVersion: "k3d.io/v1alpha5", path: ["files"], since: "v5.7.0" },
  { apiVersion: "k3d.io/v1alpha5", path: ["registries", "create", "enforcePortMatch"], since: "v5.9.0" },
];

/** The schema `release` checks `apiVersion` (lowercase) against; undefined when it has none. */
export function schemaFor(apiVersion: string, release: K3dRelease): SchemaObject | undefined {
  const newest = SCHEMAS[apiVersion];
  if (!newest) return undefined;
  const changes = SCHEMA_CHANGES.filter(
    (change) => change.apiVersion === apiVersion && ((change.since && !isAtLeast(release, change.since)) || (change.until && !isAtLeast(release, change.until))),
  );
  if (changes.length === 0) return newest;
  const schema = structuredClone(newest);
  for (const change of changes) {
    const parent = change.path.slice(0, -1).reduce<SchemaObject | undefined>((node, key) => asObject(node?.properties?.[key]), schema);
    const last = change.path.at(-1)!;
    if (!parent?.properties) continue;
    if (change.rule) parent.properties[last] = { ...asObject(parent.properties[last]), ...change.rule };
    else delete parent.properties[last];
  }
  return schema;
}

function asObject(schema: Schema | undefined): SchemaObject | undefined {
  return typeof schema === "object" ? schema : undefined;
}

/**
 * The first way `value` (the config as YAML gives it) fails `schema`, as `path: problem`
 * in gojsonschema's words; undefined when it passes.
 */
export function schemaProblem(value: unknown, schema: SchemaObject): string | undefined {
  return check(value, schema, schema, "(root)");
}

function check(value: unknown, schema: Schema, root: SchemaObject, path: string): string | undefined {
  if (schema === true) return undefined;
  if (schema === false) return `${path}: False always fails validation`;
  if (schema.$ref !== undefined) return check(value, resolveRef(schema.$ref, root), root, path);
  if (schema.type !== undefined && !hasType(value, schema.type)) {
    return `${path}: Invalid type. Expected: ${schema.type}, given: ${typeName(value)}`;
  }
  if (schema.enum !== undefined && !schema.enum.some((allowed) => allowed === value)) {
    return `${path}: ${path.split(".").at(-1)} must be one of the following: ${schema.enum.map((allowed) => JSON.stringify(allowed)).join(", ")}`;
  }
  if (schema.minimum !== undefined && typeof value === "number" && value < schema.minimum) {
    return `${path}: Must be greater than or equal to ${schema.minimum}`;
  }
  if (schema.format !== undefined && typeof value === "string" && !hasFormat(value, schema.format)) {
    return `${path}: Does not match format '${schema.format}'`;
  }
  if (Array.isArray(value) && schema.items !== undefined) {
    for (const [i, item] of value.entries()) {
      const problem = check(item, schema.items, root, `${path}.${i}`);
      if (problem) return problem;
    }
  }
  if (isMap(value)) return checkObject(value, schema, root, path);
  return undefined;
}

function checkObject(value: Record<string, unknown>, schema: SchemaObject, root: SchemaObject, path: string): string | undefined {
  const at = (key: string) => (path === "(root)" ? key : `${path}.${key}`);
  for (const key of schema.required ?? []) {
    if (!(key in value)) return `${path}: ${key} is required`;
  }
  for (const [key, item] of Object.entries(value)) {
    const property = schema.properties?.[key];
    if (property !== undefined) {
      const problem = check(item, property, root, at(key));
      if (problem) return problem;
    } else if (schema.additionalProperties === false) {
      return `${path}: Additional property ${key} is not allowed`;
    } else if (typeof schema.additionalProperties === "object") {
      const problem = check(item, schema.additionalProperties, root, at(key));
      if (problem) return problem;
    }
  }
  return undefined;
}

function resolveRef(ref: string, root: SchemaObject): Schema {
  const name = ref.startsWith("#/definitions/") ? ref.slice("#/definitions/".length) : undefined;
  const target = name === undefined ? undefined : root.definitions?.[name];
  // k3d's schemas only point into their own definitions; anything else would be our bug.
  if (target === undefined) throw new Error(`k3d config schema: unresolvable $ref ${ref}`);
  return target;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case "object":
      return isMap(value);
    case "array":
      return Array.isArray(value);
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number";
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "null":
      return value === null;
    default:
      return true;
  }
}

/** gojsonschema's names for what it was given. */
function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** gojsonschema's rxHostname (labels of at most 63 characters, dots between), under 256 characters. */
const HOSTNAME = /^([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9])(\.([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9]))*$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function hasFormat(value: string, format: string): boolean {
  if (format === "hostname") return HOSTNAME.test(value) && value.length < 256;
  // Go's net.ParseIP, and a dot somewhere: a dotted quad, or IPv6 ending in one (::ffff:10.0.0.1).
  if (format === "ipv4") return IPV4.test(value) || (value.includes(":") && IPV4.test(value.slice(value.lastIndexOf(":") + 1)) && isIpv6(value));
  return true;
}

function isIpv6(value: string): boolean {
  try {
    return new URL(`http://[${value}]/`).hostname !== "";
  } catch {
    return false;
  }
}
