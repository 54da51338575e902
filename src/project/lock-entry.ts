/**
 * Locking one plugin of k3d-plugins.yaml: what its source resolves to now, for every
 * platform k3dx is released for.
 *
 *   OWNER/REPO[@TAG]   the release (latest, or that tag) → per platform the asset
 *                      selectReleaseAsset picks there → its SHA-256, from the release's
 *                      checksum files when it publishes them, else by downloading the
 *                      asset (streamed through the hasher, never written)
 *   path, URL          fetched as an install fetches it → its digest (a folder: as
 *                      --sha256 defines it)
 *
 * A platform the release cannot serve (no asset for it, a tie, a checksum list that
 * leaves the asset out) is locked as `none`, with a warning saying why: the plugin then
 * cannot be installed there, and the lock says so for every teammate. A network failure
 * is never recorded: it fails the entry.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { K3dxError } from "../errors.ts";
import { ASSET_ACCEPT, explainGithubError, fetchRelease, githubAccess, type GithubAccess, type Release, type ReleaseAsset } from "../net/github-api.ts";
import { hashDownload } from "../net/download.ts";
import { joinPath } from "../platform/paths.ts";
import { printable } from "../platform/printable.ts";
import { fetchPlugin } from "../sources/fetch-plugin.ts";
import { readChecksumFile } from "../sources/github-source.ts";
import type { SourceSpec } from "../sources/parse-source.ts";
import { digestForAsset, findChecksumAssets, type ChecksumFile } from "../sources/release-checksums.ts";
import { RELEASE_PLATFORMS, type ReleasePlatform } from "../sources/release-platforms.ts";
import { selectReleaseAsset } from "../sources/select-asset.ts";
import type { Limiter } from "./limiter.ts";
import type { LockedAsset, LockEntry } from "./lock-file.ts";
import type { ProjectEntry } from "./project-file.ts";

export interface LockContext {
  env: Record<string, string | undefined>;
  /** Shared by every entry of one command: downloads and API calls at once. */
  limit: Limiter;
}

export interface LockedPlugin {
  entry: LockEntry;
  /** Platforms locked as `none`, and why. */
  warnings: string[];
}

export async function lockEntryFor(project: ProjectEntry, ctx: LockContext): Promise<LockedPlugin> {
  const name = project.name === undefined ? {} : { name: project.name };
  const { spec } = project;
  if (spec.kind !== "github") {
    const sha256 = await ctx.limit(() => digestOf(spec, ctx.env));
    return { entry: { kind: "digest", source: project.source, ...name, sha256 }, warnings: [] };
  }
  const access = githubAccess(ctx.env);
  const release = await ctx.limit(() => fetchRelease(spec.owner, spec.repo, spec.tag, access));
  const shown = `${spec.owner}/${spec.repo}@${release.tag}`;
  const choices = RELEASE_PLATFORMS.map((platform) => chooseAsset(release, platform, shown));
  const digests = new DigestCache(release, access, ctx.limit);
  const platforms: Record<string, LockedAsset> = {};
  const unserved: { id: string; problem: string }[] = [];
  await Promise.all(
    choices.map(async (choice) => {
      const digest = "problem" in choice ? choice : await digests.of(choice.asset);
      if ("problem" in digest) {
        platforms[choice.platform.id] = "none";
        unserved.push({ id: choice.platform.id, problem: digest.problem });
      } else if ("asset" in choice) {
        platforms[choice.platform.id] = { asset: choice.asset.name, sha256: digest.sha256 };
      }
    }),
  );
  return { entry: { kind: "release", source: project.source, ...name, tag: release.tag, platforms }, warnings: unservedWarnings(spec.tag === undefined ? `${project.source} (${release.tag})` : project.source, unserved) };
}

/**
 * One line for the platforms the release simply has no asset for (the common case: a
 * plugin for Linux only), and one for each platform with a problem of its own.
 */
function unservedWarnings(shown: string, unserved: { id: string; problem: string }[]): string[] {
  const order = (id: string) => RELEASE_PLATFORMS.findIndex((platform) => platform.id === id);
  const sorted = [...unserved].sort((a, b) => order(a.id) - order(b.id));
  const noAsset = sorted.filter((item) => NO_ASSET.test(item.problem));
  const other = sorted.filter((item) => !NO_ASSET.test(item.problem));
  return [
    ...(noAsset.length === 0 ? [] : [`${shown} has no asset for ${noAsset.map((item) => item.id).join(", ")}: locked as none`]),
    ...other.map((item) => `${shown} cannot be installed on ${item.id}, locked as none: ${item.problem}`),
  ];
}

/** selectReleaseAsset's words when no asset names the platform at all. */
const NO_ASSET = /^no asset of /;

type Choice = { platform: ReleasePlatform; asset: ReleaseAsset } | { platform: ReleasePlatform; problem: string };

function chooseAsset(release: Release, platform: ReleasePlatform, shown: string): Choice {
  try {
    return { platform, asset: selectReleaseAsset(release.assets, platform, `release ${shown}`) };
  } catch (error) {
    if (!(error instanceof K3dxError)) throw error;
    return { platform, problem: error.message };
  }
}

/**
 * Each asset's digest once, however many platforms share it (a musl platform falling
 * back to the glibc build, a universal macOS build), and each checksum file read once.
 */
class DigestCache {
  private readonly digests = new Map<string, Promise<{ sha256: string } | { problem: string }>>();
  private readonly files = new Map<string, Promise<ChecksumFile>>();

  constructor(
    private readonly release: Release,
    private readonly access: GithubAccess,
    private readonly limit: Limiter,
  ) {}

  of(asset: ReleaseAsset): Promise<{ sha256: string } | { problem: string }> {
    let digest = this.digests.get(asset.name);
    if (!digest) {
      digest = this.compute(asset);
      this.digests.set(asset.name, digest);
    }
    return digest;
  }

  private async compute(asset: ReleaseAsset): Promise<{ sha256: string } | { problem: string }> {
    const checksumAssets = findChecksumAssets(asset.name, this.release.assets);
    if (checksumAssets.length === 0) return { sha256: await this.download(asset) };
    const files = await Promise.all(checksumAssets.map((file) => this.checksumFile(file)));
    try {
      return { sha256: digestForAsset(files, asset.name).sha256 };
    } catch (error) {
      if (!(error instanceof K3dxError)) throw error;
      return { problem: error.message.replace(/; nothing was installed.*$/, "") };
    }
  }

  private checksumFile(file: ReleaseAsset): Promise<ChecksumFile> {
    let read = this.files.get(file.name);
    if (!read) {
      read = this.limit(() => readChecksumFile(file, this.release, this.access));
      this.files.set(file.name, read);
    }
    return read;
  }

  private async download(asset: ReleaseAsset): Promise<string> {
    const request = { url: asset.url, accept: ASSET_ACCEPT, credentials: this.access.credentials, net: this.access.net };
    try {
      return (await this.limit(() => hashDownload(request))).sha256;
    } catch (error) {
      throw new K3dxError(`download of ${printable(asset.name)} from release ${this.release.tag} failed: ${explainGithubError(error, asset.url, this.access)}`);
    }
  }
}

/** A path's or URL's digest, computed by the very fetch an install runs, in a folder removed after. */
async function digestOf(spec: Exclude<SourceSpec, { kind: "github" }>, env: LockContext["env"]): Promise<string> {
  const scratch = mkdtempSync(joinPath(tmpdir(), "k3dx-lock-"));
  try {
    return (await fetchPlugin(spec, joinPath(scratch, "fetch"), { env, progress: false })).sha256;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
