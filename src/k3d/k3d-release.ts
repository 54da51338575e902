/**
 * What differs between the k3d releases a user may have, as far as k3dx relies on it:
 * read from k3d's source at every release tag from v4.4.8 to v5.9.0 (shared/K3D-VERSIONS.md
 * is the table). A version in, the rules of that release out. Pure.
 *
 * A k3d whose version k3dx cannot read (a build from source, a wrapper script) and a k3d
 * newer than any k3dx knows get the newest rules: that is what they most likely follow.
 */

/** A version as numbers, for comparing. */
type Triple = readonly [major: number, minor: number, patch: number];

export interface K3dRelease {
  /** As k3d printed it (`v5.4.9`); "" when k3d did not say. */
  version: string;
  /** The numbers of `version`; undefined when it is not a version k3dx can read. */
  triple: Triple | undefined;
}

/** The oldest k3d k3dx supports: v5 reads configs, lists clusters and takes flags as k3dx expects. */
export const OLDEST_SUPPORTED = "v5.0.0";

/**
 * Each behaviour k3dx adapts to, with the first release that has it. Read from k3d's
 * source, tag by tag; the reason is what k3dx does differently before it.
 */
export const K3D_FEATURES = {
  /** `cluster restart`: before it, k3d prints `cluster`'s help and exits 0 (nothing restarts, no event). */
  restart: "v5.9.0",
  /** `K3D_CONFIG` names the config of create and delete (viper's env binding); before it, k3d ignores it. */
  configFromEnv: "v5.7.5",
  /** `delete NAME --config F`: the names win; before it, k3d refuses the mix, and a config without a name. */
  deleteNamesBeatConfig: "v5.7.5",
  /** `--config -` reads stdin; before it, k3d fails to stat a file named `-`. */
  configFromStdin: "v5.4.5",
  /** `K3D_METADATA_NAME` overrides a config's `metadata.name` (viper's key replacer); before it, no shell can set it. */
  metadataNameFromEnv: "v5.4.7",
  /** Cluster names are RFC 1123 hostnames with dots (`dev.example`); before it, letters, digits and `-` only. */
  dottedNames: "v5.3.0",
  /** The schema check reads the config after `$VAR` expansion; before it, the file as written. */
  schemaAfterExpansion: "v5.0.2",
} as const satisfies Record<string, string>;

export type K3dFeature = keyof typeof K3D_FEATURES;

/** The config apiVersions each release reads, with the first release that reads it. */
export const CONFIG_API_VERSIONS: readonly { apiVersion: string; since: string }[] = [
  { apiVersion: "k3d.io/v1alpha2", since: "v4.0.0" },
  { apiVersion: "k3d.io/v1alpha3", since: "v5.0.0" },
  { apiVersion: "k3d.io/v1alpha4", since: "v5.3.0" },
  { apiVersion: "k3d.io/v1alpha5", since: "v5.5.0" },
];

/** `v5.4.9`, `5.4.9`, `v5.9.0-rc.1`, `v5.6.0-dirty` → its numbers; anything else → undefined. */
export function parseVersion(text: string): Triple | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)(?:[-+][0-9A-Za-z.+-]*)?$/.exec(text.trim());
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

export function k3dRelease(version: string): K3dRelease {
  return { version, triple: parseVersion(version) };
}

/** The rules of the newest k3d (for a k3d that did not say its version). */
export const NEWEST_RULES: K3dRelease = { version: "", triple: undefined };

function compare(a: Triple, b: Triple): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** Is `release` at `since` or newer? A version k3dx cannot read counts as the newest. */
export function isAtLeast(release: K3dRelease, since: string): boolean {
  return release.triple === undefined || compare(release.triple, parseVersion(since)!) >= 0;
}

export function k3dHas(release: K3dRelease, feature: K3dFeature): boolean {
  return isAtLeast(release, K3D_FEATURES[feature]);
}

/** v5.0.0 or newer (or a k3d that did not say). */
export function isSupported(release: K3dRelease): boolean {
  return isAtLeast(release, OLDEST_SUPPORTED);
}

/** The apiVersions this release reads, lowercase as k3d compares them. */
export function configApiVersionsOf(release: K3dRelease): string[] {
  return CONFIG_API_VERSIONS.filter((entry) => isAtLeast(release, entry.since)).map((entry) => entry.apiVersion);
}

/** The line hooks and doctor print for a k3d older than k3dx supports. */
export function tooOldMessage(version: string): string {
  return `k3d ${version} is older than k3dx supports (${OLDEST_SUPPORTED} or newer): lifecycle hooks do not fire with it; upgrade k3d (https://k3d.io)`;
}
