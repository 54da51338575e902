/** The world an install or upgrade runs in, read once from the dispatcher's context. */
import { resolve } from "node:path";
import { realK3dOrEmpty } from "../k3d/find-real-k3d.ts";
import type { DispatchContext } from "../context.ts";
import type { InstallContext } from "./install-plugin.ts";

export function installContextFrom(ctx: DispatchContext): InstallContext {
  return {
    // Absolute, so hook links and receipts stay right whatever the current folder.
    home: resolve(ctx.settings.home),
    env: ctx.env,
    // The INFO protocol hands K3D_BINARY on; a plugin may install fine without any k3d.
    k3dBinary: realK3dOrEmpty(ctx),
    wrapperPath: ctx.selfPath,
    depth: ctx.settings.depth,
    progress: Boolean(process.stderr.isTTY),
  };
}
