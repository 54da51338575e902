/**
 * One GET, following redirects by hand so that the credentials rule is ours to keep:
 * the token goes to the origin it was meant for and to no other, whatever a redirect
 * says. GitHub answers an asset request with a redirect to a storage host; that host
 * must never see the token, nor win it back by redirecting to the token's origin: once
 * a chain has left that origin, the token stays home for the rest of it.
 *
 * Redirects are followed to https only, or to plain http on loopback from loopback
 * (local test servers and mirrors): a remote host cannot send k3dx to a local service.
 *
 * Proxies: Bun's fetch reads HTTP_PROXY / HTTPS_PROXY / NO_PROXY from the environment.
 */
import { REDIRECTS_MAX } from "../limits.ts";
import { WRAPPER_VERSION } from "../version.ts";
import { isLoopbackHost } from "./loopback.ts";
import { HttpStatusError, RefusedUrlError } from "./network-errors.ts";

export const USER_AGENT = `k3dx/${WRAPPER_VERSION}`;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export interface Credentials {
  /** Sent as `Authorization: Bearer …`. */
  token: string;
  /** The only origin (scheme://host:port) that receives it. */
  origin: string;
}

export interface GetRequest {
  url: string;
  accept: string;
  credentials?: Credentials;
  signal?: AbortSignal;
}

/** The final response, status 2xx; anything else is thrown as HttpStatusError. */
export async function httpGet(request: GetRequest): Promise<Response> {
  let url = new URL(request.url);
  // URLs also come from API answers (asset URLs): Bun's fetch would read a file:// one.
  if (!isAllowedUrl(url)) throw new RefusedUrlError(`refusing to fetch ${url.protocol}//${url.host}${url.pathname} (only https, or http on loopback)`);
  let credentials = request.credentials;
  for (let hop = 0; ; hop++) {
    // The token's origin sent us elsewhere, or this chain began elsewhere: whoever chose
    // this hop chose it, so the token is not sent from here on, not even back home.
    if (credentials && url.origin !== credentials.origin) credentials = undefined;
    const response = await fetch(url, {
      headers: headersFor(request.accept, credentials),
      redirect: "manual",
      signal: request.signal,
    });
    const location = response.headers.get("location");
    if (!REDIRECTS.has(response.status) || location === null) {
      if (response.ok) return response;
      await response.body?.cancel();
      throw new HttpStatusError(response.status, response.headers, url.href);
    }
    await response.body?.cancel();
    if (hop === REDIRECTS_MAX) throw new RefusedUrlError(`more than ${REDIRECTS_MAX} redirects, the last to ${new URL(location, url).host}`);
    const next = new URL(location, url);
    if (!isAllowedRedirect(url, next)) {
      throw new RefusedUrlError(`refusing a redirect from ${url.host} to ${next.protocol}//${next.host} (only https is followed, and plain http from loopback to loopback)`);
    }
    url = next;
  }
}

function headersFor(accept: string, credentials: Credentials | undefined): Record<string, string> {
  const headers: Record<string, string> = {
    Accept: accept,
    "User-Agent": USER_AGENT,
    // The bytes must arrive as published: they are hashed, and Content-Length is checked.
    "Accept-Encoding": "identity",
  };
  if (credentials) headers.Authorization = `Bearer ${credentials.token}`;
  return headers;
}

function isAllowedUrl(url: URL): boolean {
  return url.protocol === "https:" || (url.protocol === "http:" && isLoopbackHost(url.hostname));
}

function isAllowedRedirect(from: URL, to: URL): boolean {
  return to.protocol === "https:" || (isAllowedUrl(to) && isLoopbackHost(from.hostname));
}
