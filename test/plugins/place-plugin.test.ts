/**
 * The commit of an install: one rename into place, hook links swapped, and on any
 * failure the previous version and its hook links exactly as they were.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, readlinkSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { placePlugin } from "../../src/install/place-plugin.ts";
import { readInstalledPlugin } from "../../src/plugins/installed-plugins.ts";
import { createStoreWorld, hookPath, type StoreWorld } from "./store-world.ts";

let world: StoreWorld;
beforeEach(() => {
  world = createStoreWorld();
});
afterEach(() => world.cleanup());

describe("a first install", () => {
  test("the staged folder becomes the plugin folder and its hook links point at its executable, relatively", () => {
    const plugin = world.install("local", "mirror", { name: "mirror", hooks: [{ event: "pre-cluster-create", onError: "fail" }] });
    expect(plugin.metadata.name).toBe("mirror");
    const link = hookPath(world.home, "pre-cluster-create", "mirror");
    expect(readlinkSync(link)).toBe("../../plugins/local/mirror/k3d-mirror");
    expect(realpathSync(link)).toBe(realpathSync(plugin.executable!));
  });
});

describe("replacing a plugin", () => {
  test("the new version takes the folder, links are swapped, the old version is gone", () => {
    world.install("owner", "repo", { name: "tool", hooks: [{ event: "pre-cluster-create", onError: "fail" }] }, "echo v1");
    const current = readInstalledPlugin(join(world.home, "plugins", "owner", "repo"))!;
    const staged = world.stage("owner", { name: "tool", hooks: [{ event: "post-cluster-delete", onError: "warn" }] }, "echo v2");
    const target = current.dir;
    placePlugin({ home: world.home, staged, target, current, links: { name: "tool", events: ["post-cluster-delete"], executable: join(target, "k3d-tool") } });
    expect(readFileSync(join(target, "k3d-tool"), "utf8")).toContain("echo v2");
    expect(existsSync(hookPath(world.home, "pre-cluster-create", "tool"))).toBe(false);
    expect(realpathSync(hookPath(world.home, "post-cluster-delete", "tool"))).toBe(realpathSync(join(target, "k3d-tool")));
    const leftovers = Object.keys(world.snapshot()).filter((path) => path.includes(".replaced-"));
    expect(leftovers).toEqual([]);
  });

  test("a failure while linking hooks puts the old version and its links back exactly", () => {
    world.install("owner", "repo", { name: "tool", hooks: [{ event: "pre-cluster-create", onError: "fail" }] }, "echo v1");
    const current = readInstalledPlugin(join(world.home, "plugins", "owner", "repo"))!;
    // A file where the post-cluster-delete hook folder should be: creating that link fails.
    mkdirSync(join(world.home, "hooks"), { recursive: true });
    writeFileSync(join(world.home, "hooks", "post-cluster-delete"), "not a folder");
    const staged = world.stage("owner", { name: "tool", hooks: [{ event: "pre-cluster-create", onError: "fail" }, { event: "post-cluster-delete", onError: "fail" }] }, "echo v2");
    const before = world.snapshot();
    const target = current.dir;
    expect(() =>
      placePlugin({
        home: world.home,
        staged,
        target,
        current,
        links: { name: "tool", events: ["pre-cluster-create", "post-cluster-delete"], executable: join(target, "k3d-tool") },
      }),
    ).toThrow(/cannot update the hook links/);
    // Every file, folder and link as it was, down to the links' inodes.
    expect(world.snapshot()).toEqual(before);
    expect(readFileSync(join(target, "k3d-tool"), "utf8")).toContain("echo v1");
  });

  test("a plugin of the same name elsewhere (--force) is removed with its links", () => {
    const other = world.install("local", "tool", { name: "tool", hooks: [{ event: "pre-cluster-stop", onError: "fail" }] });
    const staged = world.stage("owner", { name: "tool" });
    const target = join(world.home, "plugins", "owner", "repo");
    placePlugin({ home: world.home, staged, target, displaced: other, links: { name: "tool", events: [], executable: join(target, "k3d-tool") } });
    expect(existsSync(other.dir)).toBe(false);
    expect(existsSync(hookPath(world.home, "pre-cluster-stop", "tool"))).toBe(false);
    expect(readInstalledPlugin(target)?.metadata.name).toBe("tool");
  });
});

describe("hook links on failure", () => {
  test("links the new version drops come back as the very same links", () => {
    world.install("owner", "repo", { name: "tool", hooks: [{ event: "pre-cluster-create", onError: "fail" }] }, "echo v1");
    const current = readInstalledPlugin(join(world.home, "plugins", "owner", "repo"))!;
    mkdirSync(join(world.home, "hooks"), { recursive: true });
    writeFileSync(join(world.home, "hooks", "post-cluster-delete"), "not a folder");
    // v2 drops pre-cluster-create, adds post-cluster-create (fine) and post-cluster-delete (fails).
    const staged = world.stage("owner", { name: "tool", hooks: [{ event: "post-cluster-create", onError: "fail" }, { event: "post-cluster-delete", onError: "fail" }] });
    const before = world.snapshot();
    const target = current.dir;
    expect(() =>
      placePlugin({ home: world.home, staged, target, current, links: { name: "tool", events: ["post-cluster-create", "post-cluster-delete"], executable: join(target, "k3d-tool") } }),
    ).toThrow(/cannot update the hook links/);
    expect(world.snapshot()).toEqual(before);
  });
});
