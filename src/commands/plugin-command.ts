/**
 * The `k3d plugin` command tree. One file per verb, loaded only when that verb runs
 * (or when help lists the verbs).
 */
import { defineCommand, type CommandDef } from "citty";
import { WRAPPER_VERSION } from "../version.ts";

const lazy = (load: () => Promise<{ default: CommandDef<any> }>) => () => load().then((m) => m.default);

export const pluginCommand = defineCommand({
  meta: {
    name: "k3d plugin",
    version: WRAPPER_VERSION,
    description: "Manage k3d plugins and lifecycle hooks (k3dx)",
  },
  subCommands: {
    install: lazy(() => import("./install.ts")),
    lock: lazy(() => import("./lock.ts")),
    list: lazy(() => import("./list.ts")),
    info: lazy(() => import("./info.ts")),
    remove: lazy(() => import("./remove.ts")),
    upgrade: lazy(() => import("./upgrade.ts")),
    exec: lazy(() => import("./exec.ts")),
    doctor: lazy(() => import("./doctor.ts")),
    hooks: lazy(() => import("./hooks.ts")),
    trigger: lazy(() => import("./trigger.ts")),
    gc: lazy(() => import("./gc.ts")),
    check: lazy(() => import("./check.ts")),
    search: lazy(() => import("./search.ts")),
    new: lazy(() => import("./new.ts")),
  },
});
