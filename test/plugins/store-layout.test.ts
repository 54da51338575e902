/** Where plugins live: every OWNER and REPO is one plain folder name that readers of the store see. */
import { describe, expect, test } from "bun:test";
import { K3dxError } from "../../src/errors.ts";
import { pluginFolder } from "../../src/plugins/store-layout.ts";

describe("pluginFolder", () => {
  test("plugins/OWNER/REPO", () => {
    expect(pluginFolder("/home/k3dx", "acme", "k3d-mirror.v2")).toBe("/home/k3dx/plugins/acme/k3d-mirror.v2");
  });

  // A dot-folder is invisible to list and remove while its hook links still run, and
  // could be taken for the store's lock or a staging folder; a separator moves the plugin.
  test.each([
    ["acme", ".hidden"],
    [".github", "tool"],
    ["acme", ".."],
    ["acme", "."],
    ["acme", ""],
    ["acme", "a/b"],
    ["acme", "..\\b"],
    ["acme", "nul\0"],
  ])("refuses %j / %j", (owner, repo) => {
    expect(() => pluginFolder("/home/k3dx", owner, repo)).toThrow(K3dxError);
    expect(() => pluginFolder("/home/k3dx", owner, repo)).toThrow(/cannot name a folder in the plugin store: it must be a plain name that does not start with "\."$/);
  });
});
