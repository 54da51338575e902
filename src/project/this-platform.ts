/**
 * Which of the lock's platforms this machine is (or K3DX_OS / K3DX_ARCH / K3DX_LIBC
 * say it is): the one whose asset and digest an install takes from the lock.
 */
import { targetPlatform } from "../sources/platform.ts";
import { RELEASE_PLATFORMS, type ReleasePlatform } from "../sources/release-platforms.ts";
import { platformLabel } from "../sources/select-asset.ts";

export interface ThisPlatform {
  /** `linux/amd64 (musl)`, for messages. */
  label: string;
  /** The lock's platform, or undefined when k3dx is not released for this one. */
  locked: ReleasePlatform | undefined;
}

export function thisPlatform(env: Record<string, string | undefined>): ThisPlatform {
  const platform = targetPlatform(env);
  const locked = RELEASE_PLATFORMS.find((candidate) => candidate.os === platform.os && candidate.arch === platform.arch && candidate.libc === platform.libc);
  return { label: platformLabel(platform), locked };
}
