/**
 * https://… : one download, no token (a URL's host is nobody k3dx vouches for), and no
 * published checksum to look for: `--sha256` is the way to pin what it must be.
 */
import { explainNetworkError } from "../net/network-errors.ts";
import { downloadToFile } from "../net/download.ts";
import { readNetSettings } from "../net/net-settings.ts";
import { K3dxError } from "../errors.ts";
import { printable } from "../platform/printable.ts";
import { nameFromFileName } from "./default-name.ts";
import type { ExpectedDigest } from "./digest.ts";
import type { FetchOptions, FetchedPlugin } from "./fetched-plugin.ts";
import type { SourceSpec } from "./parse-source.ts";
import { verifyAndUnpack, type Staging } from "./staging.ts";

type UrlSource = Extract<SourceSpec, { kind: "url" }>;

export async function fetchFromUrl(source: UrlSource, staging: Staging, pinned: ExpectedDigest[], options: FetchOptions): Promise<FetchedPlugin> {
  const name = fileNameOfUrl(source.url);
  let sha256: string;
  try {
    const request = { url: source.url, accept: "*/*", net: readNetSettings(options.env), label: name, progress: options.progress };
    sha256 = (await downloadToFile(request, staging.download)).sha256;
  } catch (error) {
    throw new K3dxError(`download of ${source.url} failed: ${explainNetworkError(error, source.url)}`);
  }
  const defaultName = nameFromFileName(name);
  await verifyAndUnpack(staging, { file: staging.download, name, sha256, expected: pinned, defaultName });
  return { dir: staging.dir, sha256, assetUrl: source.url, defaultName };
}

/**
 * The URL path's last segment: `…/v1.2.0/mirror_linux_amd64.tar.gz` → `mirror_linux_amd64.tar.gz`;
 * `download` when it holds a separator or would not print as itself (it is shown and kept).
 */
export function fileNameOfUrl(url: string): string {
  const segment = new URL(url).pathname.split("/").filter((part) => part !== "").at(-1) ?? "";
  let name: string;
  try {
    name = decodeURIComponent(segment);
  } catch {
    name = segment;
  }
  return name !== "" && !/[/\\]/.test(name) && printable(name) === name ? name : "download";
}
