import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { scanHookFolder } from "../../src/hooks/hook-folder.ts";
import { loadEventHooks, registerHooks } from "../../src/hooks/registered-hooks.ts";
import type { InstalledPlugin } from "../../src/plugins/types.ts";
import { createSandbox, type Sandbox } from "../helpers/sandbox.ts";

let box: Sandbox;
beforeEach(() => (box = createSandbox({ withK3d: false })));
afterEach(() => box.cleanup());

const folder = (event: string) => join(box.k3dxHome, "hooks", event);

/** An installed plugin in the store, the way the installer leaves it. */
function installPlugin(name: string, metadata: string): string {
  const dir = join(box.k3dxHome, "plugins", "local", name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "plugin.yaml"), metadata);
  return box.script(`k3d-${name}`, "exit 0\n", dir);
}

describe("scanHookFolder", () => {
  test("executables are hooks, in name order; the rest is skipped with a reason", () => {
    box.script("zeta", "exit 0\n", folder("pre-cluster-create"));
    box.script("alpha", "exit 0\n", folder("pre-cluster-create"));
    box.script(".disabled", "exit 0\n", folder("pre-cluster-create"));
    writeFileSync(join(folder("pre-cluster-create"), "plain"), "#!/bin/sh\n");
    symlinkSync(join(box.root, "gone"), join(folder("pre-cluster-create"), "dangling"));
    mkdirSync(join(folder("pre-cluster-create"), "subdir"));

    const scan = scanHookFolder(box.k3dxHome, "pre-cluster-create");
    expect(scan.hooks.map((hook) => hook.name)).toEqual(["alpha", "zeta"]);
    expect(scan.skipped.map((entry) => [entry.name, entry.reason])).toEqual([
      [".disabled", "hidden"],
      ["dangling", "broken link"],
      ["plain", "not executable"],
      ["subdir", "not a file"],
    ]);
  });

  test("a missing folder has no hooks", () => {
    expect(scanHookFolder(box.k3dxHome, "post-cluster-stop")).toEqual({ hooks: [], skipped: [] });
  });

  test("a link's target is where it points", () => {
    const exe = installPlugin("mirror", "name: mirror\n");
    mkdirSync(folder("post-cluster-create"), { recursive: true });
    symlinkSync(exe, join(folder("post-cluster-create"), "mirror"));
    expect(scanHookFolder(box.k3dxHome, "post-cluster-create").hooks[0]!.target).toBe(exe);
  });
});

describe("registered hooks", () => {
  test("a hook named after an installed plugin takes its timeout, onError and folder", () => {
    const exe = installPlugin("mirror", "name: mirror\nhooks:\n  - { event: post-cluster-delete, timeout: 60, onError: warn }\n  - pre-cluster-create\n");
    mkdirSync(folder("post-cluster-delete"), { recursive: true });
    symlinkSync(exe, join(folder("post-cluster-delete"), "mirror"));
    box.script("mine", "exit 0\n", folder("post-cluster-delete"));

    const found = loadEventHooks(box.k3dxHome, ["post-cluster-delete"], { seconds: 300 });
    expect(found.hooks.get("post-cluster-delete")!.map(({ name, timeoutSeconds, onError, plugin, pluginDir }) => ({ name, timeoutSeconds, onError, plugin, pluginDir }))).toEqual([
      { name: "mine", timeoutSeconds: 300, onError: "fail", plugin: undefined, pluginDir: folder("post-cluster-delete") },
      { name: "mirror", timeoutSeconds: 60, onError: "warn", plugin: "mirror", pluginDir: join(box.k3dxHome, "plugins", "local", "mirror") },
    ]);
  });

  test("an event the plugin's metadata does not list for it: the defaults", () => {
    const [hook] = registerHooks(
      [{ event: "pre-cluster-stop", name: "mirror", path: "/h/mirror", target: "/p/mirror" }],
      [{ metadata: { name: "mirror", command: "mirror", hooks: [{ event: "pre-cluster-create", timeout: 5, onError: "warn" }] }, receipt: undefined, dir: "/p", executable: "/p/mirror" }],
      "/home",
      42,
    );
    expect(hook).toMatchObject({ timeoutSeconds: 42, onError: "fail", plugin: "mirror", pluginDir: "/p" });
  });

  test("onError: warn holds for a post- event; for a pre- event it is fail, and marked as ignored", () => {
    const plugin: InstalledPlugin = {
      metadata: { name: "mirror", command: "mirror", hooks: [{ event: "pre-cluster-create", onError: "warn" }, { event: "post-cluster-create", onError: "warn" }] },
      receipt: undefined,
      dir: "/p",
      executable: "/p/mirror",
    };
    const files = (["pre-cluster-create", "post-cluster-create"] as const).map((event) => ({ event, name: "mirror", path: `/h/${event}/mirror`, target: "/p/mirror" }));
    const [pre, post] = registerHooks(files, [plugin], "/home", 300);
    expect(pre).toMatchObject({ onError: "fail", warnIgnored: true });
    expect(post).toMatchObject({ onError: "warn", warnIgnored: false });
  });
});
