/**
 * GitHub's repository search (`GET {api}/search/repositories`), as `k3d plugin search`
 * uses it: the same API root, token and proxy rules as every other API call (see
 * github-api.ts). GitHub's search has a rate limit of its own (10 requests a minute
 * without a token, 30 with one); a 403 or 429 is said as a rate limit, in one line.
 */
import { K3dxError } from "../errors.ts";
import { downloadText } from "./download.ts";
import { API_ACCEPT, explainGithubError, parseJson, type GithubAccess } from "./github-api.ts";
import { SEARCH_JSON_MAX_BYTES, SEARCH_MAX_RESULTS } from "../limits.ts";
import { HttpStatusError } from "./network-errors.ts";
import { quoted } from "../platform/printable.ts";


export interface FoundRepository {
  owner: string;
  repo: string;
  description: string | null;
  stars: number;
  /** The repository's web page. */
  url: string;
  archived: boolean;
}

export interface SearchAnswer {
  /** How many repositories match in all (more than were asked for, perhaps). */
  total: number;
  /** GitHub's search timed out and the list may miss some. */
  incomplete: boolean;
  repositories: FoundRepository[];
}

export interface SearchRequest {
  /** The search words, qualifiers included (`topic:k3d-plugin mirror`). */
  query: string;
  limit: number;
  /** `stars`: most starred first; undefined: GitHub's best match. */
  sort?: "stars";
}

export async function searchRepositories(request: SearchRequest, access: GithubAccess): Promise<SearchAnswer> {
  const params = new URLSearchParams({ q: request.query, per_page: String(request.limit) });
  if (request.sort) params.set("sort", request.sort);
  const url = `${access.apiRoot}/search/repositories?${params}`;
  let text: string;
  try {
    text = await downloadText({ url, accept: API_ACCEPT, credentials: access.credentials, net: access.net }, SEARCH_JSON_MAX_BYTES);
  } catch (error) {
    if (error instanceof HttpStatusError && error.status === 422) {
      throw new K3dxError(`GitHub could not run the search ${quoted(request.query)} (HTTP 422); leave out the qualifiers it does not know`);
    }
    throw new K3dxError(`cannot search GitHub: ${explainGithubError(error, url, access)}`);
  }
  const answer = readSearchAnswer(parseJson(text));
  if (!answer) throw new K3dxError(`cannot read the search results: the answer from ${new URL(url).host} is not a GitHub search result`);
  return answer;
}

/** The fields k3dx uses, or undefined when the JSON is not a search answer. Odd items are left out. */
function readSearchAnswer(body: unknown): SearchAnswer | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const { total_count: total, incomplete_results: incomplete, items } = body as Record<string, unknown>;
  if (typeof total !== "number" || !Array.isArray(items)) return undefined;
  const repositories = items.flatMap((item): FoundRepository[] => {
    const { name, owner, description, stargazers_count: stars, html_url: url, archived } = (item ?? {}) as Record<string, unknown>;
    const login = (owner as { login?: unknown } | null)?.login;
    if (typeof name !== "string" || typeof login !== "string" || typeof url !== "string") return [];
    return [{
      owner: login,
      repo: name,
      description: typeof description === "string" ? description : null,
      stars: typeof stars === "number" && Number.isSafeInteger(stars) && stars >= 0 ? stars : 0,
      url,
      archived: archived === true,
    }];
  });
  return { total, incomplete: incomplete === true, repositories };
}
