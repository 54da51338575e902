/**
 * Finding the real k3d (SPEC §1): `K3DX_K3D`, else the first `k3d` on PATH that is not a
 * wrapper. Never this executable itself, so a loop between wrappers is impossible.
 *
 * Bun.which does the executable checks natively (and PATHEXT on Windows), which keeps
 * node:fs off the start-up path of every k3d call.
 */
import { K3dxError } from "../errors.ts";
import { isAbsolutePath, pathFolders } from "../platform/paths.ts";
import { isWrapper } from "./wrapper-identity.ts";

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

/** Returns the real k3d's absolute path, or throws a K3dxError with exit status 127. */
export function findRealK3d(options: FindK3dOptions): string {
  if (options.override !== undefined) return checkOverride(options.override, options.selfPath);
  for (const folder of pathFolders(options.pathValue)) {
    const candidate = Bun.which("k3d", { PATH: folder });
    if (candidate && !isWrapper(candidate, options.selfPath)) return candidate;
  }
  throw new K3dxError(
    `real k3d not found: no k3d on PATH other than this wrapper. Install k3d (${WHERE_TO_GET_K3D}) ` +
      `or set K3DX_K3D to its absolute path.`,
    K3D_NOT_FOUND_STATUS,
  );
}

function checkOverride(path: string, selfPath: string): string {
  if (!isAbsolutePath(path)) {
    throw new K3dxError(`K3DX_K3D must be an absolute path to the real k3d, not '${path}'.`, K3D_NOT_FOUND_STATUS);
  }
  if (!Bun.which(path)) {
    throw new K3dxError(
      `K3DX_K3D=${path} is not an executable file. Point it at the real k3d (${WHERE_TO_GET_K3D}).`,
      K3D_NOT_FOUND_STATUS,
    );
  }
  if (isWrapper(path, selfPath)) {
    throw new K3dxError(`K3DX_K3D=${path} is a k3dx wrapper, not the real k3d. Point it at the real k3d.`, K3D_NOT_FOUND_STATUS);
  }
  return path;
}

/** The real k3d for this run (K3DX_K3D, else PATH), or the one-line error with status 127. */
export function locateRealK3d(ctx: { settings: { k3dOverride: string | undefined }; env: Record<string, string | undefined>; selfPath: string }): string {
  return findRealK3d({ override: ctx.settings.k3dOverride, pathValue: ctx.env.PATH, selfPath: ctx.selfPath });
}

/** A plugin may not need k3d at all, so a missing k3d is not an error until it is used: "" then. */
export function realK3dOrEmpty(ctx: Parameters<typeof locateRealK3d>[0]): string {
  try {
    return locateRealK3d(ctx);
  } catch {
    return "";
  }
}
