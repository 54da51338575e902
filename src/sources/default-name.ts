/**
 * The name a plugin gets when its metadata gives none, and the file name of a bare
 * executable in the plugin folder. `k3d-mirror` (repo), `mirror_1.2.0_linux_amd64.tar.gz`
 * and `k3d-mirror-darwin-arm64` (files) all give `mirror`.
 */
import { hasWindowsExecutableExtension } from "../platform/executable.ts";
import { nameTokens, platformWords } from "./platform.ts";

/** A GitHub repository's name, lower-cased, without a leading `k3d-`. */
export function nameFromRepo(repo: string): string {
  return tidy(repo.toLowerCase().replace(/^k3d[-_]/, "").split(/[^a-z0-9]+/));
}

/** A file or folder name without its extension, version and platform words, and without a leading `k3d-`. */
export function nameFromFileName(fileName: string): string {
  const stem = fileName.replace(/\.(tar\.gz|tgz|tar|zip|exe|cmd|bat|ps1|sh|bin)$/i, "");
  const tokens = nameTokens(stem);
  const { firstPlatformToken } = platformWords(tokens);
  const versionAt = tokens.findIndex((token) => /^v?\d+$/.test(token));
  const kept = tokens.slice(0, Math.min(firstPlatformToken, versionAt < 0 ? tokens.length : versionAt));
  const withoutPrefix = kept[0] === "k3d" ? kept.slice(1) : kept;
  // A name that was all prefix, version and platform (`k3d-linux-amd64`) keeps its words.
  return tidy(withoutPrefix.length > 0 ? withoutPrefix : tokens);
}

/** `k3d-<name>`, keeping the extension Windows needs to run it (`.exe`, `.cmd`, …). */
export function executableFileName(name: string, publishedName: string): string {
  const extension = hasWindowsExecutableExtension(publishedName) ? publishedName.slice(publishedName.lastIndexOf(".")).toLowerCase() : "";
  return `k3d-${name}${extension}`;
}

function tidy(words: string[]): string {
  return words.map((word) => word.replace(/[^a-z0-9]/g, "")).filter((word) => word !== "").join("-");
}
