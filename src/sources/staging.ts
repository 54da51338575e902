/**
 * Where a fetch puts things inside the caller's `into` folder, and the last step every
 * source shares: verify the bytes, then unpack them into the plugin folder.
 *
 *   into/.download   the downloaded asset (removed when the fetch ends, either way)
 *   into/plugin/     the unpacked plugin: FetchedPlugin.dir
 */
import { rmSync } from "node:fs";
import { unpackFile } from "../archive/unpack.ts";
import { joinPath } from "../platform/paths.ts";
import { executableFileName } from "./default-name.ts";
import { checkDigests, type ExpectedDigest } from "./digest.ts";

export interface Staging {
  download: string;
  dir: string;
}

export function stagingIn(into: string): Staging {
  return { download: joinPath(into, ".download"), dir: joinPath(into, "plugin") };
}

export function clearStaging(staging: Staging): void {
  rmSync(staging.download, { force: true });
  rmSync(staging.dir, { recursive: true, force: true });
}

export interface VerifiedUnpack {
  /** The file to unpack (a download, or the user's own file). */
  file: string;
  /** Its published name: it decides the kind and is what messages show. */
  name: string;
  sha256: string;
  expected: readonly ExpectedDigest[];
  defaultName: string;
}

/** Nothing is unpacked unless every expected digest matches. */
export async function verifyAndUnpack(staging: Staging, request: VerifiedUnpack): Promise<void> {
  checkDigests(request.name, request.sha256, request.expected);
  await unpackFile({
    file: request.file,
    name: request.name,
    dir: staging.dir,
    executableName: executableFileName(request.defaultName, request.name),
  });
}
