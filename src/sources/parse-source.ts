/**
 * What `k3d plugin install SOURCE` was given, read into one of three kinds:
 *
 *   OWNER/REPO, OWNER/REPO@TAG    a GitHub release (latest, or that tag: pinned)
 *   ./PATH, ../PATH, /PATH        a local executable, folder or archive
 *   https://…                     an archive or executable at a URL (http:// only on loopback)
 *
 * A relative path must start with `./` or `../`: `mirror/tool` is a repository, and a
 * source that silently means either would install the wrong thing one day.
 * `https://github.com/OWNER/REPO` (what a browser shows) is read as the repository.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { K3dxError } from "../errors.ts";
import { IS_WINDOWS, isAbsolutePath } from "../platform/paths.ts";
import { isLoopbackHost } from "../net/loopback.ts";
import { isValidTagName } from "../net/release-tag.ts";
import { quoted } from "../platform/printable.ts";

export type SourceSpec =
  | { kind: "github"; owner: string; repo: string; tag?: string; text: string }
  | { kind: "local"; path: string; text: string }
  | { kind: "url"; url: string; text: string };

const FORMS = "use OWNER/REPO[@TAG] for a GitHub release, ./PATH or /PATH for a local file or folder, or an https:// URL";
/** GitHub's rules: owners are letters, digits and single hyphens; repos add `.` and `_`. */
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;

export function parseSource(text: string, cwd: string): SourceSpec {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return parseUrl(text);
  if (isPathForm(text)) return parsePath(text, cwd);
  const match = /^([^/@\s]+)\/([^/@\s]+?)(?:\.git)?(?:@(.*))?$/.exec(text);
  if (match) return githubSource(match[1]!, match[2]!, match[3], text);
  const pathHint = text !== "" && existsSync(resolve(cwd, text)) ? `; for the path, write ./${text}` : "";
  throw new K3dxError(`cannot read the source ${quoted(text)}: ${FORMS}${pathHint}`, 2);
}

export function isPathForm(text: string): boolean {
  return (
    text === "." || text === ".." || text.startsWith("./") || text.startsWith("../") || isAbsolutePath(text) ||
    (IS_WINDOWS && (text.startsWith(".\\") || text.startsWith("..\\")))
  );
}

function parsePath(text: string, cwd: string): SourceSpec {
  const path = resolve(cwd, text);
  if (!existsSync(path)) throw new K3dxError(`cannot install from ${text}: no such file or folder`);
  return { kind: "local", path, text };
}

function parseUrl(text: string): SourceSpec {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new K3dxError(`cannot read the source ${quoted(text)}: it is not a valid URL`, 2);
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    throw new K3dxError(`refusing plain http:// for ${url.host}: a download can be tampered with on the way; use https://`, 2);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new K3dxError(`cannot read the source ${quoted(text)}: ${FORMS}`, 2);
  }
  const repoPage = url.host === "github.com" && /^\/([^/]+)\/([^/]+?)(?:\.git)?(?:\/releases\/tag\/([^/]+))?\/?$/.exec(url.pathname);
  if (repoPage && !url.search) return githubSource(repoPage[1]!, repoPage[2]!, repoPage[3] && decodedTag(repoPage[3], text), text);
  return { kind: "url", url: url.href, text };
}

function githubSource(owner: string, repo: string, tag: string | undefined, text: string): SourceSpec {
  if (!OWNER.test(owner) || !REPO.test(repo) || repo === "." || repo === "..") {
    throw new K3dxError(`cannot read the source ${quoted(text)}: ${quoted(`${owner}/${repo}`)} is not a GitHub OWNER/REPO; ${FORMS}`, 2);
  }
  // GitHub allows `.name`, but the plugin would live in a hidden folder of the store,
  // where `plugin list` does not look and k3dx keeps its own lock and staging entries.
  if (repo.startsWith(".")) {
    throw new K3dxError(`cannot install from ${quoted(`${owner}/${repo}`)}: k3dx does not install from a repository whose name starts with "."`, 2);
  }
  if (tag !== undefined && !isValidTagName(tag)) {
    throw new K3dxError(`cannot read the source ${quoted(text)}: ${quoted(tag)} is not a release tag`, 2);
  }
  return tag === undefined ? { kind: "github", owner, repo, text } : { kind: "github", owner, repo, tag, text };
}

/** The tag part of a release page's URL, which a browser shows percent-encoded. */
function decodedTag(encoded: string, text: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new K3dxError(`cannot read the source ${quoted(text)}: ${quoted(encoded)} is not a release tag`, 2);
  }
}
