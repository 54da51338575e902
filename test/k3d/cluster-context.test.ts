import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { absentClusterContext, contextFromClusterJson, parseClusterList, readClusterContexts, type ClusterContext, type ClusterListing } from "../../src/k3d/cluster-context.ts";
import { writeCluster } from "../helpers/fake-k3d.ts";
import { createSandbox, type Sandbox } from "../helpers/sandbox.ts";

let box: Sandbox;
beforeEach(() => (box = createSandbox()));
afterEach(() => box.cleanup());

describe("contextFromClusterJson", () => {
  test("network, servers, agents and load balancer as name=ip lists; registries left out", () => {
    const context = contextFromClusterJson({
      name: "dev",
      network: { name: "shared-net" },
      nodes: [
        { name: "k3d-dev-server-0", role: "server", IP: { IP: "172.18.0.2" } },
        { name: "k3d-dev-server-1", role: "server", IP: { IP: "172.18.0.3" } },
        { name: "k3d-dev-agent-0", role: "agent", IP: { IP: "172.18.0.4" } },
        { name: "k3d-dev-serverlb", role: "loadbalancer", IP: { IP: "172.18.0.5" } },
        { name: "k3d-registry", role: "registry", IP: { IP: "172.18.0.6" } },
      ],
    });
    expect(context).toMatchObject({
      name: "dev",
      exists: true,
      network: "shared-net",
      control: "k3d-dev-server-0=172.18.0.2;k3d-dev-server-1=172.18.0.3",
      agents: "k3d-dev-agent-0=172.18.0.4",
      loadbalancer: "k3d-dev-serverlb=172.18.0.5",
    });
  });

  test("a stopped node has no IP: name= with nothing after it", () => {
    const context = contextFromClusterJson({ name: "x", network: { name: "k3d-x" }, nodes: [{ name: "k3d-x-server-0", role: "server", IP: { IP: "" } }] });
    expect(context.control).toBe("k3d-x-server-0=");
    expect(context.loadbalancer).toBe("");
  });

  test("the absent context: {name} and empty docker variables", () => {
    expect(absentClusterContext("new")).toEqual({ name: "new", exists: false, cluster: { name: "new" }, network: "", control: "", agents: "", loadbalancer: "" });
  });

  test("output that is not a JSON array is no answer; elements without a name are left out", () => {
    expect(parseClusterList("")).toBeUndefined();
    expect(parseClusterList("{}")).toBeUndefined();
    expect(parseClusterList("[]")).toEqual([]);
    expect(parseClusterList('[{"nope":1}]')).toEqual([]);
  });
});

describe("reading contexts from k3d", () => {
  const env = () => ({ ...box.env });
  const clustersOf = (listing: ClusterListing): ClusterContext[] => {
    if (!listing.ok) throw new Error(listing.reason);
    return listing.clusters;
  };

  test("each named cluster as k3d lists it; a missing one is absent", async () => {
    writeCluster(box.state, "dev", { agents: 1, network: "team-net" });
    const [dev, missing] = clustersOf(await readClusterContexts(box.k3d, ["dev", "nope"], env()));
    expect(dev!.exists).toBe(true);
    expect(dev!.network).toBe("team-net");
    expect(dev!.control).toMatch(/^k3d-dev-server-0=\d+\.\d+\.\d+\.\d+$/);
    expect(dev!.agents).toMatch(/^k3d-dev-agent-0=\d+\.\d+\.\d+\.\d+$/);
    expect(dev!.loadbalancer).toMatch(/^k3d-dev-serverlb=\d+\.\d+\.\d+\.\d+$/);
    // The cluster object is k3d's own, byte for byte once serialised again.
    const listed = Bun.spawnSync({ cmd: [box.k3d, "cluster", "list", "dev", "-o", "json"], env: env() }).stdout.toString();
    expect(JSON.stringify([dev!.cluster])).toBe(JSON.stringify(JSON.parse(listed)));
    expect(missing).toEqual(absentClusterContext("nope"));
  });

  test("every cluster k3d knows, for --all; none is an empty list, not a failure", async () => {
    expect(await readClusterContexts(box.k3d, "all", env())).toEqual({ ok: true, clusters: [] });
    writeCluster(box.state, "a");
    writeCluster(box.state, "b", { noLoadbalancer: true });
    const all = clustersOf(await readClusterContexts(box.k3d, "all", env()));
    expect(all.map((context) => context.name)).toEqual(["a", "b"]);
    expect(all[1]!.loadbalancer).toBe("");
  });

  test("a k3d that cannot answer is a failure that says why, never a cluster that does not exist", async () => {
    const noDocker = box.script("k3d-no-docker", `echo 'FATA[0000] Cannot connect to the Docker daemon' >&2\nexit 1\n`);
    const failure = { ok: false as const, reason: "'k3d cluster list -o json' exited 1 (FATA[0000] Cannot connect to the Docker daemon)", killedBy: undefined };
    expect(await readClusterContexts(noDocker, "all", env())).toEqual(failure);
    expect(await readClusterContexts(noDocker, ["dev"], env())).toEqual(failure);
    const garbled = box.script("k3d-garbled", "echo not json\n");
    expect(await readClusterContexts(garbled, ["dev"], env())).toMatchObject({ ok: false, reason: "'k3d cluster list -o json' printed no usable JSON" });
  });

  test("a named cluster k3d lists but will not describe is a failure too", async () => {
    writeCluster(box.state, "dev");
    const picky = box.script("k3d-picky", `if [ "$3" = dev ]; then echo 'FATA[0000] runtime error' >&2; exit 1; fi\nexec ${box.k3d} "$@"\n`);
    expect(await readClusterContexts(picky, ["dev"], env())).toEqual({
      ok: false,
      reason: "'k3d cluster list dev -o json' exited 1 (FATA[0000] runtime error)",
      killedBy: undefined,
    });
  });

  test("a question ended by a signal says which; an abort ends it at once", async () => {
    const killed = box.script("k3d-killed", "kill -TERM $$\n");
    expect(await readClusterContexts(killed, ["dev"], env())).toMatchObject({ ok: false, killedBy: "SIGTERM" });
    const abort = new AbortController();
    const started = performance.now();
    const reading = readClusterContexts(box.k3d, ["dev"], { ...env(), FAKE_K3D_SLEEP: "10" }, abort.signal);
    setTimeout(() => abort.abort(), 300);
    expect(await reading).toMatchObject({ ok: false, killedBy: "SIGTERM" });
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
