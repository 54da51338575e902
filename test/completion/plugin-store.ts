/**
 * Installed plugins for completion and help tests, laid out as `k3d plugin install`
 * leaves them: `plugins/local/<name>/{plugin.yaml, k3d-<name>}`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Sandbox } from "../helpers/sandbox.ts";

export interface StorePlugin {
  name: string;
  /** plugin.yaml's description; omitted when undefined. */
  description?: string;
  /** plugin.yaml's command; default: the name. */
  command?: string;
  /** The executable's shell script body. */
  body?: string;
}

/** Writes the plugin into the sandbox's K3DX_HOME and returns its folder. */
export function installIntoStore(box: Sandbox, plugin: StorePlugin): string {
  const dir = join(box.k3dxHome, "plugins", "local", plugin.name);
  mkdirSync(dir, { recursive: true });
  const lines = [`name: ${plugin.name}`];
  if (plugin.description !== undefined) lines.push(`description: ${JSON.stringify(plugin.description)}`);
  if (plugin.command !== undefined) lines.push(`command: ${JSON.stringify(plugin.command)}`);
  writeFileSync(join(dir, "plugin.yaml"), `${lines.join("\n")}\n`);
  box.script(`k3d-${plugin.name}`, plugin.body ?? "exit 0\n", dir);
  return dir;
}

/** A plugin body that answers `__complete` the cobra way: `lines`, then `:<directive>`. */
export function answering(lines: string[], directive: number): string {
  const printed = [...lines, `:${directive}`].map((line) => `printf '%s\\n' '${line.replace(/'/g, `'\\''`)}'`).join("\n");
  return `if [ "$1" = __complete ]; then\n${printed}\nexit 0\nfi\necho called\n`;
}
