/** What a fetch is asked (options) and what it gives back: shared by every source. */

export interface FetchOptions {
  /** K3DX_GITHUB_API, GITHUB_TOKEN / GH_TOKEN, K3DX_OS, K3DX_ARCH, K3DX_STALL_TIMEOUT, K3DX_RETRIES. */
  env: Record<string, string | undefined>;
  /** --sha256: a digest (hex, any case) the download, file or folder must have, whatever the source. */
  sha256?: string;
  /** Who asked for `sha256`, for the mismatch message (default `--sha256`). */
  sha256From?: string;
  /** GitHub: the asset name this platform must get (from k3d-plugins.lock); another choice fails before the download. */
  asset?: string;
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
  /** What the user should know about the asset chosen (a darwin/amd64 build on Apple silicon). */
  note?: string;
}
