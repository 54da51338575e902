/** `k3d plugin trigger EVENT [CLUSTER]`: fire an event by hand, with the context a real command gives (SPEC §5). */
import { defineCommand } from "citty";
import { K3dxError } from "../errors.ts";
import { CLUSTER_GC_EVENT, UNDO_CREATE_EVENT, UNDO_REASONS, requireLifecycleEvent, type UndoReason } from "../hooks/lifecycle-events.ts";
import { triggerEvent } from "../hooks/trigger-event.ts";
import { DEFAULT_CLUSTER_NAME } from "../k3d/cluster-names.ts";
import { commandContext } from "./context.ts";
import { strictArgs } from "./strict-args.ts";

/** A real undo's most common cause is k3d failing; by hand k3d is not run, as after a failed pre-hook. */
const DEFAULT_UNDO_REASON: UndoReason = "hook-failed";

export default defineCommand({
  meta: { name: "trigger", description: "Fire a lifecycle event's hooks by hand, with the context a real command gives" },
  args: {
    event: { type: "positional", required: true, description: "The event, e.g. post-cluster-create", valueHint: "EVENT" },
    cluster: { type: "positional", required: false, description: `The cluster (default ${DEFAULT_CLUSTER_NAME}; none for ${CLUSTER_GC_EVENT})`, valueHint: "CLUSTER" },
    reason: {
      type: "enum",
      options: [...UNDO_REASONS],
      description: `${UNDO_CREATE_EVENT}: K3D_UNDO_REASON (default ${DEFAULT_UNDO_REASON})`,
      valueHint: UNDO_REASONS.join("|"),
    },
    "dry-run": { type: "boolean", description: `${CLUSTER_GC_EVENT}: K3D_DRY_RUN=1, hooks only say what they would remove` },
  },
  setup: strictArgs(),
  async run({ args }) {
    const event = requireLifecycleEvent(args.event);
    const usage = (problem: string) => new K3dxError(`${problem}. Run 'k3d plugin trigger --help' for usage.`, 2);
    if (args.reason !== undefined && event !== UNDO_CREATE_EVENT) throw usage(`--reason is for ${UNDO_CREATE_EVENT} only`);
    if (args["dry-run"] && event !== CLUSTER_GC_EVENT) throw usage(`--dry-run is for ${CLUSTER_GC_EVENT} only`);
    if (args.cluster && event === CLUSTER_GC_EVENT) throw usage(`${CLUSTER_GC_EVENT} is about every live cluster at once; it takes no CLUSTER`);
    const options = { reason: (args.reason as UndoReason | undefined) ?? DEFAULT_UNDO_REASON, dryRun: Boolean(args["dry-run"]) };
    process.exitCode = await triggerEvent(event, args.cluster || DEFAULT_CLUSTER_NAME, commandContext(), options);
  },
});
