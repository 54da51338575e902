/**
 * A plugin whose `k3d:` range leaves out the real k3d still installs (the user may be
 * about to upgrade k3d, and doctor says it again), but not silently: install and
 * upgrade warn. Asking k3d's version costs a process; the answer is cached per k3d
 * binary (k3d/k3d-version.ts), so hooks and later installs do not ask again.
 */
import type { InstallContext } from "../install/install-plugin.ts";
import { readK3dVersion } from "../k3d/k3d-version.ts";
import { k3dVersionOutside } from "../plugins/semver-range.ts";
import type { PluginMetadata } from "../plugins/types.ts";

/** The warning, or undefined when the range fits, there is none, or k3d or its version is unknown. */
export async function k3dRangeWarning(metadata: PluginMetadata, install: InstallContext): Promise<string | undefined> {
  if (!metadata.k3d || !install.k3dBinary) return undefined;
  const version = await readK3dVersion(install.k3dBinary, install.home, install.env);
  if (!version) return undefined;
  const outside = k3dVersionOutside(version, metadata.k3d);
  if (!outside) return undefined;
  const what =
    outside === "older"
      ? "it may not work until k3d is upgraded"
      : outside === "newer"
        ? "that k3d is newer than the plugin supports, so it may not work with it (a newer release of the plugin may)"
        : "it may not work with it";
  return `warning: ${metadata.name} supports k3d ${metadata.k3d}, but the real k3d (${install.k3dBinary}) is ${version}; ${what}`;
}
