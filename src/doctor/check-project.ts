/**
 * Doctor: the nearest k3d-plugins.yaml, its lock and the store. A file or lock that
 * cannot be read is a problem (every install from it fails); drift is a warning, one
 * finding each: the store is the user's, and may be ahead of a project on purpose.
 */
import { LOCK_FILE } from "../project/lock-file.ts";
import { projectStatus } from "../project/project-status.ts";
import { ok, problem, warning, type Finding } from "./finding.ts";
import { counted } from "../platform/counted.ts";

export function checkProject(cwd: string, home: string, env: Record<string, string | undefined>): Finding[] {
  const status = projectStatus(cwd, home, env);
  switch (status.kind) {
    case "none":
      return [];
    case "unreadable":
      // One line per finding: a list of located problems is joined.
      return [problem(status.problem.replace(/\n\s*/g, " | "))];
    case "read":
      if (status.drift.length === 0) return [ok(`${status.path}: ${counted(status.plugins, "plugin")}, installed as ${LOCK_FILE} says`)];
      return status.drift.map((line) => warning(`${status.path}: ${line}`));
  }
}
