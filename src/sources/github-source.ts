/**
 * OWNER/REPO[@TAG]: the release, the asset for this platform, the checksum the release
 * publishes for it, the download (through the asset's API URL, so private repos work
 * with a token), and the check before anything is unpacked.
 */
import { ASSET_ACCEPT, explainGithubError, fetchRelease, githubAccess, type GithubAccess, type Release, type ReleaseAsset } from "../net/github-api.ts";
import { downloadText, downloadToFile } from "../net/download.ts";
import { K3dxError } from "../errors.ts";
import { CHECKSUM_FILE_MAX_BYTES } from "../limits.ts";
import { printable } from "../platform/printable.ts";
import { nameFromRepo } from "./default-name.ts";
import type { ExpectedDigest } from "./digest.ts";
import type { FetchOptions, FetchedPlugin } from "./fetched-plugin.ts";
import type { SourceSpec } from "./parse-source.ts";
import { targetPlatform } from "./platform.ts";
import { digestForAsset, findChecksumAssets, type ChecksumFile } from "./release-checksums.ts";
import { chooseReleaseAsset, platformLabel } from "./select-asset.ts";
import { verifyAndUnpack, type Staging } from "./staging.ts";

type GithubSource = Extract<SourceSpec, { kind: "github" }>;


export async function fetchFromGithub(
  source: GithubSource,
  staging: Staging,
  pinned: ExpectedDigest[],
  options: FetchOptions,
): Promise<FetchedPlugin> {
  const platform = targetPlatform(options.env);
  const access = githubAccess(options.env);
  const release = await fetchRelease(source.owner, source.repo, source.tag, access);
  const shown = `${source.owner}/${source.repo}@${release.tag}`;
  const { asset, note } = chooseReleaseAsset(release.assets, platform, `release ${shown}`);
  if (options.asset !== undefined && asset.name !== options.asset) {
    throw new K3dxError(`release ${shown} now offers ${printable(asset.name)} for ${platformLabel(platform)}, not ${printable(options.asset)} as locked; nothing was installed`);
  }
  // Before the big download: a release that cannot vouch for its asset fails fast.
  const published = await publishedDigest(asset, release, access);
  const fetched = await fetchReleaseAsset({ source, release, asset, expected: [...published, ...pinned], staging, access, progress: options.progress });
  return note ? { ...fetched, note } : fetched;
}

export interface ReleaseAssetFetch {
  source: GithubSource;
  release: Release;
  asset: ReleaseAsset;
  /** The digests it must have: the release's checksums, --sha256. */
  expected: ExpectedDigest[];
  staging: Staging;
  access: GithubAccess;
  progress: boolean;
}

/** Downloads one asset of a release through its API URL, checks it, and unpacks it into the staging folder. */
export async function fetchReleaseAsset(request: ReleaseAssetFetch): Promise<FetchedPlugin> {
  const { source, release, asset, staging, access } = request;
  let sha256: string;
  try {
    const download = { url: asset.url, accept: ASSET_ACCEPT, credentials: access.credentials, net: access.net, label: asset.name, progress: request.progress };
    sha256 = (await downloadToFile(download, staging.download)).sha256;
  } catch (error) {
    throw new K3dxError(`download of ${asset.name} from release ${source.owner}/${source.repo}@${release.tag} failed: ${explainGithubError(error, asset.url, access)}`);
  }
  const defaultName = nameFromRepo(source.repo);
  await verifyAndUnpack(staging, { file: staging.download, name: asset.name, sha256, expected: request.expected, defaultName });
  return { dir: staging.dir, sha256, assetUrl: asset.browserDownloadUrl, tag: release.tag, defaultName };
}

/** What the release's checksum files say the asset's SHA-256 is: every one of them is read. */
async function publishedDigest(asset: ReleaseAsset, release: Release, access: GithubAccess): Promise<ExpectedDigest[]> {
  const checksumAssets = findChecksumAssets(asset.name, release.assets);
  if (checksumAssets.length === 0) return [];
  const files = await Promise.all(checksumAssets.map((checksums) => readChecksumFile(checksums, release, access)));
  return [digestForAsset(files, asset.name)];
}

/** One checksum file of the release, read whole (it is small, and capped). */
export async function readChecksumFile(checksums: ReleaseAsset, release: Release, access: GithubAccess): Promise<ChecksumFile> {
  try {
    const request = { url: checksums.url, accept: ASSET_ACCEPT, credentials: access.credentials, net: access.net };
    return { name: checksums.name, text: await downloadText(request, CHECKSUM_FILE_MAX_BYTES) };
  } catch (error) {
    throw new K3dxError(`cannot read ${printable(checksums.name)} of release ${release.tag}: ${explainGithubError(error, checksums.url, access)}`);
  }
}
