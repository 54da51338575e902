import { describe, expect, test } from "bun:test";
import { candidateNames } from "../../src/callable/find-callable.ts";
import { pathFileNames, pluginNameOfPathFile } from "../../src/plugins/path-plugins.ts";

describe("candidate plugin names", () => {
  test("longest first, from the words before the first flag", () => {
    expect(candidateNames(["foo", "bar", "baz"]).map((c) => c.name)).toEqual(["foo-bar-baz", "foo-bar", "foo"]);
  });

  test("a word that cannot be part of a name ends the name", () => {
    expect(candidateNames(["foo", "../x", "bar"]).map((c) => c.name)).toEqual(["foo"]);
    expect(candidateNames(["../evil"])).toEqual([]);
    expect(candidateNames(["a/b"])).toEqual([]);
  });

  test("a dash inside a word may be an underscore in the file name", () => {
    expect(pathFileNames(["my-tool"])).toEqual(["k3d-my-tool", "k3d-my_tool"]);
    expect(pathFileNames(["my-tool", "status"])).toEqual(["k3d-my-tool-status", "k3d-my_tool-status"]);
    expect(pathFileNames(["foo", "bar"])).toEqual(["k3d-foo-bar"]);
  });

  test("PATH file names map back to plugin names", () => {
    expect(pluginNameOfPathFile("k3d-my_tool")).toBe("my-tool");
    expect(pluginNameOfPathFile("k3d-")).toBeUndefined();
    expect(pluginNameOfPathFile("kubectl-x")).toBeUndefined();
  });
});

import { joinPath } from "../../src/platform/paths.ts";

describe("joinPath", () => {
  test("one separator between parts, trailing ones dropped, root kept", () => {
    expect(joinPath("/a/", "b", "/c/")).toBe("/a/b/c");
    expect(joinPath("/", "x")).toBe("/x");
    expect(joinPath("a", "", "b")).toBe("a/b");
    expect(joinPath("/home/u", ".k3d")).toBe("/home/u/.k3d");
  });
});
