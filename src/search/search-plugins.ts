/**
 * `k3d plugin search [QUERY]`: GitHub repositories with the topic `k3d-plugin`, and for
 * each the latest release — and whether it has a build for this platform — and whether
 * it is installed here:
 *
 *   search (one request) → the latest release of each result (one request each, at most
 *   SEARCH_RELEASE_LOOKUPS_AT_ONCE at a time) → the installed plugins, from the store
 *
 * A release lookup that fails leaves that row without a release and says why once, in a
 * note; a rate limit stops the lookups not yet started (each would fail the same way and
 * use up what is left of the user's quota).
 */
import { K3dxError } from "../errors.ts";
import { SEARCH_RELEASE_LOOKUPS_AT_ONCE } from "../limits.ts";
import { explainGithubError, findRelease, githubAccess, type GithubAccess } from "../net/github-api.ts";
import { searchRepositories, type FoundRepository } from "../net/github-search.ts";
import { HttpStatusError } from "../net/network-errors.ts";
import { printable } from "../platform/printable.ts";
import { listInstalledPlugins } from "../plugins/installed-plugins.ts";
import type { Env } from "../process/env.ts";
import { parseSource } from "../sources/parse-source.ts";
import { targetPlatform, type Platform } from "../sources/platform.ts";
import { chooseReleaseAsset, platformLabel } from "../sources/select-asset.ts";

/** The topic a repository carries to be found (docs/plugin-authors.md tells authors to set it). */
export const PLUGIN_TOPIC = "k3d-plugin";
/** Results shown when --limit is not given: a screenful, and 20 release lookups of the 60 an hour GitHub allows without a token. */
export const DEFAULT_SEARCH_LIMIT = 20;
/** Release lookups in flight at once: enough to hide the latency, few enough not to look like abuse to GitHub. */

export interface SearchContext {
  env: Env;
  /** $K3DX_HOME: which plugins are installed. */
  home: string;
}

export interface PluginHit {
  /** `OWNER/REPO`: what `k3d plugin install` takes. */
  repository: string;
  url: string;
  description: string | null;
  stars: number;
  archived: boolean;
  /** The latest release: its tag, and the asset install would take here (null: none for this platform). */
  latest: { tag: string; asset: string | null; note: string | null } | null;
  /** Why the latest release is not known (rate limit, network); null when it was read. */
  latestProblem: string | null;
  /** The installed plugin from this repository, if any. */
  installed: { name: string; tag: string | null } | null;
}

export interface SearchResult {
  /** What was searched for, as GitHub was asked. */
  query: string;
  /** The platform the `latest.asset` column is for. */
  platform: string;
  /** Repositories that match in all. */
  total: number;
  /** The page size asked for (--limit). */
  limit: number;
  /** GitHub has more than the page: --limit cut the list. */
  more: boolean;
  incomplete: boolean;
  plugins: PluginHit[];
  /** What the user should know about missing release columns: one line each. */
  notes: string[];
}

export async function searchPlugins(words: string, limit: number, ctx: SearchContext): Promise<SearchResult> {
  const platform = targetPlatform(ctx.env);
  const access = githubAccess(ctx.env);
  const query = `topic:${PLUGIN_TOPIC}${words ? ` ${words}` : ""}`;
  // Without words, the best known first; with words, GitHub's best match.
  const answer = await searchRepositories({ query, limit, sort: words ? undefined : "stars" }, access);
  const found = answer.repositories.filter(isInstallableRepository).slice(0, limit);
  const lookups = await lookUpReleases(found, platform, access);
  const installed = installedRepositories(ctx.home);
  const plugins = found.map((repository, i): PluginHit => {
    const name = `${repository.owner}/${repository.repo}`;
    return {
      repository: name,
      url: repository.url,
      description: repository.description,
      stars: repository.stars,
      archived: repository.archived,
      latest: lookups.latest[i] ?? null,
      latestProblem: lookups.problems[i] ?? null,
      installed: installed.get(name.toLowerCase()) ?? null,
    };
  });
  const more = answer.total > answer.repositories.length;
  return { query, platform: platformLabel(platform), total: answer.total, limit, more, incomplete: answer.incomplete, plugins, notes: lookups.notes };
}

/** A result `k3d plugin install OWNER/REPO` would take: names GitHub allows, not a hidden folder in the store. */
function isInstallableRepository(repository: FoundRepository): boolean {
  try {
    return parseSource(`${repository.owner}/${repository.repo}`, "/").kind === "github";
  } catch {
    return false;
  }
}

interface Lookups {
  latest: (PluginHit["latest"] | undefined)[];
  problems: (string | undefined)[];
  notes: string[];
}

async function lookUpReleases(found: FoundRepository[], platform: Platform, access: GithubAccess): Promise<Lookups> {
  const result: Lookups = { latest: [], problems: [], notes: [] };
  let rateLimit: string | undefined;
  const failures: { repository: string; reason: string }[] = [];
  await inBatches(found, SEARCH_RELEASE_LOOKUPS_AT_ONCE, async (repository, i) => {
    if (rateLimit !== undefined) {
      result.problems[i] = "not asked: GitHub's rate limit was reached";
      return;
    }
    const shown = `${repository.owner}/${repository.repo}`;
    try {
      const release = await findRelease(repository.owner, repository.repo, undefined, access);
      result.latest[i] = release ? { tag: release.tag, ...assetHere(release.assets, platform, shown, release.tag) } : null;
    } catch (error) {
      const reason = error instanceof K3dxError ? error.message : explainGithubError(error, access.apiRoot, access);
      if (isRateLimit(error)) rateLimit ??= reason;
      else failures.push({ repository: shown, reason });
      result.problems[i] = reason;
    }
  });
  if (rateLimit !== undefined) {
    const missing = result.problems.filter((problem) => problem !== undefined).length;
    result.notes.push(`the latest release of ${count(missing, "repository", "repositories")} is not shown: ${rateLimit}`);
  } else if (failures.length > 0) {
    const names = failures.map((failure) => printable(failure.repository));
    const shown = names.length > 3 ? `${names.slice(0, 3).join(", ")} and ${names.length - 3} more` : names.join(", ");
    result.notes.push(`cannot read the latest release of ${shown}: ${failures[0]!.reason}`);
  }
  return result;
}

function assetHere(assets: { name: string }[], platform: Platform, repository: string, tag: string): { asset: string | null; note: string | null } {
  try {
    const choice = chooseReleaseAsset(assets, platform, `release ${repository}@${tag}`);
    return { asset: choice.asset.name, note: choice.note ?? null };
  } catch (error) {
    if (error instanceof K3dxError) return { asset: null, note: null };
    throw error;
  }
}

function isRateLimit(error: unknown): boolean {
  return error instanceof HttpStatusError && (error.status === 403 || error.status === 429);
}

/** `owner/repo` (lower case, as GitHub compares names) → the plugin installed from it. */
function installedRepositories(home: string): Map<string, { name: string; tag: string | null }> {
  const installed = new Map<string, { name: string; tag: string | null }>();
  for (const plugin of listInstalledPlugins(home)) {
    if (plugin.receipt?.kind !== "github" || typeof plugin.receipt.source !== "string") continue;
    const repository = plugin.receipt.source.split("@", 1)[0]!.toLowerCase();
    installed.set(repository, { name: plugin.metadata.name, tag: plugin.receipt.tag ?? null });
  }
  return installed;
}

/** Runs `work` on every item, at most `width` at a time, in order of the items. */
async function inBatches<T>(items: T[], width: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
