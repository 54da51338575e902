/**
 * The platforms a k3dx release is built for: the ones k3d itself ships, under the same
 * asset names (`k3d-linux-amd64`, … `k3d-windows-amd64.exe`), so anything that knows where
 * k3d's binaries are also knows where ours are.
 */

export interface ReleaseTarget {
  /** As in k3d's asset names: linux, darwin, windows. */
  os: "linux" | "darwin" | "windows";
  /** As in k3d's asset names: amd64, arm64. */
  arch: "amd64" | "arm64";
  /** `bun build --target` for this platform. */
  bunTarget: string;
  /** The npm package holding Bun's runtime for this platform (Bun's own arch names). */
  runtimePackage: string;
}

export const RELEASE_TARGETS: readonly ReleaseTarget[] = [
  { os: "linux", arch: "amd64", bunTarget: "bun-linux-x64", runtimePackage: "@oven/bun-linux-x64" },
  { os: "linux", arch: "arm64", bunTarget: "bun-linux-arm64", runtimePackage: "@oven/bun-linux-aarch64" },
  { os: "darwin", arch: "amd64", bunTarget: "bun-darwin-x64", runtimePackage: "@oven/bun-darwin-x64" },
  { os: "darwin", arch: "arm64", bunTarget: "bun-darwin-arm64", runtimePackage: "@oven/bun-darwin-aarch64" },
  { os: "windows", arch: "amd64", bunTarget: "bun-windows-x64", runtimePackage: "@oven/bun-windows-x64" },
];

export function assetName(target: Pick<ReleaseTarget, "os" | "arch">): string {
  return `k3d-${target.os}-${target.arch}${target.os === "windows" ? ".exe" : ""}`;
}

/** The target this machine runs, if a release is built for it. */
export function hostTarget(platform: string = process.platform, arch: string = process.arch): ReleaseTarget | undefined {
  const os = platform === "win32" ? "windows" : platform;
  const goArch = arch === "x64" ? "amd64" : arch;
  return RELEASE_TARGETS.find((target) => target.os === os && target.arch === goArch);
}
