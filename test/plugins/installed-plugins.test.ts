/** The lenient store reader used on the dispatch path. */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findPluginExecutable } from "../../src/plugins/installed-plugins.ts";

let dir: string;
beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), "k3dx-reader-")), "plugins", "acme", "tool");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "k3d-tool"), "#!/bin/sh\n");
  chmodSync(join(dir, "k3d-tool"), 0o755);
});
afterEach(() => rmSync(join(dir, "..", "..", ".."), { recursive: true, force: true }));

describe("findPluginExecutable", () => {
  test("the receipt's executable, when it is a file in the folder", () => {
    writeFileSync(join(dir, "run"), "#!/bin/sh\n");
    chmodSync(join(dir, "run"), 0o755);
    expect(findPluginExecutable(dir, "tool", "run")).toBe(join(dir, "run"));
  });

  // A receipt edited to point elsewhere must not make `k3d tool` or its hooks run a program
  // outside the plugin's folder; the strict reader refuses it, and so does this one.
  test("a receipt naming a program outside the folder is ignored", () => {
    expect(findPluginExecutable(dir, "tool", "../../../../../../../../../../bin/sh")).toBe(join(dir, "k3d-tool"));
  });
});
