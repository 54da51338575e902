/**
 * Writes a planned scaffold into a new folder, all or nothing: the folder is claimed
 * with one mkdir (which fails if anything by that name exists, even a dangling link),
 * and a failure part-way (a full disk) removes it again. Nothing already there is ever
 * touched.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { K3dxError } from "../errors.ts";
import { dirName, joinPath } from "../platform/paths.ts";
import type { Scaffold } from "./plan-scaffold.ts";

/** Returns the folder written. */
export function writeScaffold(scaffold: Scaffold, parent: string): string {
  const root = joinPath(parent, scaffold.folder);
  try {
    mkdirSync(root);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw new K3dxError(`${root} already exists; k3d plugin new writes only into a new folder: pick another name, or move it away`);
    throw new K3dxError(`cannot create ${root}: ${(error as Error).message}`);
  }
  try {
    for (const file of scaffold.files) {
      const path = joinPath(root, ...file.path.split("/"));
      mkdirSync(dirName(path), { recursive: true });
      writeFileSync(path, file.text, { mode: file.executable ? 0o755 : 0o644, flag: "wx" });
    }
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw new K3dxError(`cannot write ${root}: ${(error as Error).message}; nothing was left behind`);
  }
  return root;
}
