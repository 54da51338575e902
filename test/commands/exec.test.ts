/** Black-box: `k3d plugin exec NAME [ARGS…]` — an installed plugin by name, with the callable contract (SPEC §3, §5). */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { realpathSync } from "node:fs";
import { join } from "node:path";
import { readCalls } from "../helpers/fake-k3d.ts";
import { createSandbox, runK3dx, type Sandbox } from "../helpers/sandbox.ts";
import { localSource } from "./plugin-sources.ts";

let box: Sandbox;
beforeEach(() => {
  box = createSandbox();
});
afterEach(() => box.cleanup());

async function install(name: string, yaml: string, body: string): Promise<void> {
  const result = await runK3dx(box, ["plugin", "install", localSource(box, name, name, { yaml, body })]);
  expect(result.code).toBe(0);
}

const ECHO_ARGS = `for a in "$@"; do printf '<%s>\\n' "$a"; done`;

describe("exec", () => {
  test("runs the plugin by name, even when a PATH plugin answers its name, with the arguments exactly", async () => {
    await install("tool", "name: tool\ncommand: tl\n", `echo installed; ${ECHO_ARGS}`);
    box.script("k3d-tool", "echo from PATH");
    expect((await runK3dx(box, ["tool"])).stdout).toBe("from PATH\n");
    const result = await runK3dx(box, ["plugin", "exec", "tool", "a", "--flag", "", "x y", "--verbose"]);
    expect(result).toEqual({ code: 0, stdout: "installed\n<a>\n<--flag>\n<>\n<x y>\n<--verbose>\n", stderr: "" });
  });

  test("--help and global flags after the name are the plugin's, not the plugin manager's", async () => {
    await install("tool", "name: tool\n", ECHO_ARGS);
    const result = await runK3dx(box, ["plugin", "--verbose", "exec", "tool", "--help", "--trace", "-h"]);
    expect(result).toEqual({ code: 0, stdout: "<--help>\n<--trace>\n<-h>\n", stderr: "" });
    expect((await runK3dx(box, ["plugin", "exec", "--help"])).stdout).toContain("k3d plugin exec");
  });

  test("a hooks-only plugin, which no command reaches, can be run", async () => {
    await install("quiet", "name: quiet\ncommand: ''\nhooks: [post-cluster-create]\n", "echo quiet ran");
    expect((await runK3dx(box, ["plugin", "exec", "quiet"])).stdout).toBe("quiet ran\n");
  });

  test("the callable environment contract", async () => {
    await install("env", "name: env\n", 'echo "$K3D_COMMAND|$K3D_PLUGIN_NAME|$K3D_PLUGIN_DIR|$K3D_BINARY|$K3DX_DEPTH"');
    const result = await runK3dx(box, ["plugin", "exec", "env"]);
    expect(result.stdout).toBe(`CALL|env|${join(box.k3dxHome, "plugins", "local", "env")}|${realpathSync(box.k3d)}|1\n`);
  });

  test("its exit status is ours", async () => {
    await install("fails", "name: fails\n", "exit 7");
    expect((await runK3dx(box, ["plugin", "exec", "fails"])).code).toBe(7);
  });

  test("a hand-back runs next, as a fresh command line, and its status is ours", async () => {
    await install("back", "name: back\n", 'printf "cluster\\nlist\\n" > "$K3D_RESULT"');
    const result = await runK3dx(box, ["plugin", "exec", "back"]);
    expect(result.code).toBe(0);
    expect(readCalls(box.state).map((call) => call.argv)).toEqual([["cluster", "list"]]);
  });

  test("a plugin cannot hand back to itself", async () => {
    await install("loop", "name: loop\n", 'echo loop > "$K3D_RESULT"');
    const result = await runK3dx(box, ["plugin", "exec", "loop"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("k3dx: plugin 'loop' handed back a command line that runs plugin 'loop' again; stopping the loop.\n");
  });

  test("an unknown plugin: one line, exit 1; no name: bad usage", async () => {
    expect(await runK3dx(box, ["plugin", "exec", "nope", "--x"])).toEqual({ code: 1, stdout: "", stderr: "k3dx: no installed plugin is named 'nope' (no plugin is installed; 'k3d plugin install SOURCE' adds one)\n" });
    expect((await runK3dx(box, ["plugin", "exec"])).code).toBe(2);
  });
});
