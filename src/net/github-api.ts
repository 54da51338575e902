/**
 * The GitHub REST API, the two calls k3dx makes: a release by tag, or the latest one.
 * The API root is K3DX_GITHUB_API (GitHub Enterprise: `https://HOST/api/v3`); a token
 * from GITHUB_TOKEN or GH_TOKEN goes to that origin only (see http-get.ts).
 *
 * The JSON calls go through the same streaming GET as the downloads rather than ofetch:
 * the token rule, the stall timer and the retry policy then live in one place each.
 */
import { K3dxError } from "../errors.ts";
import { RELEASE_JSON_MAX_BYTES } from "../limits.ts";
import { downloadText } from "./download.ts";
import type { Credentials } from "./http-get.ts";
import { isLoopbackHost } from "./loopback.ts";
import { CHECK_NETWORK, HttpStatusError, explainNetworkError, networkAdvice } from "./network-errors.ts";
import { readNetSettings, type NetSettings } from "./net-settings.ts";
import { quoted } from "../platform/printable.ts";
import { isValidTagName } from "./release-tag.ts";

export const DEFAULT_GITHUB_API = "https://api.github.com";
export const API_ACCEPT = "application/vnd.github+json";
/** What the asset API URL needs to answer with the bytes instead of the asset's JSON. */
export const ASSET_ACCEPT = "application/octet-stream";

export interface ReleaseAsset {
  name: string;
  /** The API URL: with `Accept: application/octet-stream` it redirects to the bytes. */
  url: string;
  /** The public web URL, recorded in the receipt. */
  browserDownloadUrl: string;
}

export interface Release {
  tag: string;
  assets: ReleaseAsset[];
}

export interface GithubAccess {
  apiRoot: string;
  credentials?: Credentials;
  /** The variable the token came from, for messages. */
  tokenVariable?: string;
  net: NetSettings;
}

export function githubAccess(env: Record<string, string | undefined>): GithubAccess {
  const apiRoot = (env.K3DX_GITHUB_API || DEFAULT_GITHUB_API).replace(/\/+$/, "");
  let origin: string;
  try {
    const url = new URL(apiRoot);
    if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(url.hostname))) throw new Error();
    origin = url.origin;
  } catch {
    throw new K3dxError(`K3DX_GITHUB_API must be an https:// URL (plain http only for localhost), not ${quoted(apiRoot)}`);
  }
  const tokenVariable = ["GITHUB_TOKEN", "GH_TOKEN"].find((name) => env[name]);
  return {
    apiRoot,
    credentials: tokenVariable ? { token: env[tokenVariable]!, origin } : undefined,
    tokenVariable,
    net: readNetSettings(env),
  };
}

/** The release `tag`, or the latest release when `tag` is undefined. */
export async function fetchRelease(owner: string, repo: string, tag: string | undefined, access: GithubAccess): Promise<Release> {
  const shown = `${owner}/${repo}${tag === undefined ? "" : `@${tag}`}`;
  let release: Release | undefined;
  try {
    release = await findRelease(owner, repo, tag, access);
  } catch (error) {
    if (error instanceof K3dxError) throw error;
    throw new K3dxError(`cannot fetch release ${shown}: ${explainGithubError(error, releaseUrl(access.apiRoot, owner, repo, tag)!, access)}`);
  }
  if (release) return release;
  const privateHint = access.credentials ? "" : " If it is private, set GITHUB_TOKEN";
  throw new K3dxError(`release not found: ${shown} (does the repo publish releases?${privateHint})`);
}

/**
 * The release, or undefined when GitHub has none by that tag (or no release at all, for
 * the latest). A failure on the way is thrown as it came (HttpStatusError, a network
 * error), for a caller that decides what it means: `plugin search` asks for many at once.
 */
export async function findRelease(owner: string, repo: string, tag: string | undefined, access: GithubAccess): Promise<Release | undefined> {
  const shown = `${owner}/${repo}${tag === undefined ? "" : `@${tag}`}`;
  const url = releaseUrl(access.apiRoot, owner, repo, tag);
  if (url === undefined) throw new K3dxError(`cannot fetch release ${quoted(shown)}: it is not a GitHub OWNER/REPO[@TAG]`, 2);
  let text: string;
  try {
    text = await downloadText({ url, accept: API_ACCEPT, credentials: access.credentials, net: access.net }, RELEASE_JSON_MAX_BYTES);
  } catch (error) {
    if (error instanceof HttpStatusError && error.status === 404) return undefined;
    throw error;
  }
  const body = parseJson(text);
  const release = readRelease(body);
  if (release) return release;
  const answeredTag = (body as { tag_name?: unknown } | undefined)?.tag_name;
  if (typeof answeredTag === "string" && !isValidTagName(answeredTag)) {
    throw new K3dxError(`cannot read release ${shown}: its tag ${quoted(answeredTag)} was refused: a tag must be a name git accepts that prints as itself (no '..', control characters or bidi marks)`);
  }
  throw new K3dxError(`cannot read release ${shown}: the answer from ${new URL(url).host} is not a GitHub release`);
}

/**
 * `…/repos/OWNER/REPO/releases/latest` or `…/releases/tags/TAG`, or undefined when a part
 * could climb out of that path. Each part is one encoded segment (a tag's `/` becomes
 * %2F, which GitHub reads as gh sends it), and none is `.` or `..`, which a URL resolves
 * away: whoever checked the names before, the request stays on this repository's releases.
 */
function releaseUrl(apiRoot: string, owner: string, repo: string, tag: string | undefined): string | undefined {
  if ([owner, repo].some((part) => part === "" || part === "." || part === "..") || (tag !== undefined && !isValidTagName(tag))) return undefined;
  const which = tag === undefined ? "latest" : `tags/${encodeURIComponent(tag)}`;
  return `${apiRoot}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/releases/${which}`;
}

/**
 * The reason part of an error from an API call: GitHub's own meanings of 401, 403 and
 * 429 first (GitHub sends 403 for an exhausted rate limit), else the generic one.
 */
export function explainGithubError(error: unknown, url: string, access: GithubAccess): string {
  const fromApi = error instanceof HttpStatusError && new URL(error.url).origin === new URL(access.apiRoot).origin;
  if (fromApi && error.status === 401) {
    return `GitHub rejected the token in ${access.tokenVariable ?? "the environment"} (HTTP 401); check it, or unset it`;
  }
  if (fromApi && (error.status === 403 || error.status === 429)) {
    // Seconds since 1970; a value no Date can hold is the server's nonsense, left unsaid.
    const reset = new Date(Number(error.headers.get("x-ratelimit-reset")) * 1000);
    const when = reset.getTime() > 0 ? `, it resets at ${reset.toISOString().slice(11, 16)} UTC` : "";
    const advice = access.tokenVariable
      ? `the token in ${access.tokenVariable} has used up its quota; wait for the reset`
      : "set GITHUB_TOKEN (or GH_TOKEN) to a GitHub token for a much higher limit";
    return `GitHub API rate limit reached (HTTP ${error.status}${when}); ${advice}`;
  }
  const explained = explainNetworkError(error, url);
  const unreachableApi = networkAdvice(error) === CHECK_NETWORK && access.apiRoot !== DEFAULT_GITHUB_API && new URL(url).origin === new URL(access.apiRoot).origin;
  return unreachableApi ? `${explained}, and K3DX_GITHUB_API (${access.apiRoot})` : explained;
}

/** The release fields k3dx uses, or undefined when the JSON is not a release. */
function readRelease(body: unknown): Release | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const { tag_name: tag, assets } = body as { tag_name?: unknown; assets?: unknown };
  // A tag git would refuse is no release's: it may carry terminal escapes or a `..` path.
  if (typeof tag !== "string" || !isValidTagName(tag) || !Array.isArray(assets)) return undefined;
  const read: ReleaseAsset[] = [];
  for (const asset of assets as { name?: unknown; url?: unknown; browser_download_url?: unknown }[]) {
    if (typeof asset?.name !== "string" || typeof asset.url !== "string") return undefined;
    read.push({
      name: asset.name,
      url: asset.url,
      browserDownloadUrl: typeof asset.browser_download_url === "string" ? asset.browser_download_url : asset.url,
    });
  }
  return { tag, assets: read };
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
