/**
 * The empty $K3D_RESULT files plugins may write to (SPEC §3, §4): one private folder
 * (mkdtemp: mode 0700) per callable run or event firing, one file (mode 0600) per plugin
 * run in it, removed together at the end. One folder for all the hooks of an event rather
 * than one per run: creating and removing files is the dearest part of starting a hook on
 * a slow disk, so each run costs one file, not a folder and a file.
 *
 * k3d alone never needs TMPDIR, so a plugin or hook must not either: when TMPDIR is
 * missing or unwritable the folder goes to the system's /tmp, else to $K3DX_HOME/tmp;
 * only when none of them takes it does the command fail, in one line naming them all.
 */
import { closeSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { K3dxError } from "../errors.ts";
import { HAND_BACK_MAX_BYTES } from "../limits.ts";
import { IS_WINDOWS, joinPath } from "../platform/paths.ts";

export interface ResultFolder {
  /** Creates the empty result file of run number `index` and returns its path. */
  createFile(index: number): string;
  /**
   * What a run wrote there (empty if the file is gone): at most HAND_BACK_MAX_BYTES + 1
   * bytes, however large the file — one byte more than the cap tells that it is over.
   */
  read(path: string): Uint8Array;
  remove(): void;
}

/** Where the folder may go, in order: TMPDIR (or the system's default), /tmp, then $K3DX_HOME/tmp. */
export function resultFolderRoots(home: string): string[] {
  const roots = [tmpdir(), ...(IS_WINDOWS ? [] : ["/tmp"]), joinPath(home, "tmp")];
  return [...new Set(roots)];
}

export function createResultFolder(roots: string[]): ResultFolder {
  const dir = makePrivateFolder(roots);
  return {
    createFile(index) {
      const path = joinPath(dir, `result-${index}`);
      writeFileSync(path, "", { mode: 0o600 });
      return path;
    },
    read: (path) => readCapped(path, HAND_BACK_MAX_BYTES + 1),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function makePrivateFolder(roots: string[]): string {
  const refused: string[] = [];
  for (const [i, root] of roots.entries()) {
    try {
      // The last root is k3dx's own ($K3DX_HOME/tmp): made when needed, private like the folder.
      if (i === roots.length - 1) mkdirSync(root, { recursive: true, mode: 0o700 });
      return mkdtempSync(joinPath(root, "k3dx-"));
    } catch (error) {
      refused.push(`${root} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  }
  throw new K3dxError(`cannot make a private folder for $K3D_RESULT files in ${refused.join(", ")}; set TMPDIR to a folder you can write to`);
}

/** The first `limit` bytes of a file; empty when it cannot be read. */
function readCapped(path: string, limit: number): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return new Uint8Array(0);
  }
  try {
    const buffer = Buffer.allocUnsafe(limit);
    let length = 0;
    while (length < limit) {
      const read = readSync(fd, buffer, length, limit - length, null);
      if (read === 0) break;
      length += read;
    }
    return buffer.subarray(0, length);
  } catch {
    return new Uint8Array(0);
  } finally {
    closeSync(fd);
  }
}
