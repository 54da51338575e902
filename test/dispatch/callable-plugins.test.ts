/**
 * Black-box: plugins for nouns k3d does not have (SPEC §3) — lookup, the environment
 * contract, exit statuses, and handing a command line back to k3d.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readCalls } from "../helpers/fake-k3d.ts";
import { localSource } from "../commands/plugin-sources.ts";
import { createSandbox, K3DX_BINARY, runK3dx, type Sandbox } from "../helpers/sandbox.ts";

let box: Sandbox;
beforeEach(() => {
  box = createSandbox();
});
afterEach(() => box.cleanup());

/** A plugin script that prints its argv, one per line, between markers. */
const ECHO_ARGS = `for a in "$@"; do printf '<%s>\\n' "$a"; done\n`;

/** Writes an installed plugin into the store the way `k3d plugin install` lays it out. */
function installIntoStore(name: string, body: string, extra = ""): string {
  const dir = join(box.k3dxHome, "plugins", "local", name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "plugin.yaml"), `name: ${name}\ndescription: test plugin\n${extra}`);
  box.script(`k3d-${name}`, body, dir);
  return dir;
}

describe("finding a plugin", () => {
  test("a k3d-<name> on PATH runs with the remaining arguments exactly", async () => {
    box.script("k3d-mirror", ECHO_ARGS);
    const result = await runK3dx(box, ["mirror", "--x", "y", "", "a b"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("<--x>\n<y>\n<>\n<a b>\n");
  });

  test("the longest name from the words before the first flag wins", async () => {
    box.script("k3d-foo", `echo foo; ${ECHO_ARGS}`);
    box.script("k3d-foo-bar", `echo foo-bar; ${ECHO_ARGS}`);
    expect((await runK3dx(box, ["foo", "bar", "--x", "y"])).stdout).toBe("foo-bar\n<--x>\n<y>\n");
    // k3d itself would look for k3d-foo-bar here; a flag ends the name.
    expect((await runK3dx(box, ["foo", "--x", "bar"])).stdout).toBe("foo\n<--x>\n<bar>\n");
    expect((await runK3dx(box, ["foo", "baz"])).stdout).toBe("foo\n<baz>\n");
  });

  test("leading global flags are skipped to find the noun and not passed to the plugin", async () => {
    box.script("k3d-foo", ECHO_ARGS);
    expect((await runK3dx(box, ["--verbose", "foo", "a"])).stdout).toBe("<a>\n");
  });

  test("a dash inside a word may be written as an underscore in the file name", async () => {
    box.script("k3d-my_tool", "echo underscore\n");
    expect((await runK3dx(box, ["my-tool"])).stdout).toBe("underscore\n");
  });

  test("an installed plugin is found by its command and wins over PATH", async () => {
    box.script("k3d-mirror", "echo from-path\n");
    installIntoStore("mirror", "echo from-store\n");
    expect((await runK3dx(box, ["mirror"])).stdout).toBe("from-store\n");
  });

  test("a longer name on PATH wins over a shorter installed one: longest first, then installed before PATH", async () => {
    installIntoStore("foo", `echo installed-foo; ${ECHO_ARGS}`);
    box.script("k3d-foo-bar", `echo path-foo-bar; ${ECHO_ARGS}`);
    box.script("k3d-foo", "echo path-foo\n");
    expect((await runK3dx(box, ["foo", "bar", "x"])).stdout).toBe("path-foo-bar\n<x>\n");
    expect((await runK3dx(box, ["foo", "baz"])).stdout).toBe("installed-foo\n<baz>\n");
  });

  test("an installed plugin answers to its `command`, not its name", async () => {
    installIntoStore("registry-mirror", "echo mirrored\n", "command: mirror\n");
    expect((await runK3dx(box, ["mirror"])).stdout).toBe("mirrored\n");
  });

  test("a plugin can never shadow a builtin noun", async () => {
    box.script("k3d-cluster", "echo hijacked\n");
    box.script("k3d-version", "echo hijacked\n");
    const result = await runK3dx(box, ["version"]);
    expect(result.stdout).toBe("k3d version v5.9.0\nk3s version v1.31.5-k3s1 (default)\n");
  });

  test("no plugin by that name: real k3d prints its own unknown command", async () => {
    const result = await runK3dx(box, ["nosuch", "thing"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`Error: unknown command "nosuch" for "k3d"\nRun 'k3d --help' for usage.\n`);
  });

  test("a word close to `plugin` or a plugin's noun: k3dx's 'did you mean', then k3d's own error and exit status", async () => {
    const k3dError = (noun: string) => `Error: unknown command "${noun}" for "k3d"\nRun 'k3d --help' for usage.\n`;
    const plugni = await runK3dx(box, ["plugni", "list"]);
    expect(plugni).toEqual({ code: 1, stdout: "", stderr: `k3dx: no plugin answers 'plugni'; did you mean 'k3d plugin'?\n${k3dError("plugni")}` });

    box.script("k3d-hello", "echo hi\n");
    const installed = localSource(box, "mirror", "mirror", { yaml: "name: mirror\n" });
    expect((await runK3dx(box, ["plugin", "install", installed])).code).toBe(0);
    expect((await runK3dx(box, ["helo"])).stderr).toBe(`k3dx: no plugin answers 'helo'; did you mean 'k3d hello'?\n${k3dError("helo")}`);
    expect((await runK3dx(box, ["mirorr", "status"])).stderr).toBe(`k3dx: no plugin answers 'mirorr'; did you mean 'k3d mirror'?\n${k3dError("mirorr")}`);
    // Close to nothing k3dx knows (k3d's own nouns are cobra's to suggest): k3d alone speaks.
    expect((await runK3dx(box, ["clustr"])).stderr).toBe(k3dError("clustr"));
  });

  test("a k3d-<name> file that is not executable is not a plugin", async () => {
    const path = box.script("k3d-broken", "echo should-not-run\n");
    chmodSync(path, 0o644);
    const result = await runK3dx(box, ["broken"]);
    expect(result.stdout).not.toContain("should-not-run");
    expect(result.stderr).toContain('unknown command "broken"');
  });

  test("an installed plugin whose executable is gone says so and how to fix it", async () => {
    const dir = installIntoStore("ghost", "echo hi\n");
    chmodSync(join(dir, "k3d-ghost"), 0o644);
    const result = await runK3dx(box, ["ghost"]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/^k3dx: installed plugin 'ghost' has no executable file in .*reinstall/);
  });

  test("a plugin file without a #! line fails clearly", async () => {
    writeFileSync(join(box.bin, "k3d-noshebang"), "echo hi\n", { mode: 0o755 });
    const result = await runK3dx(box, ["noshebang"]);
    expect(result.code).toBe(126);
    expect(result.stderr).toMatch(/^k3dx: cannot run .*k3d-noshebang/);
  });
});

describe("the environment contract", () => {
  test("K3D_* variables tell the plugin who it is and where k3d is", async () => {
    box.script("k3d-envdump", `env | grep -E '^K3D(X_DEPTH)?(_|=)' | sort\n`);
    const result = await runK3dx(box, ["envdump"]);
    const env = Object.fromEntries(result.stdout.trim().split("\n").map((line) => line.split(/=(.*)/s).slice(0, 2)));
    expect(env.K3D_COMMAND).toBe("CALL");
    expect(env.K3D_PLUGIN_NAME).toBe("envdump");
    expect(env.K3D_PLUGIN_DIR).toBe(box.bin);
    expect(env.K3D_BINARY).toBe(box.k3d);
    expect(env.K3D_WRAPPER).toBe(realpathSync(K3DX_BINARY));
    expect(env.K3D_WRAPPER_VERSION).toBe(JSON.parse(readFileSync(join(import.meta.dir, "../../package.json"), "utf8")).version);
    expect(env.K3D_RESULT).toMatch(/\/k3dx-[^/]+\/result-0$/);
    expect(env.K3DX_DEPTH).toBe("1");
  });

  test("an installed plugin's K3D_PLUGIN_DIR is its install folder", async () => {
    const dir = installIntoStore("where", 'echo "$K3D_PLUGIN_DIR"\n');
    expect((await runK3dx(box, ["where"])).stdout).toBe(`${dir}\n`);
  });

  test("without a real k3d a plugin still runs, with an empty K3D_BINARY", async () => {
    box.script("k3d-standalone", 'echo "binary=[$K3D_BINARY]"\n', join(box.root, "plugins-bin"));
    const result = await runK3dx(box, ["standalone"], { env: { PATH: `${join(box.root, "plugins-bin")}:/usr/bin:/bin` } });
    expect(result.stdout).toBe("binary=[]\n");
  });
});

describe("exit statuses", () => {
  test("the plugin's exit status is ours", async () => {
    box.script("k3d-fail", "exit 42\n");
    expect((await runK3dx(box, ["fail"])).code).toBe(42);
  });

  test.each([
    ["TERM", 143],
    ["KILL", 137],
  ])("a plugin killed by SIG%s gives %d", async (signal, status) => {
    box.script("k3d-die", `kill -${signal} $$\n`);
    expect((await runK3dx(box, ["die"])).code).toBe(status);
  });

  test("SIGTERM sent to k3dx reaches the running plugin", async () => {
    box.script("k3d-wait", `trap 'echo term > "${box.root}/got"; exit 7' TERM\nsleep 30 & wait\n`);
    const proc = Bun.spawn({ cmd: [K3DX_BINARY, "wait"], env: box.env, stdout: "pipe", stderr: "pipe" });
    await Bun.sleep(700);
    proc.kill("SIGTERM");
    expect(await proc.exited).toBe(7);
    expect(readFileSync(join(box.root, "got"), "utf8")).toBe("term\n");
  });
});

describe("Ctrl-C on a terminal", () => {
  test("reaches the plugin once (the terminal signals the whole group), and k3dx reports its status", async () => {
    const log = join(box.root, "ints");
    // The trap takes its time, so a second SIGINT cannot merge with the first while pending.
    box.script("k3d-wait", `trap 'echo int >> "${log}"; sleep 0.5' INT\nsleep 2 & wait\nsleep 1\nexit 5\n`);
    // script(1) gives the wrapper a real terminal; ^C typed into it becomes SIGINT for the foreground group.
    const proc = Bun.spawn({
      // -e: script exits with the wrapper's status.
      cmd: ["script", "-qec", `exec ${K3DX_BINARY} wait`, "/dev/null"],
      env: box.env,
      stdin: "pipe",
      stdout: "pipe",
      stderr: "pipe",
    });
    await Bun.sleep(800);
    proc.stdin.write("\u0003");
    await proc.stdin.flush();
    expect(await proc.exited).toBe(5);
    expect(readFileSync(log, "utf8")).toBe("int\n");
  });

  test("SIGKILL of k3dx alone does not leave the plugin running: nothing k3dx started outlives it", async () => {
    const child = join(box.root, "plugin.pid");
    box.script("k3d-long", `echo $$ > "${child}"\nexec sleep 30\n`);
    const proc = Bun.spawn({ cmd: [K3DX_BINARY, "long"], env: box.env, stdout: "ignore", stderr: "ignore" });
    for (let i = 0; i < 100 && !existsSync(child); i++) await Bun.sleep(50);
    const pid = Number(readFileSync(child, "utf8"));
    proc.kill("SIGKILL");
    await proc.exited;
    let alive = true;
    for (let i = 0; i < 60 && alive; i++) {
      await Bun.sleep(100);
      try {
        process.kill(pid, 0);
      } catch {
        alive = false;
      }
    }
    expect(alive).toBe(false);
  });

  test("off the terminal's foreground, SIGINT sent to k3dx alone is passed on: no terminal sends it to the plugin", async () => {
    const log = join(box.root, "ints");
    const parent = join(box.root, "k3dx.pid");
    box.script("k3d-wait", `echo $PPID > "${parent}"\ntrap 'echo int >> "${log}"; exit 7' INT\nsleep 5 & wait\nexit 5\n`);
    // The terminal is still on stdin, stdout and stderr, but setsid takes k3dx out of its session.
    const proc = Bun.spawn({ cmd: ["script", "-qec", `exec setsid -w ${K3DX_BINARY} wait`, "/dev/null"], env: box.env, stdin: "pipe", stdout: "pipe", stderr: "pipe" });
    for (let i = 0; i < 100 && !existsSync(parent); i++) await Bun.sleep(50);
    process.kill(Number(readFileSync(parent, "utf8")), "SIGINT");
    expect(await proc.exited).toBe(7);
    expect(readFileSync(log, "utf8")).toBe("int\n");
  });
});

describe("handing arguments back", () => {
  test("JSON form: k3d runs the handed-back command line", async () => {
    box.script("k3d-mk", `echo '{"args": ["cluster", "create", "dev"]}' > "$K3D_RESULT"\n`);
    const result = await runK3dx(box, ["mk"]);
    expect(result.code).toBe(0);
    expect(readCalls(box.state).map((call) => call.argv)).toEqual([["cluster", "create", "dev"]]);
  });

  test("line form, with the user's global flags kept", async () => {
    box.script("k3d-ls", `printf 'cluster\\nlist\\n-o\\njson\\n' > "$K3D_RESULT"\n`);
    const result = await runK3dx(box, ["--verbose", "ls"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("[]\n");
    expect(readCalls(box.state).map((call) => call.argv)).toEqual([["--verbose", "cluster", "list", "-o", "json"]]);
  });

  test("--verbose: k3dx says which plugin it runs, what it handed back and which k3d it hands over to", async () => {
    box.script("k3d-ls", `printf 'cluster\\nlist\\n' > "$K3D_RESULT"\n`);
    const result = await runK3dx(box, ["--verbose", "ls"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      `k3dx: running plugin ls: ${join(box.bin, "k3d-ls")}\n` +
        `k3dx: plugin ls handed back: ["cluster","list"]\n` +
        `k3dx: handing over to ${box.k3d}\n`,
    );
    expect(readCalls(box.state).map((call) => call.argv)).toEqual([["--verbose", "cluster", "list"]]);
  });

  test("the exit status after a hand-back is that of what ran next", async () => {
    box.script("k3d-bad", `echo '{"args": ["nosuch"]}' > "$K3D_RESULT"\n`);
    expect((await runK3dx(box, ["bad"])).code).toBe(1);
  });

  test("an empty result file or a failing plugin runs nothing more", async () => {
    box.script("k3d-quiet", "echo done\n");
    box.script("k3d-failing", `echo '{"args": ["version"]}' > "$K3D_RESULT"; exit 3\n`);
    expect((await runK3dx(box, ["quiet"])).code).toBe(0);
    expect((await runK3dx(box, ["failing"])).code).toBe(3);
    expect(readCalls(box.state)).toEqual([]);
  });

  test("a hand-back may run another plugin", async () => {
    box.script("k3d-first", `echo second > "$K3D_RESULT"\n`);
    box.script("k3d-second", `echo "second ran"\n`);
    expect((await runK3dx(box, ["first"])).stdout).toBe("second ran\n");
  });

  test("a plugin cannot hand back to itself", async () => {
    box.script("k3d-loop", `echo loop > "$K3D_RESULT"; echo ran\n`);
    const result = await runK3dx(box, ["loop"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("ran\n");
    expect(result.stderr).toMatch(/^k3dx: plugin 'loop' handed back a command line that runs plugin 'loop' again/);
  });

  test("a cycle through two plugins is stopped too", async () => {
    box.script("k3d-ping", `echo pong > "$K3D_RESULT"\n`);
    box.script("k3d-pong", `echo ping > "$K3D_RESULT"\n`);
    const result = await runK3dx(box, ["ping"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("runs plugin 'ping' again");
  });

  test("chains are bounded at depth 8, also through the wrapper itself (K3DX_DEPTH)", async () => {
    // A plugin that calls the wrapper, which runs the plugin again, and so on.
    box.script("k3d-recurse", `exec "$K3D_WRAPPER" recurse\n`);
    const result = await runK3dx(box, ["recurse"]);
    expect(result.code).toBe(1);
    // Said as over the limit, not as "8 deep; the limit is 8", which reads as within it.
    expect(result.stderr).toBe(
      "k3dx: plugin 'recurse' was not run: it would be call 9 of a chain of plugin calls, and a chain stops after 8 (K3DX_DEPTH=8). Is a plugin calling itself through k3d?\n",
    );
  });

  test("invalid JSON in $K3D_RESULT is one clear error", async () => {
    box.script("k3d-garbled", `echo '{"args": [' > "$K3D_RESULT"\n`);
    const result = await runK3dx(box, ["garbled"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^k3dx: plugin 'garbled' wrote invalid JSON to \$K3D_RESULT/);
  });
});
