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
import type { FetchOptions, FetchedPlugin } from "./fetched-plugin.ts";

export type { FetchOptions, FetchedPlugin } from "./fetched-plugin.ts";

export async function fetchPlugin(source: SourceSpec, into: string, options: FetchOptions): Promise<FetchedPlugin> {
  const pinned = options.sha256 === undefined ? [] : [{ sha256: readSha256Option(options.sha256), from: options.sha256From ?? "--sha256" }];
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
