/** The empty $K3D_RESULT file a plugin may write to, in a private temporary folder. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { joinPath } from "../platform/paths.ts";

export interface ResultFile {
  path: string;
  read(): string;
  remove(): void;
}

export function createResultFile(): ResultFile {
  const dir = mkdtempSync(joinPath(tmpdir(), "k3dx-"));
  const path = joinPath(dir, "result");
  writeFileSync(path, "", { mode: 0o600 });
  return {
    path,
    read: () => {
      try {
        return readFileSync(path, "utf8");
      } catch {
        return "";
      }
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
