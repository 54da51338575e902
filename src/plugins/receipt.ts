/**
 * receipt.yaml: how and when a plugin was installed (SPEC §6). Written once by the
 * install transaction; read back, validated, by `info`, `upgrade` and `doctor`.
 * Fields a newer k3dx may add are tolerated; the ones we rely on must be right.
 */
import { readFileSync, writeFileSync } from "node:fs";
import * as v from "valibot";
import { K3dxError } from "../errors.ts";
import { joinPath } from "../platform/paths.ts";
import { parseYaml } from "./parse-yaml.ts";
import { RECEIPT_FILE } from "./store-layout.ts";
import type { Receipt } from "./types.ts";

const receiptSchema = v.object(
  {
  source: v.pipe(v.string("must be a string"), v.nonEmpty("must not be empty")),
  kind: v.picklist(["github", "local", "url"], (issue) => `${JSON.stringify(issue.input)} must be github, local or url`),
  tag: v.optional(v.string("must be a string")),
  pinned: v.boolean("must be true or false"),
  assetUrl: v.optional(v.string("must be a string")),
  sha256: v.pipe(v.string("must be a string"), v.regex(/^[0-9a-f]{64}$/, "must be 64 lower-case hex digits")),
  installedAt: v.pipe(v.string("must be a string"), v.isoTimestamp("must be an ISO 8601 time")),
  executable: v.pipe(v.string("must be a string"), v.nonEmpty("must not be empty"), v.check((name) => !/[\\/]/.test(name), "must be a file name in the plugin folder")),
  },
  // One message for "not a mapping" and "field missing"; only the latter has a path.
  (issue) => (issue.path ? "is required" : "must be a mapping of receipt fields"),
);

const HEADER = "# Written by k3dx when the plugin was installed; `k3d plugin upgrade` reads it.\n";

export function receiptText(receipt: Receipt): string {
  const fields = Object.fromEntries(Object.entries(receipt).filter(([, value]) => value !== undefined));
  return HEADER + Bun.YAML.stringify(fields, null, 2) + "\n";
}

export function writeReceipt(pluginDir: string, receipt: Receipt): void {
  writeFileSync(joinPath(pluginDir, RECEIPT_FILE), receiptText(receipt));
}

/** The receipt of an installed plugin, or a one-line K3dxError naming the file and the field. */
export function readReceipt(pluginDir: string): Receipt {
  const path = joinPath(pluginDir, RECEIPT_FILE);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new K3dxError(`${path}: missing; reinstall the plugin to write it again`);
  }
  const result = v.safeParse(receiptSchema, parseYaml(text, path));
  if (result.success) return result.output;
  const issue = result.issues[0];
  const field = issue.path?.map((item) => String((item as { key: unknown }).key)).join(".");
  throw new K3dxError(`${path}: ${field ? `${field}: ` : ""}${issue.message}`);
}
