/**
 * Black-box: `k3d plugin install` from local sources (SPEC §6) — the store layout, hook
 * links, metadata (plugin.yaml and the INFO protocol), the executable, collisions, and
 * nothing half-written when anything is wrong.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SHELL_PLUGIN, buildTarGz } from "../archive/archive-builders.ts";
import { createSandbox, runK3dx, type Sandbox } from "../helpers/sandbox.ts";
import { treeSnapshot } from "../plugins/store-world.ts";
import { localSource, metadataYaml } from "./plugin-sources.ts";

let box: Sandbox;
beforeEach(() => {
  box = createSandbox();
});
afterEach(() => box.cleanup());

const pluginDir = (name: string) => join(box.k3dxHome, "plugins", "local", name);
const hookLink = (event: string, name: string) => join(box.k3dxHome, "hooks", event, name);

/**
 * Runs a command that must fail: exit code, `k3dx:` lines on stderr (one, or a problem and
 * the line of the file it is on), and the store untouched.
 */
async function expectRefused(args: string[], code: number, message: string | RegExp, maxLines = 2): Promise<void> {
  const before = treeSnapshot(box.k3dxHome);
  const result = await runK3dx(box, args);
  expect(result.stderr).toMatch(message);
  const lines = result.stderr.trimEnd().split("\n");
  expect(lines.length).toBeLessThanOrEqual(maxLines);
  for (const line of lines) expect(line).toStartWith("k3dx: ");
  expect(result.code).toBe(code);
  expect(treeSnapshot(box.k3dxHome)).toEqual(before);
}

describe("installing from a folder", () => {
  test("lays out the plugin, its normalized metadata, receipt and hook links, and says what it did", async () => {
    const source = localSource(box, "mirror", "mirror", {
      yaml: "name: mirror\nversion: 1.2.0\ndescription: cache\nhooks:\n  - pre-cluster-create\n  - {event: post-cluster-delete, timeout: 60, onError: warn}\n",
    });
    const result = await runK3dx(box, ["plugin", "install", source]);
    // No terminal: no question, but what the hooks will run is said (test/commands/consent.test.ts).
    expect(result.stderr).toStartWith(`k3dx: mirror 1.2.0 (from ${join(box.root, "src", "mirror")}) will run by itself, without being called:\n`);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`installed mirror 1.2.0 from ${join(box.root, "src", "mirror")}`);
    expect(result.stdout).toContain("command: k3d mirror");
    expect(result.stdout).toContain("hooks:   pre-cluster-create, post-cluster-delete (warn, 60 s)");

    expect(readdirSync(pluginDir("mirror")).sort()).toEqual(["k3d-mirror", "plugin.yaml", "receipt.yaml"]);
    const metadata = Bun.YAML.parse(readFileSync(join(pluginDir("mirror"), "plugin.yaml"), "utf8"));
    expect(metadata).toEqual({
      name: "mirror",
      version: "1.2.0",
      description: "cache",
      command: "mirror",
      hooks: [
        { event: "pre-cluster-create", onError: "fail" },
        { event: "post-cluster-delete", timeout: 60, onError: "warn" },
      ],
    });
    const receipt = Bun.YAML.parse(readFileSync(join(pluginDir("mirror"), "receipt.yaml"), "utf8")) as Record<string, unknown>;
    expect(receipt).toMatchObject({ source: join(box.root, "src", "mirror"), kind: "local", pinned: false, executable: "k3d-mirror" });
    expect(receipt.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Number.isNaN(Date.parse(String(receipt.installedAt)))).toBe(false);

    for (const event of ["pre-cluster-create", "post-cluster-delete"]) {
      expect(readlinkSync(hookLink(event, "mirror"))).toBe("../../plugins/local/mirror/k3d-mirror");
    }
    // Nothing but the plugin's folder: no staging or lock left behind.
    expect(readdirSync(join(box.k3dxHome, "plugins", "local"))).toEqual(["mirror"]);

    const run = await runK3dx(box, ["mirror", "a", "--b"]);
    expect(run.stdout).toBe("mirror ran: a --b\n");
  });

  test("a single top folder is the plugin's root", async () => {
    const source = localSource(box, "wrapped/tool-1.0.0", "tool", { yaml: metadataYaml("tool", "1.0.0") });
    const result = await runK3dx(box, ["plugin", "install", source.replace("/tool-1.0.0", "")]);
    expect(result.code).toBe(0);
    expect(readdirSync(pluginDir("tool")).sort()).toEqual(["k3d-tool", "plugin.yaml", "receipt.yaml"]);
  });

  test("a bare executable without metadata becomes a plain command named after the file", async () => {
    localSource(box, "bare", "bare", { body: 'echo "bare ran: $*"; exit 3' });
    const result = await runK3dx(box, ["plugin", "install", "./src/bare/k3d-bare"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("k3dx: note: no plugin.yaml, and `k3d-bare metadata` exited 3: installed as a plain command named bare, with no hooks\n");
    expect(result.stdout).toContain("installed bare from");
    expect(result.stdout).toContain("hooks:   none");
  });

  test("--name installs under another name, and the command follows it", async () => {
    const source = localSource(box, "tool", "tool", { yaml: metadataYaml("tool", "1.0.0", ["post-cluster-stop"]) });
    const result = await runK3dx(box, ["plugin", "install", source, "--name", "other"]);
    expect(result.code).toBe(0);
    expect(existsSync(join(pluginDir("other"), "k3d-tool"))).toBe(true);
    expect(existsSync(hookLink("post-cluster-stop", "other"))).toBe(true);
    expect((await runK3dx(box, ["other", "x"])).stdout).toBe("tool ran: x\n");
  });

  test("the only executable file is the executable, whatever its name", async () => {
    const source = localSource(box, "odd", "odd", { yaml: metadataYaml("odd", "1"), executable: "run.sh" });
    expect((await runK3dx(box, ["plugin", "install", source])).code).toBe(0);
    expect((await runK3dx(box, ["odd"])).stdout).toBe("odd ran: \n");
  });

  test("installing the same source again changes nothing and succeeds", async () => {
    const source = localSource(box, "tool", "tool", { yaml: metadataYaml("tool", "1.0.0") });
    await runK3dx(box, ["plugin", "install", source]);
    const before = treeSnapshot(box.k3dxHome);
    const again = await runK3dx(box, ["plugin", "install", source]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("tool 1.0.0 is already installed");
    // A path has no newer release: the advice is --force, not upgrade.
    expect(again.stdout).toContain("--force installs it again");
    expect(again.stdout).not.toContain("upgrade");
    expect(treeSnapshot(box.k3dxHome)).toEqual(before);
  });
});

describe("the k3d versions a plugin supports", () => {
  test("a range that leaves out the real k3d installs, with a warning; one that fits says nothing", async () => {
    const old = localSource(box, "old", "old", { yaml: 'name: old\nk3d: "<5.0.0"\n' });
    const result = await runK3dx(box, ["plugin", "install", old]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("installed old");
    expect(result.stderr).toBe(
      `k3dx: warning: old supports k3d <5.0.0, but the real k3d (${box.k3d}) is v5.9.0; that k3d is newer than the plugin supports, so it may not work with it (a newer release of the plugin may)\n`,
    );
    const ahead = localSource(box, "ahead", "ahead", { yaml: 'name: ahead\nk3d: ">=6.0.0"\n' });
    expect((await runK3dx(box, ["plugin", "install", ahead])).stderr).toBe(
      `k3dx: warning: ahead supports k3d >=6.0.0, but the real k3d (${box.k3d}) is v5.9.0; it may not work until k3d is upgraded\n`,
    );
    const fits = localSource(box, "fits", "fits", { yaml: 'name: fits\nk3d: ">=5.0.0"\n' });
    expect(await runK3dx(box, ["plugin", "install", fits])).toMatchObject({ code: 0, stderr: "" });
  });
});

describe("the INFO protocol", () => {
  test("a plugin without plugin.yaml is asked with K3D_COMMAND=INFO and its YAML is used", async () => {
    const body = [
      'if [ "$1" = metadata ] && [ "$K3D_COMMAND" = INFO ]; then',
      '  printf "name: asked\\nversion: 0.3.0\\ndescription: dir=%s\\nhooks: [post-cluster-create]\\n" "$(basename "$K3D_PLUGIN_DIR")"',
      "  exit 0",
      "fi",
      'echo "asked ran"',
    ].join("\n");
    localSource(box, "asked", "asked", { body });
    const result = await runK3dx(box, ["plugin", "install", "--yes", "./src/asked"]);
    expect(result.stderr).toStartWith("k3dx: asked 0.3.0 (from ");
    expect(result.stderr.split("\n")).toHaveLength(3);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("installed asked 0.3.0");
    expect(result.stdout).toContain("hooks:   post-cluster-create");
    const metadata = Bun.YAML.parse(readFileSync(join(pluginDir("asked"), "plugin.yaml"), "utf8")) as Record<string, unknown>;
    // K3D_PLUGIN_DIR pointed at where its files were while it was asked: the staging folder.
    expect(String(metadata.description)).toBe("dir=plugin");
  });

  test("JSON answers are YAML too", async () => {
    localSource(box, "json", "json", { body: `[ "$K3D_COMMAND" = INFO ] && echo '{"name": "json", "command": ""}'` });
    const result = await runK3dx(box, ["plugin", "install", "./src/json"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("command: none (hooks only)");
  });

  test("an answer with a bad field fails the install, naming the field", async () => {
    localSource(box, "bad", "bad", { body: `[ "$K3D_COMMAND" = INFO ] && printf 'name: bad\\nhooks: [pre-cluster-creat]\\n'` });
    await expectRefused(["plugin", "install", "./src/bad"], 1, /^k3dx: `k3d-bad metadata`:2:9: hooks\[0\]\.event: "pre-cluster-creat" is not a lifecycle event .*\nk3dx:     hooks: \[pre-cluster-creat\]\n$/);
  });

  test("usage text that is not YAML is no answer: the plugin becomes a plain command", async () => {
    localSource(box, "usage", "usage", { body: `printf 'usage 1.2.0 - does things\\nUsage: usage [flags]\\n'` });
    const result = await runK3dx(box, ["plugin", "install", "./src/usage"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("k3dx: note: no plugin.yaml, and `k3d-usage metadata` printed no metadata mapping: installed as a plain command named usage, with no hooks\n");
  });

  test("a plugin that hangs is killed after 5 s with a clear error, and nothing is installed", async () => {
    localSource(box, "hang", "hang", { body: "sleep 60" });
    const started = Date.now();
    await expectRefused(["plugin", "install", "./src/hang"], 1, /`k3d-hang metadata` \(K3D_COMMAND=INFO\) did not answer within 5 s and was killed/);
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 20_000);

  test("an answer past 1 MiB, and a plugin that cannot be run, are told apart", async () => {
    localSource(box, "flood", "flood", { body: "head -c 2000000 /dev/zero | tr '\\0' x" });
    await expectRefused(["plugin", "install", "./src/flood"], 1, /^k3dx: `k3d-flood metadata` \(K3D_COMMAND=INFO\) printed more than 1 MiB and was stopped; /);
    localSource(box, "broken", "broken");
    writeFileSync(join(box.root, "src", "broken", "k3d-broken"), "#!/nonexistent/interpreter\n");
    await expectRefused(["plugin", "install", "./src/broken"], 1, /^k3dx: `k3d-broken metadata` \(K3D_COMMAND=INFO\) could not be run; /);
  });
});

describe("what users get wrong", () => {
  test("bad YAML in plugin.yaml", async () => {
    const source = localSource(box, "broken", "broken", { yaml: "name: [broken\n" });
    await expectRefused(["plugin", "install", source], 1, /^k3dx: plugin\.yaml:2:1: Flow sequence in block collection must be sufficiently indented and end with a \]\n$/);
  });

  test("a key written twice: two hooks: keys would install no hooks; refused at the second one", async () => {
    const source = localSource(box, "twice", "twice", { yaml: "name: twice\nhooks: [pre-cluster-create]\ndescription: x\nhooks: []\n" });
    await expectRefused(["plugin", "install", source], 1, "k3dx: plugin.yaml:4:1: this key is already set above; a key may be written only once\nk3dx:     hooks: []\n");
  });

  test("version: 1.10 would install as 1.1: refused, saying how to quote it", async () => {
    const source = localSource(box, "numeric", "numeric", { yaml: "name: numeric\nversion: 1.10\n" });
    await expectRefused(["plugin", "install", source], 1, 'k3dx: plugin.yaml:2:10: version: must be a string: YAML reads 1.10 as the number 1.1; quote it, as in version: "1.10"\n');
  });

  test("every problem at once, each line starting k3dx:", async () => {
    const source = localSource(box, "many", "many", { yaml: "name: many\nhooks: [pre-cluster-creat]\nk3d: 5.x.3\nextra: 1\n" });
    const result = await runK3dx(box, ["plugin", "install", source]);
    expect(result.code).toBe(1);
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines.every((line) => line.startsWith("k3dx: "))).toBe(true);
    expect(lines.filter((line) => /^k3dx: {3}plugin\.yaml:\d+:\d+: /.test(line)).map((line) => line.split(": ")[1])).toEqual([
      "  plugin.yaml:2:9",
      "  plugin.yaml:3:6",
      "  plugin.yaml:4:8",
    ]);
  });

  test("a Helm plugin.yaml is recognised as one, pointing at the schema", async () => {
    const helm = 'name: "keybase"\nversion: "0.1.0"\nusage: "Integrate Keybase.io tools with Helm"\ncommand: "$HELM_PLUGIN_DIR/keybase.sh"\n';
    const source = localSource(box, "keybase", "keybase", { yaml: helm });
    await expectRefused(["plugin", "install", source], 1, /^k3dx: plugin\.yaml looks like a Helm plugin manifest \(usage:\), not a k3dx plugin\.yaml\. .*docs\/plugin-authors\.md/, 10);
  });

  test("a bad metadata field is named", async () => {
    const source = localSource(box, "typo", "typo", { yaml: "name: typo\nhooks:\n  - pre-cluster-create\n  - pre-cluster-creat\n" });
    await expectRefused(["plugin", "install", source], 1, 'k3dx: plugin.yaml:4:5: hooks[1].event: "pre-cluster-creat" is not a lifecycle event');
  });

  test("a plugin named after a k3d command", async () => {
    const source = localSource(box, "cluster", "cluster", { yaml: "name: cluster\n" });
    await expectRefused(["plugin", "install", source], 1, 'plugin.yaml:1:7: name: "cluster" is a k3d command');
  });

  test("a bad --name is bad usage", async () => {
    const source = localSource(box, "tool", "tool", { yaml: metadataYaml("tool", "1") });
    await expectRefused(["plugin", "install", source, "--name", "Tool"], 2, '--name: "Tool" must be lower-case');
  });

  test("a malformed --sha256 is bad usage, a wrong one installs nothing", async () => {
    const source = localSource(box, "tool", "tool", { yaml: metadataYaml("tool", "1") });
    await expectRefused(["plugin", "install", source, "--sha256", "abc"], 2, "--sha256 must be a SHA-256 digest (64 hex digits)");
    await expectRefused(["plugin", "install", source, "--sha256", "0".repeat(64)], 1, /sha256|SHA-256|checksum|digest/i);
  });

  test("an unknown flag is bad usage (a mistyped --sha256 must not install unverified)", async () => {
    const source = localSource(box, "tool", "tool", { yaml: metadataYaml("tool", "1") });
    await expectRefused(["plugin", "install", source, "--sha265", "0".repeat(64)], 2, "unknown flag --sha265");
  });

  test("no source is bad usage", async () => {
    await expectRefused(["plugin", "install"], 2, /SOURCE/);
  });

  test("several executables and none named after the plugin: the files are listed", async () => {
    const source = localSource(box, "many", "many", { yaml: metadataYaml("many", "1"), executable: "a" });
    localSource(box, "many", "many", { executable: "b" });
    await expectRefused(["plugin", "install", source], 1, "expected k3d-many, many, or a single executable file, but it holds: a, b, plugin.yaml");
  });

  test("file names listed in that error are shown escaped: an archive's names cannot act on the terminal", async () => {
    const source = localSource(box, "many", "many", { yaml: metadataYaml("many", "1"), executable: "a\u001b[2J" });
    localSource(box, "many", "many", { executable: "b\u009b31m" });
    await expectRefused(["plugin", "install", source], 1, "but it holds: a\\x1b[2J, b\\x9b31m, plugin.yaml");
  });
});

describe("hostile plugins", () => {
  test("a link in the single top folder that climbs out of it to a sibling is refused", async () => {
    // Inside the archive, top/esc -> ../victim stays inside; but only top/ is kept, and in
    // the store ../victim is the plugin folder of another plugin.
    mkdirSync(join(box.root, "src"), { recursive: true });
    writeFileSync(join(box.root, "src", "evil.tar.gz"), buildTarGz([
      { name: "top/k3d-evil", data: SHELL_PLUGIN, mode: 0o755 },
      { name: "top/plugin.yaml", data: "name: evil\n" },
      { name: "top/esc", type: "symlink", target: "../victim" },
    ]));
    await expectRefused(["plugin", "install", "./src/evil.tar.gz"], 1, 'k3dx: cannot install the plugin from its top folder "top": link "esc" -> "../victim" points outside the plugin folder; nothing was installed');
  });
});

describe("collisions", () => {
  test("a second plugin with the same name is refused; --force replaces it, links and all", async () => {
    await runK3dx(box, ["plugin", "install", localSource(box, "one", "tool", { yaml: metadataYaml("tool", "1", ["pre-cluster-start"]), body: "echo one" })]);
    const two = localSource(box, "two", "tool", { yaml: metadataYaml("tool", "2", ["post-cluster-start"]), body: "echo two" });
    // Path installs live in plugins/local/NAME: the same name is the same folder.
    await expectRefused(["plugin", "install", two], 1, /tool is already installed in .*plugins\/local\/tool from .*src\/one; .* --force to replace it/);

    const forced = await runK3dx(box, ["plugin", "install", two, "--force"]);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain("replaced tool 1 with tool 2");
    expect(existsSync(hookLink("pre-cluster-start", "tool"))).toBe(false);
    expect(realpathSync(hookLink("post-cluster-start", "tool"))).toBe(realpathSync(join(pluginDir("tool"), "k3d-tool")));
    expect((await runK3dx(box, ["tool"])).stdout).toBe("two\n");
  });

  test("a plugin answering a command another plugin answers is refused, even with --force", async () => {
    await runK3dx(box, ["plugin", "install", localSource(box, "first", "first", { yaml: "name: first\ncommand: shared\n" })]);
    const second = localSource(box, "second", "second", { yaml: "name: second\ncommand: shared\n" });
    await expectRefused(["plugin", "install", second, "--force"], 1, "the command 'k3d shared' already runs plugin first");
  });

  test("a user's own hook script where a link would go is never overwritten", async () => {
    box.script("tool", "echo mine", join(box.k3dxHome, "hooks", "pre-cluster-stop"));
    const source = localSource(box, "tool", "tool", { yaml: metadataYaml("tool", "1", ["pre-cluster-stop"]) });
    await expectRefused(["plugin", "install", source, "--force"], 1, /hooks\/pre-cluster-stop\/tool already exists and is not a hook link made by k3dx/);
  });
});

describe("two installs at once", () => {
  test("of two plugins answering the same command, into different folders: exactly one is installed", async () => {
    // The uniqueness check is store-wide, so the lock is too: a lock per folder let both pass.
    const sources = ["one", "two"].map((name) => localSource(box, name, name, { yaml: `name: ${name}\ncommand: shared\nhooks: [pre-cluster-create]\n` }));
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all(sources.map((source) => runK3dx(box, ["plugin", "install", source])));
      expect(results.map((result) => result.code).sort()).toEqual([0, 1]);
      const listed = JSON.parse((await runK3dx(box, ["plugin", "list", "-o", "json"])).stdout) as { name: string }[];
      expect(listed).toHaveLength(1);
      expect(readdirSync(join(box.k3dxHome, "hooks", "pre-cluster-create"))).toEqual([listed[0]!.name]);
      expect((await runK3dx(box, ["plugin", "remove", listed[0]!.name])).code).toBe(0);
    }
  });

  test("of the same plugin: both finish, and the store holds one valid plugin", async () => {
    const source = localSource(box, "tool", "tool", { yaml: metadataYaml("tool", "1", ["pre-cluster-create"]) });
    const results = await Promise.all([1, 2, 3].map(() => runK3dx(box, ["plugin", "install", source])));
    for (const result of results) expect(result.code).toBe(0);
    expect(results.filter((result) => result.stdout.startsWith("installed tool 1"))).toHaveLength(1);
    expect(readdirSync(join(box.k3dxHome, "plugins", "local"))).toEqual(["tool"]);
    expect(readdirSync(pluginDir("tool")).sort()).toEqual(["k3d-tool", "plugin.yaml", "receipt.yaml"]);
    expect(readdirSync(join(box.k3dxHome, "hooks", "pre-cluster-create"))).toEqual(["tool"]);
    const listed = JSON.parse((await runK3dx(box, ["plugin", "list", "-o", "json"])).stdout);
    expect(listed.map((plugin: { name: string }) => plugin.name)).toEqual(["tool"]);
  });

  test("with --force: each replaces the last, and the store is never left half-done", async () => {
    const source = localSource(box, "tool", "tool", { yaml: metadataYaml("tool", "1", ["pre-cluster-create"]) });
    const results = await Promise.all([1, 2, 3].map(() => runK3dx(box, ["plugin", "install", source, "--force"])));
    for (const result of results) expect(result.code).toBe(0);
    expect(readdirSync(join(box.k3dxHome, "plugins", "local"))).toEqual(["tool"]);
    expect(readdirSync(pluginDir("tool")).sort()).toEqual(["k3d-tool", "plugin.yaml", "receipt.yaml"]);
    expect(readdirSync(join(box.k3dxHome, "hooks", "pre-cluster-create"))).toEqual(["tool"]);
  });
});
