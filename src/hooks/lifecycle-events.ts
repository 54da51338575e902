/**
 * The events around each cluster lifecycle verb (SPEC §4): a pre- and a post- event, and
 * for two verbs an event that cleans up (SPEC §9) — `undo-cluster-create` when a create
 * does not complete, `cluster-gc` after a delete. And the way back from an event's name.
 */
import type { LifecycleVerb } from "../k3d/cluster-names.ts";
import { K3dxError } from "../errors.ts";
import { printable } from "../platform/printable.ts";
import { LIFECYCLE_EVENTS, type LifecycleEvent } from "../plugins/types.ts";

export const UNDO_CREATE_EVENT = "undo-cluster-create" satisfies LifecycleEvent;
export const CLUSTER_GC_EVENT = "cluster-gc" satisfies LifecycleEvent;

/** Why a create is undone: K3D_UNDO_REASON. */
export const UNDO_REASONS = ["k3d-failed", "hook-failed", "interrupted"] as const;
export type UndoReason = (typeof UNDO_REASONS)[number];

export interface VerbEvents {
  pre: LifecycleEvent;
  post: LifecycleEvent;
  /** The event that cleans up after this verb, if it has one. */
  cleanup: LifecycleEvent | undefined;
}

export function eventsOf(verb: LifecycleVerb): VerbEvents {
  const cleanup = verb === "create" ? UNDO_CREATE_EVENT : verb === "delete" ? CLUSTER_GC_EVENT : undefined;
  return { pre: `pre-cluster-${verb}`, post: `post-cluster-${verb}`, cleanup };
}

export function isLifecycleEvent(name: string): name is LifecycleEvent {
  return (LIFECYCLE_EVENTS as readonly string[]).includes(name);
}

/**
 * The verb whose command fires the event: `post-cluster-delete` → "delete",
 * `undo-cluster-create` → "create"; undefined for `cluster-gc`, which `plugin gc` fires too.
 */
export function verbOf(event: LifecycleEvent): LifecycleVerb | undefined {
  if (event === CLUSTER_GC_EVENT) return undefined;
  return event.slice(event.indexOf("cluster-") + "cluster-".length) as LifecycleVerb;
}

export function isPreEvent(event: LifecycleEvent): boolean {
  return event.startsWith("pre-");
}

/**
 * When an event fires, in words (`before every 'k3d cluster create'`): what consent and
 * the scaffold's comments say, so that the cleanup events are not told as a pre or post.
 */
export function whenEventFires(event: LifecycleEvent): string {
  if (event === UNDO_CREATE_EVENT) return "after a 'k3d cluster create' that did not complete";
  if (event === CLUSTER_GC_EVENT) return "on 'k3d plugin gc', and after every successful 'k3d cluster delete'";
  const verb = verbOf(event)!;
  return isPreEvent(event) ? `before every 'k3d cluster ${verb}'` : `after every successful 'k3d cluster ${verb}'`;
}

/** A user-typed event name, or bad usage (exit 2) listing the events. */
export function requireLifecycleEvent(name: string): LifecycleEvent {
  if (isLifecycleEvent(name)) return name;
  throw new K3dxError(`unknown event '${printable(name)}'; the events are: ${LIFECYCLE_EVENTS.join(", ")}`, 2);
}
