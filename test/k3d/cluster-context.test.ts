import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { absentClusterContext, contextFromClusterJson, parseClusterList, readAllClusterContexts, readClusterContexts } from "../../src/k3d/cluster-context.ts";
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

  test("output that is not a JSON array of clusters describes none", () => {
    expect(parseClusterList("")).toEqual([]);
    expect(parseClusterList("{}")).toEqual([]);
    expect(parseClusterList('[{"nope":1}]')).toEqual([]);
  });
});

describe("reading contexts from k3d", () => {
  const env = () => ({ ...box.env });

  test("each named cluster as k3d lists it; a missing one is absent", async () => {
    writeCluster(box.state, "dev", { agents: 1, network: "team-net" });
    const [dev, missing] = await readClusterContexts(box.k3d, ["dev", "nope"], env());
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

  test("--all: every cluster k3d knows", async () => {
    writeCluster(box.state, "a");
    writeCluster(box.state, "b", { noLoadbalancer: true });
    const all = await readAllClusterContexts(box.k3d, env());
    expect(all.map((context) => context.name)).toEqual(["a", "b"]);
    expect(all[1]!.loadbalancer).toBe("");
  });

  test("a k3d that fails: no clusters, absent contexts", async () => {
    const failing = { ...env(), FAKE_K3D_EXIT: "1" };
    expect(await readAllClusterContexts(box.k3d, failing)).toEqual([]);
    expect(await readClusterContexts(box.k3d, ["dev"], failing)).toEqual([absentClusterContext("dev")]);
  });
});
