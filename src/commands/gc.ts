/** `k3d plugin gc [--dry-run]`: fire cluster-gc, so hooks remove what clusters that are gone left behind (SPEC §9). */
import { defineCommand } from "citty";
import { runClusterGc } from "../hooks/cluster-gc.ts";
import { commandContext } from "./context.ts";
import { strictArgs } from "./strict-args.ts";

export default defineCommand({
  meta: { name: "gc", description: "Fire cluster-gc: hooks remove what clusters that no longer exist left behind" },
  args: {
    "dry-run": { type: "boolean", description: "Hooks only say what they would remove (K3D_DRY_RUN=1)" },
  },
  setup: strictArgs(),
  async run({ args }) {
    process.exitCode = await runClusterGc(commandContext(), Boolean(args["dry-run"]));
  },
});
