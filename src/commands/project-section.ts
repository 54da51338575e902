/**
 * The end of `k3d plugin list` in a project: how the store compares with the nearest
 * k3d-plugins.yaml and its lock. Nothing when there is no project file.
 */
import { printErrorLine } from "../errors.ts";
import { LOCK_FILE } from "../project/lock-file.ts";
import { projectStatus } from "../project/project-status.ts";
import { counted } from "../platform/counted.ts";

export function printProjectSection(cwd: string, home: string, env: Record<string, string | undefined>): void {
  const status = projectStatus(cwd, home, env);
  if (status.kind === "none") return;
  // The list above stands: a broken project file is worth a warning, not a failed list.
  if (status.kind === "unreadable") return printErrorLine(`warning: ${status.problem}`);
  const count = counted(status.plugins, "plugin");
  if (status.drift.length === 0) {
    process.stdout.write(`\nProject ${status.path}: ${count}, installed as ${LOCK_FILE} says\n`);
    return;
  }
  process.stdout.write(`\nProject ${status.path}: ${count}, drift:\n${status.drift.map((line) => `  ${line}\n`).join("")}`);
}
