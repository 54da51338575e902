/**
 * Where an unpacked plugin's metadata comes from (SPEC §6), first hit wins:
 *   1. `plugin.yaml` in its root;
 *   2. the INFO protocol: `<exe> metadata`;
 *   3. nothing: a plain callable named after the source, with no hooks.
 * Whatever the source, the result is validated strictly and normalized.
 */
import { readFileSync } from "node:fs";
import { baseName, joinPath } from "../platform/paths.ts";
import { K3dxError } from "../errors.ts";
import { nameProblem, parseMetadataText, validateMetadata } from "../plugins/metadata-schema.ts";
import { readYamlDocument, type YamlDocument } from "../yaml/yaml-document.ts";
import { METADATA_FILE } from "../plugins/store-layout.ts";
import type { PluginMetadata } from "../plugins/types.ts";
import { chooseExecutable } from "./choose-executable.ts";
import { askForMetadata, type InfoRequest } from "./info-protocol.ts";

export interface DiscoverRequest {
  /** The unpacked plugin's root folder (still in staging). */
  root: string;
  /** The name the source suggests: the repository or file name, without `k3d-`. */
  defaultName: string;
  /** `install --name`. */
  nameOverride?: string;
  /** How to run the plugin for the INFO protocol. */
  run: Pick<InfoRequest, "env" | "k3dBinary" | "wrapperPath" | "depth" | "timeoutMs" | "abort">;
}

export interface DiscoveredMetadata {
  metadata: PluginMetadata;
  /** Why no metadata was found, when the plugin became a plain callable. */
  note?: string;
}

const METADATA_FIELDS = ["name", "version", "description", "long", "command", "hooks", "k3d"];

export async function discoverMetadata(request: DiscoverRequest): Promise<DiscoveredMetadata> {
  const { root, nameOverride } = request;
  const yamlText = readText(joinPath(root, METADATA_FILE));
  if (yamlText !== undefined) return { metadata: parseMetadataText(yamlText, { where: METADATA_FILE, nameOverride }) };

  const name = nameOverride ?? request.defaultName;
  const executable = joinPath(root, chooseExecutable(root, name));
  const answer = await askForMetadata({ ...request.run, executable, pluginName: name, pluginDir: root });
  const where = `\`${baseName(executable)} metadata\``;
  let declined: string;
  if (answer.kind === "answered") {
    // Read like plugin.yaml, so its problems get the same lines and columns.
    const doc = readAnswer(answer.stdout, where);
    if (doc && speaksMetadata(doc.value)) return { metadata: validateMetadata(doc, { where, nameOverride }) };
    declined = `${where} printed no metadata mapping`;
  } else {
    declined = answer.reason;
  }
  const problem = nameProblem(name);
  if (problem) {
    throw new K3dxError(`the plugin has no ${METADATA_FILE} and ${declined}, so it would be named after its source, but ${problem}; install it with --name NAME`);
  }
  return {
    metadata: { name, command: name, hooks: [] },
    note: `no ${METADATA_FILE}, and ${declined}: installed as a plain command named ${name}, with no hooks`,
  };
}

/**
 * The answer as a YAML document; undefined when it is not YAML and does not try to be (a
 * program printing its usage for any argument). Text that starts a metadata field is an
 * answer, and its syntax errors are the author's to fix.
 */
function readAnswer(stdout: string, where: string): YamlDocument | undefined {
  try {
    return readYamlDocument(stdout, where);
  } catch (error) {
    const fields = new RegExp(`(?:^|[{,])\\s*["']?(${METADATA_FIELDS.join("|")})["']?\\s*:`, "m");
    if (error instanceof K3dxError && !fields.test(stdout)) return undefined;
    throw error;
  }
}

/**
 * A program that ignores the protocol may still exit 0 and print something (its usage,
 * say); only a mapping with a metadata field is taken as an answer, and then strictly.
 */
function speaksMetadata(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === "object" && raw !== null && !Array.isArray(raw) && METADATA_FIELDS.some((field) => field in raw);
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}
