/**
 * Finding the real k3d (SPEC §1): `K3DX_K3D`, else the first `k3d` on PATH that is not a
 * wrapper. Never this executable itself, so a loop between wrappers is impossible.
 */
import { K3dxError } from "../errors.ts";
import { executableFileNames, isExecutableFile } from "../platform/executable.ts";
import { isAbsolutePath, joinPath, pathFolders } from "../platform/paths.ts";
import { fileIdentity, isWrapper } from "./wrapper-identity.ts";

const WHERE_TO_GET_K3D = "https://k3d.io/#installation";
/** The shell's "command not found": what a missing real k3d exits with. */
export const K3D_NOT_FOUND_STATUS = 127;

export interface FindK3dOptions {
  /** `K3DX_K3D`, if set. */
  override: string | undefined;
  /** The PATH to search. */
  pathValue: string | undefined;
  /** Path of the running wrapper (its real path), to skip it and its links. */
  selfPath: string;
}

/** Returns the real k3d's path, or throws a K3dxError with exit status 127. */
export function findRealK3d(options: FindK3dOptions): string {
  const self = fileIdentity(options.selfPath);
  if (options.override !== undefined) return checkOverride(options.override, self);
  for (const folder of pathFolders(options.pathValue)) {
    for (const fileName of executableFileNames("k3d")) {
      const candidate = joinPath(folder, fileName);
      if (isExecutableFile(candidate) && !isWrapper(candidate, self)) return absolute(candidate);
    }
  }
  throw new K3dxError(
    `real k3d not found: no k3d on PATH other than this wrapper. Install k3d (${WHERE_TO_GET_K3D}) ` +
      `or set K3DX_K3D to its absolute path.`,
    K3D_NOT_FOUND_STATUS,
  );
}

function checkOverride(path: string, self: ReturnType<typeof fileIdentity>): string {
  if (!isAbsolutePath(path)) {
    throw new K3dxError(`K3DX_K3D must be an absolute path to the real k3d, not '${path}'.`, K3D_NOT_FOUND_STATUS);
  }
  if (!isExecutableFile(path)) {
    throw new K3dxError(
      `K3DX_K3D=${path} is not an executable file. Point it at the real k3d (${WHERE_TO_GET_K3D}).`,
      K3D_NOT_FOUND_STATUS,
    );
  }
  if (isWrapper(path, self)) {
    throw new K3dxError(`K3DX_K3D=${path} is a k3dx wrapper, not the real k3d. Point it at the real k3d.`, K3D_NOT_FOUND_STATUS);
  }
  return path;
}

/** PATH may hold relative folders; plugins get K3D_BINARY as an absolute path. */
function absolute(path: string): string {
  return isAbsolutePath(path) ? path : joinPath(process.cwd(), path);
}
