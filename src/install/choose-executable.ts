/**
 * Which file of an unpacked plugin is its executable (SPEC §6): `k3d-<name>`, else
 * `<name>`, else the only executable file (on Windows: the only file with an executable
 * extension). The store's reader applies the same rule; here a miss is an error that
 * shows what was there.
 */
import { readdirSync } from "node:fs";
import { K3dxError } from "../errors.ts";
import { baseName } from "../platform/paths.ts";
import { printable } from "../platform/printable.ts";
import { findPluginExecutable } from "../plugins/installed-plugins.ts";

/** The executable's file name inside `root`. */
export function chooseExecutable(root: string, name: string): string {
  const found = findPluginExecutable(root, name);
  if (found) return baseName(found);
  // The names come from the archive: shown escaped, they cannot act on the terminal.
  const files = readdirSync(root).sort().map(printable);
  const listed = files.length === 0 ? "it is empty" : `it holds: ${files.join(", ")}`;
  throw new K3dxError(
    `cannot tell which file is the plugin's executable: expected ${printable(`k3d-${name}`)}, ${printable(name)}, or a single executable file, but ${listed}`,
  );
}
