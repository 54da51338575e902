/**
 * The staging folder: where a plugin is downloaded, unpacked and completed before it
 * is moved into the store with one rename. It sits beside its final folder (same file
 * system, so the rename is atomic) and its name starts with "." so that nothing that
 * reads the store ever sees it. Its name carries the pid of the command that made it
 * (`.staging-PID-XXXXXX`): one left by a command that was killed is deleted by the next
 * command that changes the store, once that pid is gone (recover-store.ts).
 */
import { mkdirSync, mkdtempSync, readdirSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { ArchiveError } from "../archive/archive-error.ts";
import { checkLinksStayInside } from "../archive/links-inside.ts";
import { K3dxError } from "../errors.ts";
import { joinPath } from "../platform/paths.ts";
import { writeReceipt } from "../plugins/receipt.ts";
import { METADATA_FILE, RECEIPT_FILE } from "../plugins/store-layout.ts";
import type { PluginMetadata, Receipt } from "../plugins/types.ts";
import { quoted } from "../platform/printable.ts";

export interface Staging {
  /** The private folder; everything below it is removed by `remove()`. */
  dir: string;
  /** The folder given to `fetchPlugin` (it unpacks into a folder below it). */
  fetchInto: string;
  remove(): void;
}

export function createStaging(ownerDir: string): Staging {
  mkdirSync(ownerDir, { recursive: true });
  const dir = mkdtempSync(joinPath(ownerDir, `.staging-${process.pid}-`));
  return { dir, fetchInto: joinPath(dir, "fetch"), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The plugin's root: the unpacked folder, or its single top folder (`tool-1.2.0/…`, SPEC §6).
 * Only the root is moved into the store, so its links must stay inside it.
 */
export function pluginRootOf(unpacked: string): string {
  const entries = readdirSync(unpacked, { withFileTypes: true }).filter((entry) => !entry.name.startsWith("."));
  const only = entries.length === 1 ? entries[0] : undefined;
  if (!only?.isDirectory()) return unpacked;
  const root = joinPath(unpacked, only.name);
  try {
    checkLinksStayInside(root);
  } catch (error) {
    if (!(error instanceof ArchiveError)) throw error;
    throw new K3dxError(`cannot install the plugin from its top folder ${quoted(only.name)}: ${error.message}; nothing was installed`);
  }
  return root;
}

/** Writes the validated metadata and the receipt over whatever the archive had there. */
export function writeStoreFiles(root: string, metadata: PluginMetadata, receipt: Receipt): void {
  // Removed first: a link by that name would make the write land on another file.
  for (const file of [METADATA_FILE, RECEIPT_FILE]) rmSync(joinPath(root, file), { force: true, recursive: true });
  writeFileSync(joinPath(root, METADATA_FILE), metadataText(metadata));
  writeReceipt(root, receipt);
}

export function metadataText(metadata: PluginMetadata): string {
  return Bun.YAML.stringify(metadata, null, 2) + "\n";
}

/** Store folders (OWNER, plugins/) go when their last plugin does, or when a first install fails. */
export function removeIfEmpty(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // Not empty: other plugins, or another command's staging folder or lock.
  }
}
