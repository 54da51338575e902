import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findProjectFile, projectTrust, readProjectFile } from "../../src/project/project-file.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "k3dx-project-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("findProjectFile", () => {
  test("this folder, else the nearest parent; none at all is undefined", () => {
    const inner = join(dir, "repo", "sub", "deeper");
    mkdirSync(inner, { recursive: true });
    expect(findProjectFile(inner)).toBeUndefined();
    writeFileSync(join(dir, "k3d-plugins.yaml"), "plugins: []\n");
    writeFileSync(join(dir, "repo", "k3d-plugins.yaml"), "plugins: []\n");
    expect(findProjectFile(inner)).toBe(join(dir, "repo", "k3d-plugins.yaml"));
    expect(findProjectFile(join(dir, "repo"))).toBe(join(dir, "repo", "k3d-plugins.yaml"));
  });
});

describe("readProjectFile", () => {
  test("sources as written, paths resolved against the file's folder, even ones not there yet", () => {
    writeFileSync(join(dir, "k3d-plugins.yaml"), "plugins:\n  - source: ./tools/x\n  - source: https://github.com/acme/k3d-dns/releases/tag/v1.2.0\n    name: dns\n");
    expect(readProjectFile(join(dir, "k3d-plugins.yaml"), projectTrust({}))).toEqual({
      path: join(dir, "k3d-plugins.yaml"),
      dir,
      entries: [
        { source: "./tools/x", spec: { kind: "local", path: join(dir, "tools", "x"), text: "./tools/x" } },
        { source: "https://github.com/acme/k3d-dns/releases/tag/v1.2.0", name: "dns", spec: expect.objectContaining({ kind: "github", owner: "acme", repo: "k3d-dns", tag: "v1.2.0" }) },
      ],
    });
  });

  test("more plugins than a project file may list", () => {
    const many = Array.from({ length: 101 }, (_, i) => `  - source: acme/k3d-p${i}\n`).join("");
    writeFileSync(join(dir, "k3d-plugins.yaml"), `plugins:\n${many}`);
    expect(() => readProjectFile(join(dir, "k3d-plugins.yaml"), projectTrust({}))).toThrow("plugins: lists more than 100 plugins; k3dx installs at most 100 from one file");
  });
});
