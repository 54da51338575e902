/** Black-box: `k3d --help`, `k3d -h`, `k3d help` — k3d's help, then the Plugins section (SPEC §8). */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { readCalls } from "../helpers/fake-k3d.ts";
import { createSandbox, runK3dx, type Sandbox } from "../helpers/sandbox.ts";
import { installIntoStore } from "../completion/plugin-store.ts";

let box: Sandbox;
beforeEach(() => {
  box = createSandbox();
});
afterEach(() => box.cleanup());

/** What the stand-in itself prints for these arguments. */
function k3dAlone(args: string[]): { stdout: string; code: number } {
  const result = Bun.spawnSync({ cmd: [box.k3d, ...args], env: box.env });
  return { stdout: result.stdout.toString(), code: result.exitCode };
}

describe("root help", () => {
  test.each([[["--help"]], [["-h"]], [["help"]], [["--verbose", "--help"]]])("%j: k3d's help unchanged, then the plugins", async (args) => {
    installIntoStore(box, { name: "mirror", description: "Pull-through image cache shared by every cluster" });
    const result = await runK3dx(box, args);
    expect(readCalls(box.state).map((call) => call.argv)).toEqual([args]);
    const k3d = k3dAlone(args);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith(k3d.stdout)).toBe(true);
    expect(result.stdout.slice(k3d.stdout.length)).toBe(
      "\nPlugins:\n" +
        "  plugin      Manage k3d plugins and lifecycle hooks (k3dx)\n" +
        "  mirror      Pull-through image cache shared by every cluster\n" +
        '\nUse "k3d plugin --help" to install, list and remove plugins.\n',
    );
  });

  test("PATH plugins are listed with where they live; a long noun widens the column, cobra's way", async () => {
    const path = box.script("k3d-a-rather-long-plugin-name", "echo hi\n");
    installIntoStore(box, { name: "mirror" });
    const result = await runK3dx(box, ["--help"]);
    expect(result.stdout).toEndWith(
      "\nPlugins:\n" +
        "  plugin                    Manage k3d plugins and lifecycle hooks (k3dx)\n" +
        `  a-rather-long-plugin-name ${path}\n` +
        "  mirror\n" +
        '\nUse "k3d plugin --help" to install, list and remove plugins.\n',
    );
  });

  test("with no plugins it still points to the plugin manager", async () => {
    const result = await runK3dx(box, ["help"]);
    expect(result.stdout).toEndWith(
      "\nPlugins:\n" +
        "  plugin      Manage k3d plugins and lifecycle hooks (k3dx)\n" +
        '\nNo plugins installed. Use "k3d plugin --help" to find out how to install one.\n',
    );
  });

  test("no plugin is run, and a description cannot reach the terminal's controls", async () => {
    installIntoStore(box, { name: "mirror", description: "\u001b[2J\u001b]0;pwned\u0007Cache\nsecond line", body: `touch "${box.root}/ran"\n` });
    const result = await runK3dx(box, ["--help"]);
    expect(existsSync(join(box.root, "ran"))).toBe(false);
    expect(result.stdout).toContain("  mirror      [2J]0;pwnedCache\n");
    expect(result.stdout).not.toContain("\u001b");
    expect(result.stdout).not.toContain("second line");
  });

  test("k3d's exit status is the answer, and a failing k3d gets no section", async () => {
    const result = await runK3dx(box, ["--help"], { env: { FAKE_K3D_EXIT: "3", FAKE_K3D_STDOUT: "k3d said this\n" } });
    expect(result).toEqual({ code: 3, stdout: "k3d said this\n", stderr: "" });
  });

  test("K3DX_NO_PLUGINS=1: k3d's help alone", async () => {
    installIntoStore(box, { name: "mirror" });
    const result = await runK3dx(box, ["--help"], { env: { K3DX_NO_PLUGINS: "1" } });
    expect(result.stdout).toBe(k3dAlone(["--help"]).stdout);
  });

  test("help about a command is k3d's alone", async () => {
    installIntoStore(box, { name: "mirror" });
    const result = await runK3dx(box, ["help", "cluster"]);
    expect(result.stdout).toBe(k3dAlone(["help", "cluster"]).stdout);
    expect(result.stdout).not.toContain("Plugins:");
  });

  test("without a real k3d: the usual one line and 127", async () => {
    const bare = createSandbox({ withK3d: false });
    try {
      const result = await runK3dx(bare, ["--help"]);
      expect(result.code).toBe(127);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(/^k3dx: real k3d not found.*K3DX_K3D.*\n$/);
    } finally {
      bare.cleanup();
    }
  });
});
