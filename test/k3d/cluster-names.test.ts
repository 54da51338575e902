import { describe, expect, test } from "bun:test";
import { clusterNameProblem, k3dRefuses, parseClusterCommand, resolveClusterNames, type LifecycleVerb } from "../../src/k3d/cluster-names.ts";

/** The names k3d would act on, for a config whose metadata.name is `configName`. */
function names(verb: LifecycleVerb, args: string[], env: Record<string, string> = {}, configName?: string) {
  return resolveClusterNames(parseClusterCommand(verb, args, env), configName);
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

  test("start's --timeout takes a value, --wait does not", () => {
    expect(names("start", ["--timeout", "60s", "dev"])).toEqual({ all: false, names: ["dev"] });
    expect(names("start", ["--wait", "dev"])).toEqual({ all: false, names: ["dev"] });
  });
});

describe("parseClusterCommand: which config k3d reads", () => {
  test("--config, -c, -cFILE, -c=FILE, --config=FILE; - is stdin", () => {
    for (const args of [["--config", "f.yaml"], ["-c", "f.yaml"], ["-cf.yaml"], ["-c=f.yaml"], ["--config=f.yaml"]]) {
      expect(parseClusterCommand("create", args, {}).configFile).toBe("f.yaml");
    }
    expect(parseClusterCommand("delete", ["-c", "-"], {}).configFile).toBe("-");
  });

  test("K3D_CONFIG when the flag is absent; the flag wins, even an empty one", () => {
    expect(parseClusterCommand("create", [], { K3D_CONFIG: "env.yaml" }).configFile).toBe("env.yaml");
    expect(parseClusterCommand("create", ["-c", "flag.yaml"], { K3D_CONFIG: "env.yaml" }).configFile).toBe("flag.yaml");
    expect(parseClusterCommand("create", ["--config="], { K3D_CONFIG: "env.yaml" }).configFile).toBeUndefined();
    expect(parseClusterCommand("create", [], { K3D_CONFIG: "" }).configFile).toBeUndefined();
  });

  test("start, stop and restart read no config", () => {
    expect(parseClusterCommand("start", [], { K3D_CONFIG: "env.yaml" }).configFile).toBeUndefined();
  });
});

describe("command lines k3d refuses before touching a cluster", () => {
  const refuses = (verb: LifecycleVerb, args: string[], configName?: string) => {
    const command = parseClusterCommand(verb, args, {});
    return k3dRefuses(command, resolveClusterNames(command, configName));
  };

  test("a flag that takes a value, last and without one, in every form", () => {
    expect(parseClusterCommand("create", ["-c"], {}).missingValue).toBe("-c");
    expect(parseClusterCommand("create", ["dev", "--agents"], {}).missingValue).toBe("--agents");
    expect(parseClusterCommand("delete", ["-ac"], {}).missingValue).toBe("-ac");
    expect(parseClusterCommand("start", ["dev", "--timeout"], {}).missingValue).toBe("--timeout");
    for (const [verb, args] of [["create", ["-c", "f.yaml"]], ["create", ["--config="]], ["create", ["-a2"]], ["start", ["--wait"]], ["stop", ["-a"]], ["create", ["--", "-c"]]] as const) {
      expect(parseClusterCommand(verb, [...args], {}).missingValue).toBeUndefined();
    }
    expect(refuses("create", ["-c"])).toBe(true);
    expect(refuses("delete", ["dev", "--config"])).toBe(true);
  });

  test("a new cluster's name: an RFC 1123 label of at most 32 characters, in k3d's words", () => {
    for (const name of ["dev", "k3s-default", "A1", "a".repeat(32)]) expect(clusterNameProblem(name)).toBeUndefined();
    expect(clusterNameProblem("Bad_Name")).toBe("Hostname 'Bad_Name' contains characters other than 'Aa-Zz', '0-9' or '-'");
    expect(clusterNameProblem("-dev")).toBe("Hostname '-dev' must not start or end with '-' (dash)");
    expect(clusterNameProblem("a".repeat(33))).toBe("Cluster name must be <= 32 characters, but is 33");
    expect(clusterNameProblem("")).toBe("No name provided");
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
