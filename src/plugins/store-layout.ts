/**
 * Where things live under $K3DX_HOME (SPEC §6). The one place that knows the layout.
 *
 *   plugins/OWNER/REPO/{<executable>, plugin.yaml, receipt.yaml}   GitHub installs
 *   plugins/local/NAME/…                                            path and URL installs
 *   hooks/<event>/<name>                                            links to hook executables
 *   plugins/.store.lock                                             held while a command changes the store
 */
import { K3dxError } from "../errors.ts";
import { joinPath } from "../platform/paths.ts";
import { quoted } from "../platform/printable.ts";

export const METADATA_FILE = "plugin.yaml";
export const RECEIPT_FILE = "receipt.yaml";
/** The OWNER folder for plugins installed from a path or a URL. */
export const LOCAL_OWNER = "local";

export function pluginsRoot(home: string): string {
  return joinPath(home, "plugins");
}

export function storeLockPath(home: string): string {
  return joinPath(pluginsRoot(home), ".store.lock");
}

export function hooksRoot(home: string): string {
  return joinPath(home, "hooks");
}

export function hookFolder(home: string, event: string): string {
  return joinPath(hooksRoot(home), event);
}

export function hookLinkPath(home: string, event: string, pluginName: string): string {
  return joinPath(hookFolder(home, event), pluginName);
}

/**
 * `plugins/OWNER/REPO` for GitHub sources, `plugins/local/NAME` otherwise. Each part must
 * be a plain name that does not start with ".": a dot-folder is skipped by every reader
 * of the store (yet its hook links would run) and could be taken for the lock or a
 * staging folder; a separator or `..` would put the plugin somewhere else entirely.
 */
export function pluginFolder(home: string, owner: string, repo: string): string {
  for (const part of [owner, repo]) {
    if (!isPlainName(part) || part.startsWith(".")) {
      throw new K3dxError(`${quoted(part)} cannot name a folder in the plugin store: it must be a plain name that does not start with "."`);
    }
  }
  return joinPath(pluginsRoot(home), owner, repo);
}

/** Whether `name` names an entry right inside a folder: not empty, `.` or `..`, no separator or NUL. */
export function isPlainName(name: string): boolean {
  return name !== "" && name !== "." && name !== ".." && !["/", "\\", "\0"].some((bad) => name.includes(bad));
}

export function localPluginFolder(home: string, name: string): string {
  return pluginFolder(home, LOCAL_OWNER, name);
}
