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
 * cluster k3d knows, from `k3d cluster list -o json`. Names: `k3d cluster list NAME -o json`
 * for each, in parallel (the form that also describes the load balancer). k3d fails that
 * alike for a cluster that does not exist and when it cannot answer at all (no Docker,
 * say), so when one fails, the list of every cluster tells which: a name k3d does not list
 * does not exist (yet) and gets the absent context; any other failure is a failure, never
 * taken for "no such cluster". `abort` ends the questions early (Ctrl-C).
 */
export async function readClusterContexts(
  k3d: string,
  names: string[] | "all",
  env: Record<string, string | undefined>,
  abort?: AbortSignal,
): Promise<ClusterListing> {
  if (names === "all") return listEveryCluster(k3d, env, abort);
  const listOne = (name: string) => ["cluster", "list", name, "-o", "json"];
  const answers = await Promise.all(names.map((name) => askK3d(k3d, listOne(name), env, abort)));
  const described = answers.map((answer, i) => (answer.status === 0 ? parseClusterList(answer.stdout)?.find((context) => context.name === names[i]) : undefined));
  if (described.every((context) => context !== undefined)) return { ok: true, clusters: described as ClusterContext[] };

  const killed = answers.findIndex((answer) => answer.killedBy !== undefined);
  if (killed >= 0) return listingFailure(listOne(names[killed]!), answers[killed]!);
  const every = await listEveryCluster(k3d, env, abort);
  if (!every.ok) return every;
  const clusters: ClusterContext[] = [];
  for (const [i, name] of names.entries()) {
    const known = every.clusters.some((context) => context.name === name);
    if (known && !described[i]) return listingFailure(listOne(name), answers[i]!);
    clusters.push(described[i] ?? absentClusterContext(name));
  }
  return { ok: true, clusters };
}

async function listEveryCluster(k3d: string, env: Record<string, string | undefined>, abort: AbortSignal | undefined): Promise<ClusterListing> {
  const args = ["cluster", "list", "-o", "json"];
  const answer = await askK3d(k3d, args, env, abort);
  const clusters = answer.status === 0 ? parseClusterList(answer.stdout) : undefined;
  return clusters ? { ok: true, clusters } : listingFailure(args, answer);
}

function listingFailure(args: string[], answer: K3dAnswer): ClusterListing {
  const how = answer.status === 0 ? "printed no usable JSON" : describeFailure(answer);
  return { ok: false, reason: `'k3d ${args.join(" ")}' ${how}`, killedBy: answer.killedBy };
}
