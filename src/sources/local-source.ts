/**
 * ./PATH or /PATH: a folder is copied (links checked as in an archive), a file is an
 * archive or an executable by its name and bytes. The user's files are only read.
 */
import { statSync } from "node:fs";
import { ArchiveError } from "../archive/archive-error.ts";
import { copyFolder } from "../archive/copy-folder.ts";
import { K3dxError } from "../errors.ts";
import { baseName } from "../platform/paths.ts";
import { nameFromFileName } from "./default-name.ts";
import { checkDigests, sha256OfFile, type ExpectedDigest } from "./digest.ts";
import type { FetchedPlugin } from "./fetched-plugin.ts";
import type { SourceSpec } from "./parse-source.ts";
import { verifyAndUnpack, type Staging } from "./staging.ts";

type LocalSource = Extract<SourceSpec, { kind: "local" }>;

export async function fetchFromPath(source: LocalSource, staging: Staging, pinned: ExpectedDigest[]): Promise<FetchedPlugin> {
  const name = baseName(source.path.replace(/[\\/]+$/, ""));
  const defaultName = nameFromFileName(name);
  const stat = statSync(source.path, { throwIfNoEntry: false });
  if (stat?.isDirectory()) {
    const sha256 = copyFolderOrFail(source.path, staging.dir);
    checkDigests(`folder ${source.text}`, sha256, pinned);
    return { dir: staging.dir, sha256, assetUrl: source.path, defaultName };
  }
  if (!stat) throw new K3dxError(`cannot install from ${source.text}: no such file or folder`);
  if (!stat.isFile()) throw new K3dxError(`cannot install from ${source.text}: it is neither a file nor a folder`);
  const sha256 = await sha256OfFile(source.path);
  await verifyAndUnpack(staging, { file: source.path, name, sha256, expected: pinned, defaultName });
  return { dir: staging.dir, sha256, assetUrl: source.path, defaultName };
}

function copyFolderOrFail(path: string, target: string): string {
  try {
    return copyFolder(path, target);
  } catch (error) {
    const reason = error instanceof ArchiveError ? error.message : (error as Error).message;
    throw new K3dxError(`cannot copy ${path}: ${reason}; nothing was installed`);
  }
}
