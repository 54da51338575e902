/**
 * What a hook learns about its cluster, read from real k3d (`k3d cluster list NAME -o json`),
 * never guessed: the cluster object as k3d prints it, its docker network, and its
 * containers as `name=ip` lists.
 */
import { askK3d, describeFailure, type K3dAnswer } from "./ask-k3d.ts";

export interface ClusterContext {
  name: string;
  /** Whether k3d knows the cluster (false: it does not exist, or not yet). */
  exists: boolean;
  /** The element of `cluster list -o json` for this cluster, or `{name}` when it does not exist. */
  cluster: Record<string, unknown>;
  /** K3D_DOCKER_NETWORK */
  network: string;
  /** K3D_DOCKER_CONTROL: server containers, `name=ip` joined by `;`. */
  control: string;
  /** K3D_DOCKER_AGENTS */
  agents: string;
  /** K3D_DOCKER_LOADBALANCER: `name=ip`, or "". */
  loadbalancer: string;
}

interface K3dNode {
  name?: unknown;
  role?: unknown;
  IP?: { IP?: unknown };
}

/** The context of a cluster k3d does not know (pre-create, or a name that does not exist). */
export function absentClusterContext(name: string): ClusterContext {
  return { name, exists: false, cluster: { name }, network: "", control: "", agents: "", loadbalancer: "" };
}

/** Pure: one element of k3d's `cluster list -o json` → the context hooks get. */
export function contextFromClusterJson(cluster: Record<string, unknown>): ClusterContext {
  const nodes = Array.isArray(cluster.nodes) ? (cluster.nodes as K3dNode[]) : [];
  const pairs = (role: string) =>
    nodes
      .filter((node) => node.role === role)
      .map((node) => `${String(node.name ?? "")}=${typeof node.IP?.IP === "string" ? node.IP.IP : ""}`)
      .join(";");
  const network = (cluster.network as { name?: unknown } | undefined)?.name;
  return {
    name: String(cluster.name),
    exists: true,
    cluster,
    network: typeof network === "string" ? network : "",
    control: pairs("server"),
    agents: pairs("agent"),
    loadbalancer: pairs("loadbalancer"),
  };
}

/**
 * Pure: k3d's JSON output → the contexts it describes; undefined when it is not a JSON
 * array (then k3d did not answer the question). Elements without a name are left out.
 */
export function parseClusterList(stdout: string): ClusterContext[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(stdout);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value)) return undefined;
  return value
    .filter((item): item is Record<string, unknown> => typeof item === "object" && item !== null && typeof item.name === "string")
    .map(contextFromClusterJson);
}

export type ClusterListing =
  | { ok: true; clusters: ClusterContext[] }
  /** k3d could not say: `reason` is for one line on stderr; `killedBy` the signal that ended it, if one did. */
  | { ok: false; reason: string; killedBy: NodeJS.Signals | undefined };

/**
 * The clusters a command acts on, with their context as k3d describes them. `"all"`: every
 * cluster k3d knows, from `k3d cluster list -o json`. Names: `k3d cluster list NAME… -o
 * json` for all of them in one question (the form that also describes the load balancer),
 * however many names a command has: asking per name started one k3d for each, a thousand
 * at once for `cluster delete` with a thousand names.
 *
 * k3d fails that question alike when one of the clusters does not exist and when it
 * cannot answer at all (no Docker, say), so when it fails, the list of every cluster
 * tells which: a name k3d does not list does not exist (yet) and gets the absent context;
 * the names it does list are asked again, together; any other failure is a failure, never
 * taken for "no such cluster". At most three questions, whatever the names. `abort` ends
 * them early (Ctrl-C).
 */
export async function readClusterContexts(
  k3d: string,
  names: string[] | "all",
  env: Record<string, string | undefined>,
  abort?: AbortSignal,
): Promise<ClusterListing> {
  if (names === "all") return listEveryCluster(k3d, env, abort);
  const unique = [...new Set(names)];
  if (unique.length === 0) return { ok: true, clusters: [] };
  const first = await listNamed(k3d, unique, env, abort);
  if (first.described) return { ok: true, clusters: names.map((name) => first.described!.get(name)!) };
  if (first.answer.killedBy !== undefined) return listingFailure(listArgs(unique), first.answer);

  const every = await listEveryCluster(k3d, env, abort);
  if (!every.ok) return every;
  const existing = unique.filter((name) => every.clusters.some((context) => context.name === name));
  // Every name exists, yet k3d would not describe them: that is k3d failing, not a missing cluster.
  if (existing.length === unique.length) return listingFailure(listArgs(unique), first.answer);
  let described = new Map<string, ClusterContext>();
  if (existing.length > 0) {
    const again = await listNamed(k3d, existing, env, abort);
    if (!again.described) return listingFailure(listArgs(existing), again.answer);
    described = again.described;
  }
  return { ok: true, clusters: names.map((name) => described.get(name) ?? absentClusterContext(name)) };
}

function listArgs(names: string[]): string[] {
  return ["cluster", "list", ...names, "-o", "json"];
}

/** k3d's description of each of `names`, or undefined (with k3d's answer) when it did not give every one. */
async function listNamed(
  k3d: string,
  names: string[],
  env: Record<string, string | undefined>,
  abort: AbortSignal | undefined,
): Promise<{ described: Map<string, ClusterContext> | undefined; answer: K3dAnswer }> {
  const answer = await askK3d(k3d, listArgs(names), env, abort);
  const contexts = answer.status === 0 ? parseClusterList(answer.stdout) : undefined;
  const described = new Map((contexts ?? []).map((context) => [context.name, context]));
  return { described: names.every((name) => described.has(name)) ? described : undefined, answer };
}

async function listEveryCluster(k3d: string, env: Record<string, string | undefined>, abort: AbortSignal | undefined): Promise<ClusterListing> {
  const args = ["cluster", "list", "-o", "json"];
  const answer = await askK3d(k3d, args, env, abort);
  const clusters = answer.status === 0 ? parseClusterList(answer.stdout) : undefined;
  return clusters ? { ok: true, clusters } : listingFailure(args, answer);
}

function listingFailure(args: string[], answer: K3dAnswer): ClusterListing {
  const how = answer.status === 0 ? "printed no usable JSON" : describeFailure(answer);
  return { ok: false, reason: `'k3d ${shownArgs(args).join(" ")}' ${how}`, killedBy: answer.killedBy };
}

/** A question about many clusters, as one line can show it: the first names, then how many more. */
function shownArgs(args: string[]): string[] {
  const SHOWN = 5;
  if (args.length <= SHOWN + 4) return args;
  return [...args.slice(0, 2 + SHOWN), `(and ${args.length - 4 - SHOWN} more)`, ...args.slice(-2)];
}
