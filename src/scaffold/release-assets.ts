/**
 * The release assets a scaffolded plugin publishes, named so that k3dx's own asset
 * choice takes the intended one on every platform k3dx is released for. The generated
 * scripts name them the same way (scripts/package.sh); a test holds the two together.
 *
 *   sh template:  <stem>_<version>_<os>.tar.gz, <stem>_<version>_windows.zip
 *                 (a shell script runs on any CPU: one archive per OS)
 *   bun template: <stem>_<version>_<os>_<arch>[_musl].tar.gz, …_windows_amd64.zip
 *                 (one compiled executable per release platform)
 *
 * The stem is `k3d-<name>`, unless a word of the name is also a platform word
 * (`arm-tools`, `win-helper`): such a name would announce two platforms, and no
 * platform would take the asset. Then the stem is `k3d-plugin`.
 */
import { RELEASE_PLATFORMS, type ReleasePlatform } from "../sources/release-platforms.ts";
import { chooseReleaseAsset } from "../sources/select-asset.ts";

export type Template = "sh" | "bun";

export const TEMPLATES: readonly Template[] = ["sh", "bun"];

/** The stem used when the plugin's own name would confuse the asset choice. */
const NEUTRAL_STEM = "k3d-plugin";

/** `linux_amd64`, `linux_amd64_musl`, `windows_amd64`: the platform part of a bun template asset. */
export function platformPart(platform: ReleasePlatform): string {
  return `${platform.os}_${platform.arch}${platform.libc === "musl" ? "_musl" : ""}`;
}

/** `bun-linux-x64-musl`: the `bun build --target` of a release platform. */
export function bunTarget(platform: ReleasePlatform): string {
  const arch = platform.arch === "amd64" ? "x64" : platform.arch;
  return `bun-${platform.os}-${arch}${platform.libc === "musl" ? "-musl" : ""}`;
}

export function extensionFor(os: string): string {
  return os === "windows" ? "zip" : "tar.gz";
}

/** Every asset of a release, each with the release platforms that must take it. */
export function releaseAssets(template: Template, stem: string, version: string): { name: string; platforms: ReleasePlatform[] }[] {
  if (template === "bun") {
    return RELEASE_PLATFORMS.map((platform) => ({ name: `${stem}_${version}_${platformPart(platform)}.${extensionFor(platform.os)}`, platforms: [platform] }));
  }
  const systems = [...new Set(RELEASE_PLATFORMS.map((platform) => platform.os))];
  return systems.map((os) => ({ name: `${stem}_${version}_${os}.${extensionFor(os)}`, platforms: RELEASE_PLATFORMS.filter((platform) => platform.os === os) }));
}

/** True when k3dx picks, on every release platform, the asset meant for it (with checksums.txt beside them). */
export function namesPickRight(template: Template, stem: string, version: string): boolean {
  const assets = releaseAssets(template, stem, version);
  const listed = [...assets.map((asset) => ({ name: asset.name })), { name: "checksums.txt" }];
  return assets.every((asset) =>
    asset.platforms.every((platform) => {
      try {
        const choice = chooseReleaseAsset(listed, platform);
        return choice.asset.name === asset.name && choice.note === undefined;
      } catch {
        return false;
      }
    }),
  );
}

/** `k3d-<name>`, or `k3d-plugin` when the name's words would be read as platforms. */
export function assetStem(name: string, template: Template): string {
  // Checked with a version of the shape every release has; the version's own words are the release's choice.
  return namesPickRight(template, `k3d-${name}`, "1.0.0") ? `k3d-${name}` : NEUTRAL_STEM;
}
