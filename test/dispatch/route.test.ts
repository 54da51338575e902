import { describe, expect, test } from "bun:test";
import { readCommandLine } from "../../src/k3d/command-line.ts";
import { routeCommandLine } from "../../src/dispatch/route.ts";

const route = (args: string[], noPlugins = false) => routeCommandLine(readCommandLine(args), noPlugins);

describe("routeCommandLine", () => {
  test.each([
    [[]],
    [["--help", "--version"]],
    [["help", "cluster"]],
    [["--version"]],
    [["version"]],
    [["cluster", "list"]],
    [["node", "create", "x"]],
    [["images", "import", "a"]],
    [["reg", "list"]],
    [["registries", "list"]],
    [["kubeconfig", "get", "x"]],
    [["runtime-info"]],
    [["debug", "loadbalancer"]],
    [["config", "init"]],
    [["completion", "zsh"]],
    [["__complete", "cluster", "start", ""]],
  ])("real k3d for %j", (args) => {
    expect(route(args).kind).toBe("k3d");
  });

  test("everything goes to k3d with K3DX_NO_PLUGINS, even plugin and lifecycle commands", () => {
    expect(route(["plugin", "list"], true)).toEqual({ kind: "k3d" });
    expect(route(["cluster", "create", "x"], true)).toEqual({ kind: "k3d" });
    expect(route(["mirror", "status"], true)).toEqual({ kind: "k3d" });
  });

  test("plugin and plugins reach the plugin manager with the words after the noun", () => {
    expect(route(["plugin", "list", "-o", "json"])).toEqual({ kind: "plugin-manager", args: ["list", "-o", "json"] });
    expect(route(["--verbose", "plugins"])).toEqual({ kind: "plugin-manager", args: [] });
  });

  test("cluster lifecycle verbs and their aliases fire hooks", () => {
    expect(route(["cluster", "create", "dev"])).toEqual({ kind: "lifecycle", verb: "create", verbIndex: 1 });
    expect(route(["cluster", "rm", "dev"])).toMatchObject({ kind: "lifecycle", verb: "delete" });
    expect(route(["cluster", "del"])).toMatchObject({ kind: "lifecycle", verb: "delete" });
    expect(route(["--trace", "cluster", "--verbose", "restart"])).toEqual({ kind: "lifecycle", verb: "restart", verbIndex: 3 });
    expect(route(["cluster", "start", "-a"])).toMatchObject({ kind: "lifecycle", verb: "start" });
    expect(route(["cluster", "stop"])).toMatchObject({ kind: "lifecycle", verb: "stop" });
  });

  test("a lifecycle command asking for help is not an event", () => {
    expect(route(["cluster", "create", "--help"]).kind).toBe("k3d");
    expect(route(["cluster", "delete", "x", "-h"]).kind).toBe("k3d");
  });

  test("other cluster verbs are plain k3d", () => {
    expect(route(["cluster", "list"]).kind).toBe("k3d");
    expect(route(["cluster", "edit", "x"]).kind).toBe("k3d");
    expect(route(["cluster"]).kind).toBe("k3d");
  });

  test("unknown nouns look for a plugin named by the words before the first flag", () => {
    expect(route(["mirror", "status", "--json", "x"])).toEqual({ kind: "plugin", words: ["mirror", "status"] });
    expect(route(["--verbose", "foo", "--x", "bar"])).toEqual({ kind: "plugin", words: ["foo"] });
  });
});
