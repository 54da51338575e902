/** Black-box: `k3d plugin list`, `info` and `remove` (SPEC §5). */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createSandbox, runK3dx, type Sandbox } from "../helpers/sandbox.ts";
import { localSource, metadataYaml } from "./plugin-sources.ts";

let box: Sandbox;
beforeEach(() => {
  box = createSandbox();
});
afterEach(() => box.cleanup());

async function install(folder: string, name: string, yaml: string): Promise<void> {
  const result = await runK3dx(box, ["plugin", "install", localSource(box, folder, name, { yaml })]);
  expect(result.code).toBe(0);
}

describe("list", () => {
  test("an empty store: a friendly line, or an empty list for scripts", async () => {
    expect(await runK3dx(box, ["plugin", "list"])).toEqual({ code: 0, stdout: "No plugins installed. Install one with: k3d plugin install OWNER/REPO\n", stderr: "" });
    expect((await runK3dx(box, ["plugin", "list", "-o", "json"])).stdout).toBe("[]\n");
    expect(Bun.YAML.parse((await runK3dx(box, ["plugin", "list", "-o", "yaml"])).stdout)).toEqual([]);
  });

  test("name, version, source, command and hooks, sorted by name", async () => {
    await install("zeta", "zeta", metadataYaml("zeta", "2.0.0", ["pre-cluster-create", "post-cluster-delete"]));
    await install("alpha", "alpha", "name: alpha\ncommand: ''\nhooks: [post-cluster-start]\n");
    const table = await runK3dx(box, ["plugin", "list"]);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^NAME\s+VERSION\s+SOURCE\s+COMMAND\s+HOOKS$/);
    expect(lines[1]).toMatch(new RegExp(`^alpha\\s+-\\s+${join(box.root, "src", "alpha")}\\s+-\\s+post-cluster-start$`));
    expect(lines[2]).toMatch(/^zeta\s+2\.0\.0\s+\S+src\/zeta\s+zeta\s+pre-cluster-create,post-cluster-delete$/);

    const json = JSON.parse((await runK3dx(box, ["plugin", "list", "-o", "json"])).stdout);
    expect(json.map((p: { name: string }) => p.name)).toEqual(["alpha", "zeta"]);
    expect(json[1]).toMatchObject({ name: "zeta", version: "2.0.0", command: "zeta", hooks: ["pre-cluster-create", "post-cluster-delete"], pinned: false });
    expect(Bun.YAML.parse((await runK3dx(box, ["plugin", "list", "-o", "yaml"])).stdout)).toEqual(json);
  });

  test("PATH plugins that run are listed too, marked as such; installed ones keep their fields", async () => {
    await install("zeta", "zeta", metadataYaml("zeta", "2.0.0"));
    const hello = box.script("k3d-hello", "echo hi\n");
    box.script("k3d-zeta", "echo shadowed by the installed zeta\n");
    box.script("k3d-cluster", "echo never runs: k3d's own noun\n");
    const table = (await runK3dx(box, ["plugin", "list"])).stdout.trimEnd().split("\n");
    expect(table).toHaveLength(3);
    expect(table[1]).toMatch(/^zeta\s+2\.0\.0\s+\S+src\/zeta\s+zeta\s+-$/);
    expect(table[2]).toMatch(new RegExp(`^hello\\s+-\\s+PATH ${hello}\\s+hello\\s+-$`));

    const json = JSON.parse((await runK3dx(box, ["plugin", "list", "-o", "json"])).stdout);
    expect(json).toEqual([
      {
        name: "zeta", version: "2.0.0", description: "zeta for tests", source: join(box.root, "src", "zeta"), tag: null, pinned: false,
        command: "zeta", hooks: [], dir: join(box.k3dxHome, "plugins", "local", "zeta"), origin: "installed",
      },
      { name: "hello", version: null, description: null, source: hello, tag: null, pinned: false, command: "hello", hooks: [], dir: box.bin, origin: "path" },
    ]);
    expect(Bun.YAML.parse((await runK3dx(box, ["plugin", "list", "-o", "yaml"])).stdout)).toEqual(json);
  });

  test("only PATH plugins: the table has them, not 'No plugins installed'", async () => {
    box.script("k3d-hello", "echo hi\n");
    const result = await runK3dx(box, ["plugin", "list"]);
    expect(result.stdout).toStartWith("NAME");
    expect(result.stdout).toContain("hello");
  });

  test("an unknown format is bad usage", async () => {
    const result = await runK3dx(box, ["plugin", "list", "-o", "xml"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("xml");
  });
});

describe("info", () => {
  test("metadata and receipt", async () => {
    await install("mirror", "mirror", "name: mirror\nversion: 1.2.0\ndescription: cache\nlong: |\n  Longer words.\nhooks: [{event: post-cluster-delete, onError: warn}]\nk3d: '>=5.0.0'\n");
    const result = await runK3dx(box, ["plugin", "info", "mirror"]);
    expect(result.code).toBe(0);
    for (const line of [
      /^name:\s+mirror$/m,
      /^version:\s+1\.2\.0$/m,
      /^description:\s+cache$/m,
      /^command:\s+k3d mirror$/m,
      /^hooks:\s+post-cluster-delete \(warn\)$/m,
      /^k3d:\s+>=5\.0\.0$/m,
      /^source:\s+\S+src\/mirror$/m,
      /^sha256:\s+[0-9a-f]{64}$/m,
      /^installed:\s+\d{4}-\d\d-\d\dT/m,
      /^Longer words\.$/m,
    ]) {
      expect(result.stdout).toMatch(line);
    }
    const json = JSON.parse((await runK3dx(box, ["plugin", "info", "mirror", "-o", "json"])).stdout);
    expect(json.metadata.name).toBe("mirror");
    expect(json.receipt.kind).toBe("local");
  });

  test("what a download or a hand-edited store put there cannot act on the terminal: shown escaped", async () => {
    await install("mirror", "mirror", "name: mirror\n");
    const dir = join(box.k3dxHome, "plugins", "local", "mirror");
    // Older k3dx versions took any text; the install-time check cannot vouch for a store edited since.
    writeFileSync(join(dir, "plugin.yaml"), 'name: mirror\ndescription: "\\e[2J\\e]0;pwned\\a"\nlong: "keeps\\n\\tlines\\e[31m\\u202e"\n');
    const receipt = readFileSync(join(dir, "receipt.yaml"), "utf8");
    writeFileSync(join(dir, "receipt.yaml"), `${receipt}assetUrl: "https://example.com/a\\u009b31m.tar.gz"\n`);

    const text = (await runK3dx(box, ["plugin", "info", "mirror"])).stdout;
    expect(text).toMatch(/^description:\s+\\x1b\[2J\\x1b\]0;pwned\\x07$/m);
    expect(text).toMatch(/^asset:\s+https:\/\/example\.com\/a\\x9b31m\.tar\.gz$/m);
    expect(text).toEndWith("\nkeeps\n\tlines\\x1b[31m\\u202e\n");
    for (const format of ["text", "json", "yaml"]) {
      const output = (await runK3dx(box, ["plugin", "info", "mirror", "-o", format])).stdout;
      expect(output).not.toMatch(/[\u001b\u0007\u009b\u202e]/);
    }
    const json = JSON.parse((await runK3dx(box, ["plugin", "info", "mirror", "-o", "json"])).stdout);
    expect(json.receipt.assetUrl).toBe("https://example.com/a\u009b31m.tar.gz");
  });

  test("an unknown plugin: one line, exit 1", async () => {
    expect(await runK3dx(box, ["plugin", "info", "nope"])).toEqual({ code: 1, stdout: "", stderr: "k3dx: no installed plugin is named 'nope' (no plugin is installed; 'k3d plugin install SOURCE' adds one)\n" });
  });
});

describe("remove", () => {
  test("the folder, its hook links and the emptied OWNER folder go; the rest stays", async () => {
    await install("one", "one", metadataYaml("one", "1", ["pre-cluster-create", "post-cluster-stop"]));
    await install("two", "two", metadataYaml("two", "1", ["pre-cluster-create"]));
    const result = await runK3dx(box, ["plugin", "remove", "one"]);
    expect(result).toEqual({ code: 0, stdout: "removed one 1 and its hook links (pre-cluster-create, post-cluster-stop)\n", stderr: "" });
    expect(readdirSync(join(box.k3dxHome, "plugins", "local"))).toEqual(["two"]);
    expect(readdirSync(join(box.k3dxHome, "hooks", "pre-cluster-create"))).toEqual(["two"]);
    expect(readdirSync(join(box.k3dxHome, "hooks", "post-cluster-stop"))).toEqual([]);

    expect((await runK3dx(box, ["plugin", "rm", "two"])).code).toBe(0);
    expect(existsSync(join(box.k3dxHome, "plugins", "local"))).toBe(false);
  });

  test("a PATH plugin is not k3dx's to remove: said where its file is (info too), exit 1", async () => {
    const hello = box.script("k3d-hello", "echo hi\n");
    const message = `k3dx: no installed plugin is named 'hello': 'k3d hello' runs ${hello}, a PATH plugin k3dx did not install; delete or move that file to remove it\n`;
    expect(await runK3dx(box, ["plugin", "remove", "hello"])).toEqual({ code: 1, stdout: "", stderr: message });
    expect((await runK3dx(box, ["plugin", "info", "hello"])).stderr).toBe(message);
    expect((await runK3dx(box, ["hello"])).stdout).toBe("hi\n");
  });

  test("uninstall is an alias; a user's own hook of the same name is left alone", async () => {
    await install("tool", "tool", metadataYaml("tool", "1", ["pre-cluster-create"]));
    box.script("tool", "echo mine", join(box.k3dxHome, "hooks", "post-cluster-create"));
    expect((await runK3dx(box, ["plugin", "uninstall", "tool"])).code).toBe(0);
    expect(readdirSync(join(box.k3dxHome, "hooks", "post-cluster-create"))).toEqual(["tool"]);
    expect(() => readlinkSync(join(box.k3dxHome, "hooks", "post-cluster-create", "tool"))).toThrow();
  });

  test("an unknown plugin: one line, exit 1; no name: bad usage", async () => {
    await install("tool", "tool", metadataYaml("tool", "1"));
    expect(await runK3dx(box, ["plugin", "remove", "nope"])).toEqual({ code: 1, stdout: "", stderr: "k3dx: no installed plugin is named 'nope' (installed: tool)\n" });
    expect((await runK3dx(box, ["plugin", "remove"])).code).toBe(2);
  });
});
