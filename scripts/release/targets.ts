/**
 * The platforms a k3dx release is built for: the ones k3d itself ships (under the same asset
 * names, `k3d-linux-amd64`, … `k3d-windows-amd64.exe`, so anything that knows where k3d's
 * binaries are also knows where ours are), plus musl builds for Alpine and other musl
 * Linux, where the glibc build cannot start (`k3d-linux-amd64-musl`, `k3d-linux-arm64-musl`).
 * Bun reaches no further: it has no 32-bit Linux (k3d's 386 and arm builds) and its x64
 * runtime needs an x86-64-v2 CPU (Nehalem, 2008, or newer).
 */

export interface ReleaseTarget {
  /** As in k3d's asset names: linux, darwin, windows. */
  os: "linux" | "darwin" | "windows";
  /** As in k3d's asset names: amd64, arm64. */
  arch: "amd64" | "arm64";
  /** Linux only: a build for musl's C library (Alpine), named `…-musl`. */
  libc?: "musl";
  /** `bun build --target` for this platform. */
  bunTarget: string;
  /** The npm package holding Bun's runtime for this platform (Bun's own arch names). */
  runtimePackage: string;
}

export const RELEASE_TARGETS: readonly ReleaseTarget[] = [
  { os: "linux", arch: "amd64", bunTarget: "bun-linux-x64", runtimePackage: "@oven/bun-linux-x64" },
  { os: "linux", arch: "arm64", bunTarget: "bun-linux-arm64", runtimePackage: "@oven/bun-linux-aarch64" },
  { os: "linux", arch: "amd64", libc: "musl", bunTarget: "bun-linux-x64-musl", runtimePackage: "@oven/bun-linux-x64-musl" },
  { os: "linux", arch: "arm64", libc: "musl", bunTarget: "bun-linux-arm64-musl", runtimePackage: "@oven/bun-linux-aarch64-musl" },
  { os: "darwin", arch: "amd64", bunTarget: "bun-darwin-x64", runtimePackage: "@oven/bun-darwin-x64" },
  { os: "darwin", arch: "arm64", bunTarget: "bun-darwin-arm64", runtimePackage: "@oven/bun-darwin-aarch64" },
  { os: "windows", arch: "amd64", bunTarget: "bun-windows-x64", runtimePackage: "@oven/bun-windows-x64" },
];

export function assetName(target: Pick<ReleaseTarget, "os" | "arch" | "libc">): string {
  return `k3d-${target.os}-${target.arch}${target.libc ? `-${target.libc}` : ""}${target.os === "windows" ? ".exe" : ""}`;
}

/** The compressed form of an asset, published beside it: `gzip -9` halves Bun's ~100 MB runtime. */
export function compressedAssetName(asset: string): string {
  return `${asset}.gz`;
}

/** The glibc target this machine runs, if a release is built for it (what `npm run build` makes). */
export function hostTarget(platform: string = process.platform, arch: string = process.arch): ReleaseTarget | undefined {
  const os = platform === "win32" ? "windows" : platform;
  const goArch = arch === "x64" ? "amd64" : arch;
  return RELEASE_TARGETS.find((target) => target.os === os && target.arch === goArch && !target.libc);
}
