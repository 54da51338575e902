/**
 * What `install` would take from one release on each of several platforms, without
 * downloading a plugin: the asset it chooses (or why it chooses none), and the SHA-256
 * the release's checksum files give that asset (or that it publishes none, or why what
 * it publishes would stop the install). Each checksum file is read once, however many
 * platforms it covers. `k3d plugin check` shows this for every release platform.
 */
import { K3dxError } from "../errors.ts";
import type { ReleaseAsset } from "../net/github-api.ts";
import type { ReleasePlatform } from "./release-platforms.ts";
import { digestForAsset, findChecksumAssets, type ChecksumFile } from "./release-checksums.ts";
import { chooseReleaseAsset } from "./select-asset.ts";

export type ChecksumVerdict =
  /** The release's checksum files agree on this digest; `from` names them. */
  | { kind: "published"; sha256: string; from: string }
  /** The release publishes no checksum file that covers the asset: installs are not verified. */
  | { kind: "none" }
  /** What the checksum files say would stop the install (not listed, listed twice, disagreeing). */
  | { kind: "problem"; message: string };

export type PlatformSurvey =
  | { platform: ReleasePlatform; asset: ReleaseAsset; note?: string; checksum: ChecksumVerdict }
  | { platform: ReleasePlatform; problem: string };

/** Reads one checksum file of the release (a download); its failure ends the survey. */
export type ChecksumReader = (file: ReleaseAsset) => Promise<ChecksumFile>;

export async function surveyRelease(
  assets: readonly ReleaseAsset[],
  platforms: readonly ReleasePlatform[],
  readChecksums: ChecksumReader,
  release: string,
): Promise<PlatformSurvey[]> {
  const read = new Map<string, Promise<ChecksumFile>>();
  const readOnce = (file: ReleaseAsset) => {
    if (!read.has(file.name)) read.set(file.name, readChecksums(file));
    return read.get(file.name)!;
  };
  return Promise.all(
    platforms.map(async (platform): Promise<PlatformSurvey> => {
      let choice: { asset: ReleaseAsset; note?: string };
      try {
        choice = chooseReleaseAsset(assets, platform, release);
      } catch (error) {
        if (error instanceof K3dxError) return { platform, problem: error.message };
        throw error;
      }
      const files = await Promise.all(findChecksumAssets(choice.asset.name, assets).map(readOnce));
      return { platform, ...choice, checksum: verdict(files, choice.asset.name) };
    }),
  );
}

function verdict(files: ChecksumFile[], assetName: string): ChecksumVerdict {
  if (files.length === 0) return { kind: "none" };
  try {
    return { kind: "published", ...digestForAsset(files, assetName) };
  } catch (error) {
    if (error instanceof K3dxError) return { kind: "problem", message: error.message };
    throw error;
  }
}
