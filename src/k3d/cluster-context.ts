/**
 * What a hook learns about its cluster, read from real k3d (`k3d cluster list NAME -o json`),
 * never guessed: the cluster object as k3d prints it, its docker network, and its
 * containers as `name=ip` lists.
 */
import { askK3d } from "./ask-k3d.ts";

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
 * Pure: k3d's JSON output → the contexts it describes. Anything that is not a JSON array
 * of clusters describes none.
 */
export function parseClusterList(stdout: string): ClusterContext[] {
  let value: unknown;
  try {
    value = JSON.parse(stdout);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value
    .filter((item): item is Record<string, unknown> => typeof item === "object" && item !== null && typeof item.name === "string")
    .map(contextFromClusterJson);
}

/**
 * One context per name, asked of k3d in parallel. k3d exits 1 for a cluster it does not
 * know; that cluster gets the absent context.
 */
export async function readClusterContexts(k3d: string, names: string[], env: Record<string, string | undefined>): Promise<ClusterContext[]> {
  return Promise.all(
    names.map(async (name) => {
      const run = await askK3d(k3d, ["cluster", "list", name, "-o", "json"], env);
      const found = run.status === 0 ? parseClusterList(run.stdout).find((context) => context.name === name) : undefined;
      return found ?? absentClusterContext(name);
    }),
  );
}

/** Every cluster k3d knows (what `--all` acts on), with its context. */
export async function readAllClusterContexts(k3d: string, env: Record<string, string | undefined>): Promise<ClusterContext[]> {
  const run = await askK3d(k3d, ["cluster", "list", "-o", "json"], env);
  return run.status === 0 ? parseClusterList(run.stdout) : [];
}
