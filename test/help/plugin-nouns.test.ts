import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { listPluginNouns } from "../../src/help/plugin-nouns.ts";
import { createSandbox, type Sandbox } from "../helpers/sandbox.ts";
import { installIntoStore } from "../completion/plugin-store.ts";

let box: Sandbox;
let later: string;
beforeEach(() => {
  box = createSandbox({ withK3d: false });
  later = join(box.root, "later-bin");
  mkdirSync(later);
});
afterEach(() => box.cleanup());

const nouns = (selfPath = join(box.root, "not-the-wrapper")) =>
  listPluginNouns({ home: box.k3dxHome, pathValue: `${box.bin}:${later}`, selfPath });

describe("listPluginNouns", () => {
  test("installed plugins by their command, PATH plugins by file name, sorted", () => {
    installIntoStore(box, { name: "mirror", description: "Image cache\nmore text" });
    installIntoStore(box, { name: "tunnel-tool", command: "tunnel" });
    const hello = box.script("k3d-hello", "echo hi\n");
    const myTool = box.script("k3d-my_tool", "echo hi\n");
    expect(nouns()).toEqual([
      { noun: "hello", origin: "path", description: undefined, path: hello },
      { noun: "mirror", origin: "installed", description: "Image cache", path: undefined },
      { noun: "my-tool", origin: "path", description: undefined, path: myTool },
      { noun: "tunnel", origin: "installed", description: undefined, path: undefined },
    ]);
  });

  test("each noun once, from whatever dispatch would run: the store, then PATH in order", () => {
    installIntoStore(box, { name: "mirror", description: "from the store" });
    box.script("k3d-mirror", "echo path\n");
    const first = box.script("k3d-hello", "echo first\n");
    box.script("k3d-hello", "echo second\n", later);
    expect(nouns()).toEqual([
      { noun: "hello", origin: "path", description: undefined, path: first },
      { noun: "mirror", origin: "installed", description: "from the store", path: undefined },
    ]);
  });

  test("nothing dispatch could not run: reserved nouns, hooks-only plugins, non-executables, the wrapper itself", () => {
    installIntoStore(box, { name: "hooky", command: "" });
    installIntoStore(box, { name: "odd", command: "two words" });
    box.script("k3d-cluster", "echo no\n");
    box.script("k3d-plugins", "echo no\n");
    box.script("k3d-", "echo no\n");
    Bun.spawnSync(["chmod", "-x", box.script("k3d-data", "echo no\n")]);
    const self = box.script("k3dx-binary", "echo wrapper\n", later);
    symlinkSync(self, join(box.bin, "k3d-self"));
    expect(nouns(self)).toEqual([]);
  });

  test("no store and no PATH: no nouns", () => {
    expect(listPluginNouns({ home: join(box.root, "missing"), pathValue: undefined, selfPath: "/nonexistent" })).toEqual([]);
  });
});
