/**
 * Getting a plugin's verified bytes from its source into a staging folder: the one
 * operation the install transaction (src/plugins/install/) builds on. What it does
 * with the files afterwards — metadata, store, hooks — is not this module's business.
 *
 * Nothing is written outside `into`; on failure nothing of ours is left in it either.
 */
import { mkdirSync, rmSync } from "node:fs";
import { fetchRelease, githubAccess } from "../net/github-api.ts";
import { readSha256Option } from "./digest.ts";
import { fetchFromGithub } from "./github-source.ts";
import { fetchFromPath } from "./local-source.ts";
import type { SourceSpec } from "./parse-source.ts";
import { clearStaging, stagingIn } from "./staging.ts";
import { fetchFromUrl } from "./url-source.ts";

export interface FetchOptions {
  /** K3DX_GITHUB_API, GITHUB_TOKEN / GH_TOKEN, K3DX_OS, K3DX_ARCH, K3DX_STALL_TIMEOUT, K3DX_RETRIES. */
  env: Record<string, string | undefined>;
  /** --sha256: a digest (hex, any case) the download, file or folder must have, whatever the source. */
  sha256?: string;
  /** Show a progress bar on stderr (pass process.stderr.isTTY). */
  progress: boolean;
}

export interface FetchedPlugin {
  /** The unpacked files (`into/plugin`); a single top folder is left for the caller to descend into. */
  dir: string;
  /**
   * Hex SHA-256 of what was fetched: the downloaded asset, the local archive or executable,
   * or for a local folder the SHA-256 of its manifest (`sha256sum` lines of every file,
   * sorted by path: `cd DIR && find . -type f | sed 's|^\./||' | LC_ALL=C sort | xargs sha256sum | sha256sum`).
   */
  sha256: string;
  /** The asset's browser_download_url, the URL, or the local absolute path. */
  assetUrl?: string;
  /** The release tag installed (GitHub). */
  tag?: string;
  /** The plugin's name when its metadata gives none: repo or file name without `k3d-`, version and platform. */
  defaultName: string;
}

export async function fetchPlugin(source: SourceSpec, into: string, options: FetchOptions): Promise<FetchedPlugin> {
  const pinned = options.sha256 === undefined ? [] : [{ sha256: readSha256Option(options.sha256), from: "--sha256" }];
  mkdirSync(into, { recursive: true });
  const staging = stagingIn(into);
  clearStaging(staging);
  try {
    switch (source.kind) {
      case "github":
        return await fetchFromGithub(source, staging, pinned, options);
      case "url":
        return await fetchFromUrl(source, staging, pinned, options);
      case "local":
        return await fetchFromPath(source, staging, pinned);
    }
  } catch (error) {
    clearStaging(staging);
    throw error;
  } finally {
    rmSync(staging.download, { force: true });
  }
}

/** The tag of the repository's latest release, for `upgrade`; nothing is downloaded. */
export async function latestReleaseTag(owner: string, repo: string, env: FetchOptions["env"]): Promise<string> {
  return (await fetchRelease(owner, repo, undefined, githubAccess(env))).tag;
}
