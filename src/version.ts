import { version } from "../package.json";

/** k3dx's own version (K3D_WRAPPER_VERSION, `k3d plugin --version`), from package.json at build time. */
export const WRAPPER_VERSION: string = version;
