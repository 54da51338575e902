/** The pair of events around each cluster lifecycle verb (SPEC §4), and the way back. */
import type { LifecycleVerb } from "../k3d/cluster-names.ts";
import { K3dxError } from "../errors.ts";
import { LIFECYCLE_EVENTS, type LifecycleEvent } from "../plugins/types.ts";

export interface EventPair {
  pre: LifecycleEvent;
  post: LifecycleEvent;
}

export function eventsOf(verb: LifecycleVerb): EventPair {
  return { pre: `pre-cluster-${verb}`, post: `post-cluster-${verb}` };
}

export function isLifecycleEvent(name: string): name is LifecycleEvent {
  return (LIFECYCLE_EVENTS as readonly string[]).includes(name);
}

/** `post-cluster-delete` → "delete". */
export function verbOf(event: LifecycleEvent): LifecycleVerb {
  return event.slice(event.indexOf("cluster-") + "cluster-".length) as LifecycleVerb;
}

export function isPreEvent(event: LifecycleEvent): boolean {
  return event.startsWith("pre-");
}

/** A user-typed event name, or bad usage (exit 2) listing the events. */
export function requireLifecycleEvent(name: string): LifecycleEvent {
  if (isLifecycleEvent(name)) return name;
  throw new K3dxError(`unknown event '${name}'; the events are: ${LIFECYCLE_EVENTS.join(", ")}`, 2);
}
