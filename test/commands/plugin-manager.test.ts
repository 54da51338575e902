/** Black-box: `k3d plugin` itself — help, version, and what users get wrong (SPEC §5). */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createSandbox, REPO_ROOT, runK3dx, type Sandbox } from "../helpers/sandbox.ts";

let box: Sandbox;
beforeEach(() => {
  box = createSandbox();
});
afterEach(() => box.cleanup());

const version = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")).version;

describe("k3d plugin", () => {
  test("--version prints the wrapper's version from package.json", async () => {
    expect(await runK3dx(box, ["plugin", "--version"])).toEqual({ code: 0, stdout: `k3dx version v${version}\n`, stderr: "" });
  });

  test.each([[["plugin"]], [["plugin", "--help"]], [["plugins", "-h"]], [["plugin", "help"]]])("%j prints the verbs", async (args) => {
    const result = await runK3dx(box, args);
    expect(result.code).toBe(0);
    for (const verb of ["install", "list", "info", "remove", "upgrade", "hooks", "trigger", "exec", "doctor"]) {
      expect(result.stdout).toContain(verb);
    }
  });

  test("help VERB and VERB --help print that verb's help", async () => {
    const viaHelp = await runK3dx(box, ["plugin", "help", "install"]);
    const viaFlag = await runK3dx(box, ["plugin", "install", "--help"]);
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.stdout).toContain("k3d plugin install");
    expect(viaHelp.stdout).toBe(viaFlag.stdout);
  });

  test.each([
    [["plugin", "nosuch"], /^k3dx: Unknown command nosuch\. Run 'k3d plugin --help' for usage\.\n$/],
    [["plugin", "--bogus"], /^k3dx: unknown flag --bogus\. Run 'k3d plugin --help' for usage\.\n$/],
    [["plugin", "info"], /^k3dx: Missing required positional argument: NAME\. Run 'k3d plugin info --help' for usage\.\n$/],
    [["plugin", "list", "-o", "xml"], /Expected one of: table, json, yaml\. Run 'k3d plugin list --help' for usage\.\n$/],
  ])("bad usage %j: one line naming what to run, exit 2", async (args, message) => {
    const result = await runK3dx(box, args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(message);
  });
});
