import { describe, expect, test } from "bun:test";
import { clusterNameProblem, k3dRefusal, parseClusterCommand, resolveClusterNames, type LifecycleVerb } from "../../src/k3d/cluster-names.ts";
import { k3dRelease, NEWEST_RULES, type K3dRelease } from "../../src/k3d/k3d-release.ts";

const V5_9 = k3dRelease("v5.9.0");
const parse = (verb: LifecycleVerb, args: string[], env: Record<string, string> = {}, release: K3dRelease = V5_9) => parseClusterCommand(verb, args, env, release);

/** The names k3d would act on, for a config whose cluster name is `configName`. */
function names(verb: LifecycleVerb, args: string[], env: Record<string, string> = {}, configName?: string) {
  return resolveClusterNames(parse(verb, args, env), configName);
}

describe("resolveClusterNames: create", () => {
  test("the positional name, else k3s-default", () => {
    expect(names("create", ["dev"])).toEqual({ all: false, names: ["dev"] });
    expect(names("create", [])).toEqual({ all: false, names: ["k3s-default"] });
  });

  test("-a is --agents for create: it takes a value and never means --all", () => {
    expect(names("create", ["-a", "2"])).toEqual({ all: false, names: ["k3s-default"] });
    expect(names("create", ["dev", "-a", "2"])).toEqual({ all: false, names: ["dev"] });
    expect(names("create", ["-a2", "dev"])).toEqual({ all: false, names: ["dev"] });
    expect(names("create", ["--agents=3", "dev"])).toEqual({ all: false, names: ["dev"] });
  });

  test("values of flags that take one are never names, in every form", () => {
    const valued = ["--api-port", "-e", "--env", "-v", "-p", "--port", "--k3s-node-label", "--runtime-label", "--runtime-ulimit",
      "--registry-create", "--host-alias", "--k3s-arg", "-s", "--servers", "-i", "--image", "--network", "--subnet", "--token",
      "--timeout", "--gpus", "--servers-memory", "--agents-memory", "--registry-use", "--registry-config", "--lb-config-override"];
    for (const flag of valued) expect(names("create", [flag, "value", "dev"])).toEqual({ all: false, names: ["dev"] });
    expect(names("create", ["--port=8080:80@loadbalancer", "dev"]).all).toBe(false);
    expect(names("create", ["-p8080:80", "dev"])).toEqual({ all: false, names: ["dev"] });
    // A value may look like a flag: pflag takes the next word whatever it is.
    expect(names("create", ["--k3s-arg", "--disable=traefik@server:0", "dev"])).toEqual({ all: false, names: ["dev"] });
  });

  test("boolean flags leave the next word alone; global flags may stand anywhere", () => {
    expect(names("create", ["--wait", "dev"])).toEqual({ all: false, names: ["dev"] });
    expect(names("create", ["--no-lb", "--verbose", "dev", "--trace"])).toEqual({ all: false, names: ["dev"] });
    expect(names("create", ["--kubeconfig-update-default=false", "dev"])).toEqual({ all: false, names: ["dev"] });
  });

  test("-- ends the flags: what follows is positional", () => {
    expect(names("create", ["--", "-weird"])).toEqual({ all: false, names: ["-weird"] });
    expect(names("create", ["--servers", "1", "--", "dev"])).toEqual({ all: false, names: ["dev"] });
  });

  test("the config's name when no positional; the positional wins over it", () => {
    expect(names("create", ["-c", "cfg.yaml"], {}, "fromconfig")).toEqual({ all: false, names: ["fromconfig"] });
    expect(names("create", ["dev", "-c", "cfg.yaml"], {}, "fromconfig")).toEqual({ all: false, names: ["dev"] });
  });
});

describe("resolveClusterNames: delete, start, stop, restart", () => {
  test("-a and --all mean every cluster", () => {
    for (const verb of ["delete", "start", "stop", "restart"] as const) {
      expect(names(verb, ["-a"])).toEqual({ all: true });
      expect(names(verb, ["--all"])).toEqual({ all: true });
      expect(names(verb, ["--all=false", "x"])).toEqual({ all: false, names: ["x"] });
    }
  });

  test("several positional names, in order; k3s-default when none", () => {
    expect(names("delete", ["a", "b", "c"])).toEqual({ all: false, names: ["a", "b", "c"] });
    expect(names("stop", [])).toEqual({ all: false, names: ["k3s-default"] });
  });

  test("the config names the cluster for delete only", () => {
    expect(names("delete", ["-c", "cfg.yaml"], {}, "fromconfig")).toEqual({ all: false, names: ["fromconfig"] });
    expect(names("delete", ["-ac", "cfg.yaml"], {}, "fromconfig")).toEqual({ all: true });
    expect(names("start", [], {}, "fromconfig")).toEqual({ all: false, names: ["k3s-default"] });
  });

  test("start's and restart's --timeout take a value, --wait does not", () => {
    for (const verb of ["start", "restart"] as const) {
      expect(names(verb, ["--timeout", "30s", "dev"])).toEqual({ all: false, names: ["dev"] });
      expect(names(verb, ["--wait", "dev"])).toEqual({ all: false, names: ["dev"] });
      expect(names(verb, ["--wait=false", "--timeout=1m", "dev"])).toEqual({ all: false, names: ["dev"] });
    }
  });
});

describe("parseClusterCommand: which config k3d reads", () => {
  test("--config, -c, -cFILE, -c=FILE, --config=FILE; - is stdin", () => {
    for (const args of [["--config", "f.yaml"], ["-c", "f.yaml"], ["-cf.yaml"], ["-c=f.yaml"], ["--config=f.yaml"]]) {
      expect(parse("create", args).configFile).toBe("f.yaml");
    }
    expect(parse("delete", ["-c", "-"]).configFile).toBe("-");
  });

  test("K3D_CONFIG when the flag is absent; the flag wins, even an empty one", () => {
    expect(parse("create", [], { K3D_CONFIG: "env.yaml" }).configFile).toBe("env.yaml");
    expect(parse("delete", [], { K3D_CONFIG: "env.yaml" }).configFile).toBe("env.yaml");
    expect(parse("create", ["-c", "flag.yaml"], { K3D_CONFIG: "env.yaml" }).configFile).toBe("flag.yaml");
    expect(parse("create", ["--config="], { K3D_CONFIG: "env.yaml" }).configFile).toBeUndefined();
    expect(parse("create", [], { K3D_CONFIG: "" }).configFile).toBeUndefined();
  });

  test("K3D_CONFIG only from k3d v5.7.5: older releases ignore it (the cluster is k3s-default)", () => {
    for (const version of ["v5.0.0", "v5.4.9", "v5.6.3", "v5.7.4"]) {
      expect(parse("create", [], { K3D_CONFIG: "env.yaml" }, k3dRelease(version)).configFile).toBeUndefined();
      expect(parse("delete", [], { K3D_CONFIG: "env.yaml" }, k3dRelease(version)).configFile).toBeUndefined();
    }
    expect(parse("create", [], { K3D_CONFIG: "env.yaml" }, k3dRelease("v5.7.5")).configFile).toBe("env.yaml");
    // A k3d whose version cannot be read follows the newest rules.
    expect(parse("create", [], { K3D_CONFIG: "env.yaml" }, NEWEST_RULES).configFile).toBe("env.yaml");
  });

  test("start, stop and restart read no config", () => {
    expect(parse("start", [], { K3D_CONFIG: "env.yaml" }).configFile).toBeUndefined();
  });
});

describe("command lines k3d refuses before touching a cluster", () => {
  const refusal = (verb: LifecycleVerb, args: string[], configName?: string, release = V5_9) => {
    const command = parse(verb, args, {}, release);
    return k3dRefusal(command, resolveClusterNames(command, configName), configName, release);
  };
  const refuses = (verb: LifecycleVerb, args: string[], configName?: string, release = V5_9) => refusal(verb, args, configName, release) !== undefined;

  test("a flag that takes a value, last and without one, in every form", () => {
    expect(parse("create", ["-c"]).refusal).toBe("-c needs a value");
    expect(parse("create", ["dev", "--agents"]).refusal).toBe("--agents needs a value");
    expect(parse("delete", ["-ac"]).refusal).toBe("-ac needs a value");
    expect(parse("start", ["dev", "--timeout"]).refusal).toBe("--timeout needs a value");
    expect(parse("restart", ["--timeout"]).refusal).toBe("--timeout needs a value");
    for (const [verb, args] of [["create", ["-c", "f.yaml"]], ["create", ["--config="]], ["create", ["-a2"]], ["start", ["--wait"]], ["stop", ["-a"]], ["create", ["--", "-c"]]] as const) {
      expect(parse(verb, [...args]).refusal).toBeUndefined();
    }
    expect(refuses("create", ["-c"])).toBe(true);
    expect(refuses("delete", ["dev", "--config"])).toBe(true);
  });

  test("create takes at most one name (cobra's RangeArgs(0, 1)); delete, start and stop take any number", () => {
    expect(refusal("create", ["a", "b"])).toBe("accepts between 0 and 1 arg(s), received 2");
    // A boolean given its value as a word: `false` is a second name.
    expect(refusal("create", ["--wait", "false", "x"])).toBe("accepts between 0 and 1 arg(s), received 2");
    expect(refuses("create", ["--wait=false", "x"])).toBe(false);
    expect(refuses("delete", ["a", "b"])).toBe(false);
  });

  test("a flag this k3d does not have, long or short", () => {
    expect(parse("create", ["dev", "--no-such-flag"]).refusal).toBe("this k3d has no flag --no-such-flag");
    expect(parse("stop", ["-x", "dev"]).refusal).toBe("this k3d has no flag -x");
    expect(parse("delete", ["-ax"]).refusal).toBe("this k3d has no flag -x");
    expect(parse("stop", ["--wait"]).refusal).toBe("this k3d has no flag --wait");
    expect(parse("create", ["--verbose", "--timestamps", "--trace", "dev"]).refusal).toBeUndefined();
  });

  test("flags follow the release: added ones are unknown before, v5.0's are known everywhere", () => {
    const at = (version: string) => k3dRelease(version);
    expect(parse("create", ["--enforce-registry-port-match", "dev"], {}, at("v5.8.3")).refusal).toBe("this k3d has no flag --enforce-registry-port-match");
    expect(parse("create", ["--enforce-registry-port-match", "dev"], {}, at("v5.9.0")).refusal).toBeUndefined();
    expect(parse("create", ["--runtime-ulimit", "nofile=1024", "dev"], {}, at("v5.4.9")).refusal).toBe("this k3d has no flag --runtime-ulimit");
    expect(parse("create", ["--host-alias", "1.2.3.4:x", "dev"], {}, at("v5.2.2")).refusal).toBe("this k3d has no flag --host-alias");
    expect(parse("create", ["--host-pid-mode", "dev"], {}, at("v5.3.0")).refusal).toBeUndefined();
    expect(parse("create", ["--k3s-arg", "--x@server:0", "--registry-create", "reg", "-c", "f.yaml"], {}, at("v5.0.0")).refusal).toBeUndefined();
  });

  test("--config - only from v5.4.5; before, k3d fails to stat a file named '-'", () => {
    expect(parse("create", ["-c", "-"], {}, k3dRelease("v5.4.0")).refusal).toBe("this k3d cannot read a config from stdin (--config -)");
    expect(parse("create", ["-c", "-"], {}, k3dRelease("v5.4.5")).refusal).toBeUndefined();
  });

  test("delete --config with names or --all: fatal in k3d before v5.7.5, names win after", () => {
    for (const args of [["-c", "f.yaml", "dev"], ["-a", "-c", "f.yaml"]]) {
      expect(refusal("delete", args, "fromconfig", k3dRelease("v5.6.3"))).toBe("this k3d refuses --config together with cluster names or --all");
      expect(refuses("delete", args, "fromconfig", k3dRelease("v5.7.5"))).toBe(false);
    }
    expect(names("delete", ["-c", "f.yaml", "dev"], {}, "fromconfig")).toEqual({ all: false, names: ["dev"] });
  });

  test("delete by a config that names no cluster: fatal before v5.7.5, k3s-default after", () => {
    expect(refusal("delete", ["-c", "f.yaml"], undefined, k3dRelease("v5.0.0"))).toBe("this k3d refuses to delete by a config that names no cluster");
    expect(refuses("delete", ["-c", "f.yaml"], "named", k3dRelease("v5.0.0"))).toBe(false);
    expect(refuses("delete", ["-c", "f.yaml"], undefined, k3dRelease("v5.7.5"))).toBe(false);
    expect(names("delete", ["-c", "f.yaml"])).toEqual({ all: false, names: ["k3s-default"] });
  });

  test("a new cluster's name from v5.3.0: an RFC 1123 hostname, dots allowed, at most 32 characters", () => {
    for (const name of ["dev", "k3s-default", "A1", "a".repeat(32), "dev.example", "a.b.c", "x-1.y-2"]) expect(clusterNameProblem(name, V5_9)).toBeUndefined();
    expect(clusterNameProblem("Bad_Name", V5_9)).toBe("Invalid cluster name. name Bad_Name is not a valid hostname as per RFC 1123");
    for (const bad of ["-dev", "dev-", "dev.", ".dev", "a..b", "a.-b", "dev example"]) expect(clusterNameProblem(bad, V5_9)).toStartWith("Invalid cluster name. name ");
    expect(clusterNameProblem("a".repeat(33), V5_9)).toBe("Cluster name must be <= 32 characters, but has 33");
    expect(clusterNameProblem("", V5_9)).toBe("Invalid cluster name. No name provided");
  });

  test("before v5.3.0: letters, digits and inner dashes only, in that k3d's words", () => {
    const old = k3dRelease("v5.2.2");
    expect(clusterNameProblem("dev.example", old)).toBe("Invalid cluster name. Hostname 'dev.example' contains characters other than 'Aa-Zz', '0-9' or '-'");
    expect(clusterNameProblem("-dev", old)).toBe("Invalid cluster name. Hostname '-dev' must not start or end with '-' (dash)");
    expect(clusterNameProblem("dev", old)).toBeUndefined();
    expect(refuses("create", ["dev.example"], undefined, old)).toBe(true);
    expect(refuses("create", ["dev.example"], undefined, k3dRelease("v5.3.0"))).toBe(false);
  });

  test("only create checks the name, whether it comes from argv or the config", () => {
    expect(refuses("create", ["Bad_Name"])).toBe(true);
    expect(refuses("create", ["-c", "cfg.yaml"], "under_score")).toBe(true);
    expect(refuses("create", ["dev"])).toBe(false);
    // delete, start and stop look a name up; one that cannot exist is simply not found.
    expect(refuses("delete", ["Bad_Name"])).toBe(false);
    expect(refuses("stop", ["--all"])).toBe(false);
  });
});
