/**
 * Black-box: what users get wrong with k3d-plugins.yaml and k3d-plugins.lock — each is
 * one clear message with the line, a non-zero exit, and nothing installed or written.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createProjectWorld, platformRelease, projectTool, type ProjectWorld } from "./project-world.ts";

let world: ProjectWorld;
afterEach(async () => {
  await world.stop();
});

const file = () => join(world.proj, "k3d-plugins.yaml");
const nothingInstalled = () => expect(existsSync(join(world.box.k3dxHome, "plugins")) ? readdirSync(join(world.box.k3dxHome, "plugins")) : []).toEqual([]);

describe("k3d-plugins.yaml that cannot be used", () => {
  test("no file and no source: bad usage, exit 2 — for install, install --locked and lock alike", async () => {
    world = createProjectWorld([]);
    const result = await world.k3dx(["plugin", "install"]);
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr: "k3dx: name a SOURCE to install, or run this in a project with a k3d-plugins.yaml (in this folder or a parent). Run 'k3d plugin install --help' for usage.\n",
    });
    expect((await world.k3dx(["plugin", "install", "--locked"])).code).toBe(2);
    const lock = await world.k3dx(["plugin", "lock"]);
    expect(lock.code).toBe(2);
    expect(lock.stderr).toBe("k3dx: no k3d-plugins.yaml in this folder or a parent; write one (see 'k3d plugin install --help') and run this again\n");
  });

  test("bad YAML: the line and column, and the line itself", async () => {
    world = createProjectWorld([]);
    world.writeFile("plugins:\n  - source: acme/k3d-mirror\n   name: [dns\n");
    const result = await world.k3dx(["plugin", "install"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toStartWith(`k3dx: ${file()} is not valid YAML`);
    expect(result.stderr).toMatch(/k3d-plugins\.yaml:3:\d+: /);
    expect(existsSync(world.lockPath)).toBe(false);
    nothingInstalled();
  });

  test("a key written twice is refused, not silently the last one", async () => {
    world = createProjectWorld([]);
    world.writeFile("plugins:\n  - source: acme/k3d-mirror\nplugins:\n  - source: acme/k3d-dns\n");
    const result = await world.k3dx(["plugin", "install"]);
    expect(result.stderr).toBe(`k3dx: ${file()}:3:1: this key is already set above; a key may be written only once\nk3dx:     plugins:\n`);
  });

  test("an unknown field, a missing source, a wrong type: every problem, each with its line", async () => {
    world = createProjectWorld([]);
    world.writeFile("plugins:\n  - source: acme/k3d-mirror\n    tag: v1\n  - name: dns\n  - source: 42\nextra: true\n");
    const result = await world.k3dx(["plugin", "install"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      [
        `k3dx: ${file()} does not match the schema: 4 problems`,
        `k3dx:   ${file()}:3:10: plugins[0].tag: is not a known field (an entry has source and name)`,
        "k3dx:         tag: v1",
        `k3dx:   ${file()}:4:5: plugins[1].source: is required`,
        "k3dx:       - name: dns",
        `k3dx:   ${file()}:5:13: plugins[2].source: must be a string: OWNER/REPO[@TAG], ./PATH or an https:// URL`,
        "k3dx:       - source: 42",
        `k3dx:   ${file()}:6:8: extra: is not a known field (the file has plugins:)`,
        "k3dx:     extra: true",
        "",
      ].join("\n"),
    );
  });

  test("a source that does not parse, a name that cannot be one, a plugin listed twice", async () => {
    world = createProjectWorld([]);
    world.writeFile(
      "plugins:\n  - source: mirror\n  - source: acme/k3d-dns\n    name: Cluster\n  - source: acme/k3d-x\n  - source: https://github.com/acme/k3d-x\n",
    );
    const result = await world.k3dx(["plugin", "install"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file()}:2:13: plugins[0].source: cannot read the source "mirror": use OWNER/REPO[@TAG]`);
    expect(result.stderr).toContain(`${file()}:4:11: plugins[1].name: "Cluster" must be lower-case letters`);
    expect(result.stderr).toContain(`${file()}:6:13: plugins[3].source: installs into the same place as plugins[2]; list each plugin once`);
  });

  test("a list that is not one, an empty file, a folder where the file should be", async () => {
    world = createProjectWorld([]);
    world.writeFile("plugins: acme/k3d-mirror\n");
    expect((await world.k3dx(["plugin", "install"])).stderr).toBe(`k3dx: ${file()}:1:10: plugins: must be a list of {source, name}\nk3dx:     plugins: acme/k3d-mirror\n`);
    world.writeFile("");
    expect((await world.k3dx(["plugin", "install"])).stderr).toBe(`k3dx: ${file()}: must be a mapping with a plugins: list\n`);
    const elsewhere = join(world.box.root, "other");
    mkdirSync(join(elsewhere, "k3d-plugins.yaml"), { recursive: true });
    const folder = await world.k3dx(["plugin", "install"], {}, elsewhere);
    expect(folder).toEqual({ code: 1, stdout: "", stderr: `k3dx: ${join(elsewhere, "k3d-plugins.yaml")} is not a file\n` });
  });

  test("a path that does not exist fails that plugin, not the file", async () => {
    world = createProjectWorld([platformRelease("acme", "mirror", "v1.0.0")]);
    world.writeFile("plugins:\n  - source: ./tools/gone\n  - source: acme/k3d-mirror\n");
    const result = await world.k3dx(["plugin", "install"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("k3dx: ./tools/gone: cannot install from ./tools/gone: no such file or folder\n");
    expect(result.stdout).toContain("2 plugins: 1 installed, 1 failed\n");
  });

  test("--sha256 and --name belong to one SOURCE, not to the file", async () => {
    world = createProjectWorld([]);
    world.writeFile("plugins: []\n");
    const result = await world.k3dx(["plugin", "install", "--name", "x"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--sha256 and --name apply to one SOURCE; k3d-plugins.yaml gives each plugin its name.");
  });
});

describe("k3d-plugins.lock hand-edited into nonsense", () => {
  async function lockedWorld(): Promise<void> {
    world = createProjectWorld([platformRelease("acme", "mirror", "v1.0.0")]);
    const tool = projectTool(world, "hello");
    world.writeFile(`plugins:\n  - source: acme/k3d-mirror\n  - source: ${tool}\n`);
    expect((await world.k3dx(["plugin", "lock"])).code).toBe(0);
  }

  test("a digest that is not one, a platform missing, a field of its own: located, and how to write it again", async () => {
    await lockedWorld();
    const text = readFileSync(world.lockPath, "utf8")
      .replace(/(linux-amd64:\n\s+asset: .*\n\s+sha256: )[0-9a-f]{64}/, "$1not-a-digest")
      .replace(/\s+windows-amd64:\n\s+asset: .*\n\s+sha256: .*/, "")
      .replace("tag: v1.0.0", "tag: v1.0.0\n    note: hand-edited");
    writeFileSync(world.lockPath, text);
    const requests = world.requestCount();
    const result = await world.k3dx(["plugin", "install"]);
    expect(result.code).toBe(1);
    const lines = result.stderr.split("\n");
    expect(lines[0]).toBe(`k3dx: ${world.lockPath} is not a lock k3dx can read: 3 problems`);
    expect(result.stderr).toContain("plugins[1].note: is not a known field");
    expect(result.stderr).toContain("plugins[1].platforms.linux-amd64.sha256: must be a SHA-256 digest: 64 lower-case hex digits");
    expect(result.stderr).toContain("plugins[1].platforms.windows-amd64: is required");
    expect(result.stderr).toMatch(/k3d-plugins\.lock:\d+:\d+: plugins\[1\]\.platforms\.linux-amd64\.sha256/);
    expect(result.stderr).toEndWith("k3dx: (run 'k3d plugin lock' to write it again from k3d-plugins.yaml)\n");
    expect(world.requestCount()).toBe(requests);
    nothingInstalled();
    // Not overwritten behind the user's back; 'plugin lock' writes it anew.
    expect(readFileSync(world.lockPath, "utf8")).toBe(text);
    expect((await world.k3dx(["plugin", "lock"])).code).toBe(0);
    expect((await world.k3dx(["plugin", "install", "--locked"])).code).toBe(0);
  });

  test("a merge conflict left in the lock", async () => {
    await lockedWorld();
    const text = readFileSync(world.lockPath, "utf8");
    writeFileSync(world.lockPath, text.replace("version: 1\n", "<<<<<<< HEAD\nversion: 1\n=======\nversion: 1\n>>>>>>> theirs\n"));
    const result = await world.k3dx(["plugin", "install", "--locked"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toStartWith(`k3dx: ${world.lockPath}`);
    expect(result.stderr).toMatch(/k3d-plugins\.lock:3:1: /);
    expect(result.stderr).toEndWith("k3dx: (run 'k3d plugin lock' to write it again from k3d-plugins.yaml)\n");
    nothingInstalled();
  });

  test("the same plugin locked twice is refused at the second entry's line, not silently the last one", async () => {
    await lockedWorld();
    const text = readFileSync(world.lockPath, "utf8");
    const mirror = /\n  - source: acme\/k3d-mirror\n(?: {4}.*\n)+/.exec(text)![0];
    // The same entry again, with other digests: which one would count?
    writeFileSync(world.lockPath, text.trimEnd() + mirror.replace(/sha256: [0-9a-f]{64}/g, `sha256: ${"f".repeat(64)}`));
    const line = text.trimEnd().split("\n").length + 1;
    const result = await world.k3dx(["plugin", "install"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toStartWith(`k3dx: ${world.lockPath}:${line}:13: plugins[2].source: locks the same plugin as plugins[1]; a lock has one entry per plugin\n`);
    expect(result.stderr).toEndWith("k3dx: (run 'k3d plugin lock' to write it again from k3d-plugins.yaml)\n");
    nothingInstalled();
  });

  test("a tag that contradicts the pinned source, a kind that does not fit it, a newer version", async () => {
    world = createProjectWorld([platformRelease("acme", "dns", "v1.2.0")]);
    world.writeFile("plugins:\n  - source: acme/k3d-dns@v1.2.0\n");
    await world.k3dx(["plugin", "lock"]);
    const text = readFileSync(world.lockPath, "utf8");
    writeFileSync(world.lockPath, text.replace("tag: v1.2.0", "tag: v1.1.0"));
    expect((await world.k3dx(["plugin", "install"])).stderr).toContain("plugins[0]: locks tag v1.1.0, but the source pins v1.2.0");
    writeFileSync(world.lockPath, "version: 1\nplugins:\n  - source: acme/k3d-dns@v1.2.0\n    sha256: " + "a".repeat(64) + "\n");
    expect((await world.k3dx(["plugin", "install"])).stderr).toContain("plugins[0]: a GitHub release is locked by tag and platforms (and no sha256)");
    writeFileSync(world.lockPath, "version: 2\nplugins: []\n");
    expect((await world.k3dx(["plugin", "install"])).stderr).toContain("version: is 2; this k3dx reads version 1 (a newer k3dx wrote it?)");
    nothingInstalled();
  });

  test("'plugin lock' that cannot lock a plugin leaves the old lock as it was", async () => {
    await lockedWorld();
    const before = readFileSync(world.lockPath, "utf8");
    world.writeFile("plugins:\n  - source: acme/k3d-mirror\n  - source: acme/k3d-gone\n");
    const result = await world.k3dx(["plugin", "lock"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "k3dx: acme/k3d-gone: release not found: acme/k3d-gone (does the repo publish releases? If it is private, set GITHUB_TOKEN)\n" +
        "k3dx: k3d-plugins.lock was not written: 1 of 2 plugins could not be locked\n",
    );
    expect(readFileSync(world.lockPath, "utf8")).toBe(before);
  });
});
