/**
 * The platforms k3dx itself is released for (SPEC §9): where a team's laptops and CI
 * runners may run it, and so the platforms a project's lock (`k3d plugin lock`) and
 * `k3d plugin check` look at. Named as k3dx's own release assets name them.
 */
import type { Platform } from "./platform.ts";

export interface ReleasePlatform extends Platform {
  /** `linux-amd64`, `linux-amd64-musl`, `darwin-arm64`, `windows-amd64`: as in k3dx's asset names. */
  id: string;
}

export const RELEASE_PLATFORMS: readonly ReleasePlatform[] = [
  { id: "darwin-amd64", os: "darwin", arch: "amd64" },
  { id: "darwin-arm64", os: "darwin", arch: "arm64" },
  { id: "linux-amd64", os: "linux", arch: "amd64" },
  { id: "linux-amd64-musl", os: "linux", arch: "amd64", libc: "musl" },
  { id: "linux-arm64", os: "linux", arch: "arm64" },
  { id: "linux-arm64-musl", os: "linux", arch: "arm64", libc: "musl" },
  { id: "windows-amd64", os: "windows", arch: "amd64" },
];
