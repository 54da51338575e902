/**
 * Black-box: cobra's `__complete` protocol through the wrapper (SPEC §8), with the stand-in
 * k3d answering for its own commands and plugins that do and do not implement completion.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readCalls, writeCluster } from "../helpers/fake-k3d.ts";
import { createSandbox, runK3dx, type Sandbox } from "../helpers/sandbox.ts";
import { answering, installIntoStore } from "./plugin-store.ts";

let box: Sandbox;
beforeEach(() => {
  box = createSandbox();
});
afterEach(() => box.cleanup());

const K3D_NOUNS = ["cluster", "completion", "config", "help", "image", "kubeconfig", "node", "registry", "version"];

/** The candidate values (descriptions cut) and the directive of an answer. */
function parse(stdout: string): { values: string[]; directive: string } {
  const lines = stdout.trimEnd().split("\n");
  const directive = lines.pop()!;
  return { values: lines.map((line) => line.split("\t")[0]!), directive };
}

describe("completing the first word", () => {
  test("offers k3d's nouns, `plugin`, installed plugin nouns and PATH plugins, sorted", async () => {
    installIntoStore(box, { name: "mirror", description: "Pull-through image cache" });
    installIntoStore(box, { name: "tunnel-tool", command: "tunnel" });
    box.script("k3d-hello", "echo hi\n");
    const result = await runK3dx(box, ["__complete", ""]);
    expect(result.code).toBe(0);
    expect(parse(result.stdout)).toEqual({
      values: [...K3D_NOUNS, "hello", "mirror", "plugin", "tunnel"].sort(),
      directive: ":4",
    });
    const lines = result.stdout.split("\n");
    expect(lines).toContain("mirror\tPull-through image cache");
    expect(lines).toContain("plugin\tManage k3d plugins and lifecycle hooks (k3dx)");
    expect(lines).toContain("cluster\tManage cluster(s)");
    expect(result.stderr).toBe("Completion ended with directive: ShellCompDirectiveNoFileComp\n");
  });

  test("keeps to the partial word, and __completeNoDesc has no descriptions", async () => {
    installIntoStore(box, { name: "mirror", description: "Pull-through image cache" });
    installIntoStore(box, { name: "metrics" });
    const result = await runK3dx(box, ["__completeNoDesc", "m"]);
    expect(result.stdout).toBe("metrics\nmirror\n:4\n");
    expect((await runK3dx(box, ["__complete", "pl"])).stdout).toBe("plugin\tManage k3d plugins and lifecycle hooks (k3dx)\n:4\n");
  });

  test("with no plugins there is still `plugin`", async () => {
    expect(parse((await runK3dx(box, ["__completeNoDesc", ""])).stdout).values).toEqual([...K3D_NOUNS, "plugin"].sort());
  });

  test("a plugin that cannot be reached is not offered: hooks-only, reserved nouns, not executable", async () => {
    installIntoStore(box, { name: "hooky", command: "" });
    installIntoStore(box, { name: "sneaky", command: "cluster" });
    box.script("k3d-plugin", "echo no\n");
    box.script("k3d-noexec", "echo no\n");
    Bun.spawnSync(["chmod", "-x", join(box.bin, "k3d-noexec")]);
    expect(parse((await runK3dx(box, ["__completeNoDesc", ""])).stdout).values).toEqual([...K3D_NOUNS, "plugin"].sort());
  });

  test("global flags before the word are k3d's business, and passed on to it", async () => {
    installIntoStore(box, { name: "mirror" });
    const result = await runK3dx(box, ["__completeNoDesc", "--verbose", "mi"]);
    expect(result.stdout).toBe("mirror\n:4\n");
    expect(readCalls(box.state).at(-1)!.argv).toEqual(["__completeNoDesc", "--verbose", "mi"]);
  });

  test("no plugin is run to list them", async () => {
    installIntoStore(box, { name: "mirror", body: `touch "${box.root}/ran"\n` });
    box.script("k3d-hello", `touch "${box.root}/ran"\n`);
    await runK3dx(box, ["__complete", ""]);
    expect(existsSync(join(box.root, "ran"))).toBe(false);
  });

  test("without a real k3d the plugin nouns are still offered", async () => {
    const bare = createSandbox({ withK3d: false });
    try {
      installIntoStore(bare, { name: "mirror" });
      const result = await runK3dx(bare, ["__completeNoDesc", ""]);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe("mirror\nplugin\n:4\n");
    } finally {
      bare.cleanup();
    }
  });
});

describe("completing inside a plugin", () => {
  test("the plugin is asked with __complete, K3D_COMMAND=COMPLETE and the words after its name", async () => {
    installIntoStore(box, {
      name: "mirror",
      body:
        `printf '%s\\n' "$@" > "${box.root}/args"\n` +
        `printf '%s %s %s %s\\n' "$K3D_COMMAND" "$K3D_PLUGIN_NAME" "$K3D_RESULT" "$K3D_WRAPPER_VERSION" > "${box.root}/env"\n` +
        `printf 'status\\tShow the cache\\nstart\\n:4\\n'\n`,
    });
    const result = await runK3dx(box, ["__complete", "--verbose", "mirror", "--json", "st"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("status\tShow the cache\nstart\n:4\n");
    expect(result.stderr).toBe("Completion ended with directive: ShellCompDirectiveNoFileComp\n");
    expect(readFileSync(join(box.root, "args"), "utf8")).toBe("__complete\n--json\nst\n");
    // A completion cannot hand arguments back: $K3D_RESULT swallows them.
    expect(readFileSync(join(box.root, "env"), "utf8")).toMatch(/^COMPLETE mirror \/dev\/null \d+\.\d+\.\d+/);
  });

  test("__completeNoDesc asks the plugin the same way and cuts the descriptions", async () => {
    installIntoStore(box, { name: "mirror", body: answering(["status\tShow the cache", "start"], 4) });
    expect((await runK3dx(box, ["__completeNoDesc", "mirror", ""])).stdout).toBe("status\nstart\n:4\n");
  });

  test("the plugin's directive is kept", async () => {
    installIntoStore(box, { name: "mirror", body: answering(["yaml", "yml"], 8) });
    const result = await runK3dx(box, ["__complete", "mirror", "--config", ""]);
    expect(result.stdout).toBe("yaml\nyml\n:8\n");
    expect(result.stderr).toBe("Completion ended with directive: ShellCompDirectiveFilterFileExt\n");
  });

  test("a multi-word plugin name takes its words; a PATH plugin is asked too", async () => {
    box.script("k3d-foo-bar", `printf '%s\\n' "$@" > "${box.root}/args"; printf 'x\\n:0\\n'\n`);
    expect((await runK3dx(box, ["__complete", "foo", "bar", "b"])).stdout).toBe("x\n:0\n");
    expect(readFileSync(join(box.root, "args"), "utf8")).toBe("__complete\nb\n");
    // The word being completed is not part of the name: it is completed as the name's next word.
    expect((await runK3dx(box, ["__complete", "foo", "bar"])).stdout).toBe("bar\n:4\n");
    expect(readCalls(box.state)).toEqual([]);
  });

  test("words that begin a longer plugin name are offered its next word, as kubectl does", async () => {
    box.script("k3d-foo-bar", "echo ran\n");
    box.script("k3d-foo-baz-qux", "echo ran\n");
    installIntoStore(box, { name: "foo-tunnel", description: "Tunnels" });
    expect(await runK3dx(box, ["__complete", "foo", ""])).toEqual({
      code: 0,
      stdout: "bar\nbaz\ntunnel\n:4\n",
      stderr: "Completion ended with directive: ShellCompDirectiveNoFileComp\n",
    });
    expect((await runK3dx(box, ["__completeNoDesc", "foo", "baz", "q"])).stdout).toBe("qux\n:4\n");
    expect((await runK3dx(box, ["__completeNoDesc", "foo", "t"])).stdout).toBe("tunnel\n:4\n");
    // Nothing was run, and k3d was not asked.
    expect(readCalls(box.state)).toEqual([]);
  });

  test("a plugin whose name begins a longer one: the next word, then the plugin's own answer", async () => {
    installIntoStore(box, { name: "foo", body: answering(["status", "bar"], 4) });
    installIntoStore(box, { name: "foo-bar" });
    expect((await runK3dx(box, ["__completeNoDesc", "foo", ""])).stdout).toBe("bar\nstatus\n:4\n");
  });

  test("a PATH plugin that an installed plugin shadows is not offered", async () => {
    installIntoStore(box, { name: "foo", body: answering(["status"], 4) });
    // `k3d foo bar` runs the installed foo with `bar`: installed plugins come first.
    box.script("k3d-foo-bar", "echo ran\n");
    expect((await runK3dx(box, ["__completeNoDesc", "foo", ""])).stdout).toBe("status\n:4\n");
  });

  test.each([
    ["exits non-zero", "printf 'status\\n:4\\n'; exit 3\n"],
    ["is silent", "exit 0\n"],
    ["ignores __complete and prints its usage", "echo 'usage: mirror status|start'\n"],
    ["prints a directive cobra would reject", "printf 'a\\n:99\\n'\n"],
    ["is killed by a signal", "kill -9 $$\n"],
  ])("a plugin that %s yields no candidates and :4, never an error", async (_, body) => {
    installIntoStore(box, { name: "mirror", body });
    const result = await runK3dx(box, ["__complete", "mirror", ""]);
    expect(result).toEqual({ code: 0, stdout: ":4\n", stderr: "Completion ended with directive: ShellCompDirectiveNoFileComp\n" });
  });

  test("a plugin that hangs (and leaves a child holding its output) is cut off within the limit", async () => {
    installIntoStore(box, { name: "mirror", body: "printf 'partial\\n'\nsleep 30 &\nsleep 30\n" });
    const started = performance.now();
    const result = await runK3dx(box, ["__complete", "mirror", ""]);
    const elapsed = performance.now() - started;
    expect(result.stdout).toBe(":4\n");
    expect(result.code).toBe(0);
    expect(elapsed).toBeLessThan(4000);
    expect(elapsed).toBeGreaterThanOrEqual(1000);
  });

  test("a plugin that answers and exits, leaving a child that holds its output: the answer is used", async () => {
    box.script("k3d-bg", "printf 'x\\n:4\\n'\n(sleep 30) &\n");
    const started = performance.now();
    const result = await runK3dx(box, ["__complete", "bg", ""]);
    expect(result).toEqual({ code: 0, stdout: "x\n:4\n", stderr: "Completion ended with directive: ShellCompDirectiveNoFileComp\n" });
    // Not held until the one-second limit by the child.
    expect(performance.now() - started).toBeLessThan(900);
  });

  test("a plugin that completes through the wrapper again is bounded by K3DX_DEPTH", async () => {
    installIntoStore(box, { name: "mirror", body: 'exec "$K3D_WRAPPER" __complete mirror "$@"\n' });
    const started = performance.now();
    const result = await runK3dx(box, ["__complete", "mirror", ""]);
    expect(result.stdout).toBe(":4\n");
    // Eight nested wrappers answer at once; a timeout would take a second.
    expect(performance.now() - started).toBeLessThan(1000);
  });

  test("a plugin that floods its output is stopped and yields nothing", async () => {
    installIntoStore(box, { name: "mirror", body: "yes candidate\n" });
    const result = await runK3dx(box, ["__complete", "mirror", ""]);
    expect(result.stdout).toBe(":4\n");
  });

  test("an installed plugin without an executable yields nothing, not an error", async () => {
    const dir = installIntoStore(box, { name: "mirror" });
    Bun.spawnSync(["rm", join(dir, "k3d-mirror")]);
    expect(await runK3dx(box, ["__complete", "mirror", ""])).toMatchObject({ code: 0, stdout: ":4\n" });
  });

  test("a noun no plugin claims is real k3d's to answer", async () => {
    const result = await runK3dx(box, ["__complete", "nothing", ""]);
    expect(result.stdout).toBe(":0\n");
    expect(result.stderr).toContain("unable to find a command for arguments: [nothing]");
    expect(readCalls(box.state).at(-1)!.argv).toEqual(["__complete", "nothing", ""]);
  });
});

describe("completing `k3d plugin …`", () => {
  test("verbs, installed names and events come from k3dx, without running k3d or a plugin", async () => {
    installIntoStore(box, { name: "mirror", description: "Image cache", body: `touch "${box.root}/ran"\n` });
    expect(parse((await runK3dx(box, ["__completeNoDesc", "plugin", "in"])).stdout)).toEqual({ values: ["install", "info"], directive: ":4" });
    expect((await runK3dx(box, ["__complete", "plugins", "remove", ""])).stdout).toBe("mirror\tImage cache\n:4\n");
    expect((await runK3dx(box, ["__complete", "plugin", "hooks", "post-cluster-de"])).stdout).toBe("post-cluster-delete\n:4\n");
    expect(readCalls(box.state)).toEqual([]);
    expect(existsSync(join(box.root, "ran"))).toBe(false);
  });

  test("`plugin exec NAME …` asks that plugin", async () => {
    installIntoStore(box, { name: "mirror", body: answering(["status", "start"], 4) });
    expect((await runK3dx(box, ["__complete", "plugin", "exec", "mirror", "s"])).stdout).toBe("status\nstart\n:4\n");
  });

  test("`plugin trigger EVENT <Tab>` offers k3d's clusters, and no file names", async () => {
    writeCluster(box.state, "dev");
    writeCluster(box.state, "prod");
    const result = await runK3dx(box, ["__complete", "plugin", "trigger", "pre-cluster-create", ""]);
    expect(result.stdout).toBe("dev\nprod\n:4\n");
    expect(result.stderr).toBe("Completion ended with directive: ShellCompDirectiveNoFileComp\n");
    expect((await runK3dx(box, ["__completeNoDesc", "plugin", "trigger", "post-cluster-start", "p"])).stdout).toBe("prod\n:4\n");
  });

  test("`plugin trigger EVENT <Tab>` without a real k3d: nothing, and no file names", async () => {
    const bare = createSandbox({ withK3d: false });
    try {
      expect(await runK3dx(bare, ["__complete", "plugin", "trigger", "pre-cluster-create", ""])).toMatchObject({ code: 0, stdout: ":4\n" });
    } finally {
      bare.cleanup();
    }
  });
});

describe("what stays real k3d's", () => {
  test("a k3d noun's completion goes to k3d byte for byte", async () => {
    writeCluster(box.state, "dev");
    const result = await runK3dx(box, ["__complete", "cluster", "start", ""]);
    expect(result.stdout).toBe("dev\n:0\n");
    expect(readCalls(box.state).map((call) => call.argv)).toEqual([["__complete", "cluster", "start", ""]]);
  });

  test("K3DX_NO_PLUGINS=1: the first word is k3d's alone", async () => {
    installIntoStore(box, { name: "mirror" });
    const result = await runK3dx(box, ["__completeNoDesc", ""], { env: { K3DX_NO_PLUGINS: "1" } });
    expect(parse(result.stdout).values).toEqual(K3D_NOUNS);
  });
});
