/**
 * The project around the current folder, as `plugin list` and `plugin doctor` report
 * it: no k3d-plugins.yaml, one that cannot be read (or whose lock cannot be), or one
 * read, with its drift from the lock and the store.
 */
import { existsSync } from "node:fs";
import { K3dxError } from "../errors.ts";
import { listInstalledPlugins } from "../plugins/installed-plugins.ts";
import { findDrift } from "./drift.ts";
import { lockPath, readLockFile } from "./lock-file.ts";
import { findProjectFile, projectTrust, readProjectFile } from "./project-file.ts";
import { thisPlatform } from "./this-platform.ts";

export type ProjectStatus =
  | { kind: "none" }
  | { kind: "unreadable"; path: string; problem: string }
  | { kind: "read"; path: string; plugins: number; drift: string[] };

export function projectStatus(cwd: string, home: string, env: Record<string, string | undefined>): ProjectStatus {
  const path = findProjectFile(cwd);
  if (!path) return { kind: "none" };
  try {
    const trust = projectTrust(env);
    const file = readProjectFile(path, trust);
    const lock = existsSync(lockPath(file.dir)) ? readLockFile(lockPath(file.dir), trust) : undefined;
    const drift = findDrift({ file, lock, store: listInstalledPlugins(home), home, platformId: thisPlatform(env).locked?.id });
    return { kind: "read", path, plugins: file.entries.length, drift };
  } catch (error) {
    if (!(error instanceof K3dxError)) throw error;
    return { kind: "unreadable", path, problem: error.message };
  }
}
