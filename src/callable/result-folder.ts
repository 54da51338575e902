/**
 * The empty $K3D_RESULT files plugins may write to (SPEC §3, §4): one private folder
 * (mkdtemp: mode 0700) per callable run or event firing, one file per plugin run in it,
 * removed together at the end. One folder for all the hooks of an event rather than one
 * per run: creating and removing files is the dearest part of starting a hook on a slow
 * disk, so each run costs one file, not a folder and a file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { joinPath } from "../platform/paths.ts";

export interface ResultFolder {
  /** Creates the empty result file of run number `index` and returns its path. */
  createFile(index: number): string;
  /** What a run wrote there ("" if the file is gone). */
  read(path: string): string;
  remove(): void;
}

export function createResultFolder(): ResultFolder {
  const dir = mkdtempSync(joinPath(tmpdir(), "k3dx-"));
  return {
    createFile(index) {
      const path = joinPath(dir, `result-${index}`);
      writeFileSync(path, "", { mode: 0o600 });
      return path;
    },
    read(path) {
      try {
        return readFileSync(path, "utf8");
      } catch {
        return "";
      }
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
