/** `k3d plugin trigger EVENT [CLUSTER]`: fire an event by hand, with the context a real command gives (SPEC §5). */
import { defineCommand } from "citty";
import { requireLifecycleEvent } from "../hooks/lifecycle-events.ts";
import { triggerEvent } from "../hooks/trigger-event.ts";
import { DEFAULT_CLUSTER_NAME } from "../k3d/cluster-names.ts";
import { commandContext } from "./context.ts";
import { strictArgs } from "./strict-args.ts";

export default defineCommand({
  meta: { name: "trigger", description: "Fire a lifecycle event's hooks by hand, with the context a real command gives" },
  args: {
    event: { type: "positional", required: true, description: "The event, e.g. post-cluster-create", valueHint: "EVENT" },
    cluster: { type: "positional", required: false, description: `The cluster (default ${DEFAULT_CLUSTER_NAME})`, valueHint: "CLUSTER" },
  },
  setup: strictArgs(),
  async run({ args }) {
    const event = requireLifecycleEvent(args.event);
    process.exitCode = await triggerEvent(event, args.cluster || DEFAULT_CLUSTER_NAME, commandContext());
  },
});
