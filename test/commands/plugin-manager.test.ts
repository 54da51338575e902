/** Black-box: `k3d plugin` itself — help, version, and what users get wrong (SPEC §5). */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createSandbox, K3DX_BINARY, REPO_ROOT, runK3dx, type Sandbox } from "../helpers/sandbox.ts";
import { localSource } from "./plugin-sources.ts";

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

describe("found in review", () => {
  test("a reader that goes away (| head) ends the command quietly, with SIGPIPE's status", async () => {
    const proc = Bun.spawn({
      cmd: ["/bin/sh", "-c", `(sleep 0.5; "$0" plugin list -o json; echo "status=$?" >&2) | true`, K3DX_BINARY],
      env: box.env,
      cwd: box.root,
      stdout: "pipe",
      stderr: "pipe",
    });
    const stderr = await new Response(proc.stderr).text();
    await proc.exited;
    expect(stderr).toBe("status=141\n");
  });

  test("global flags in their =value form are k3d's, wherever they stand", async () => {
    const result = await runK3dx(box, ["plugin", "--verbose=true", "list", "--trace=false"]);
    expect(result.code).toBe(0);
  });

  test("--sha256 accepts the sha256: prefix it documents", async () => {
    const source = localSource(box, "tool", "tool", { yaml: "name: tool\n" });
    const bad = await runK3dx(box, ["plugin", "install", source, "--sha256", `sha256:${"0".repeat(64)}`]);
    // Parsed (not bad usage): the digest simply does not match the folder.
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("checksum mismatch");
  });

  test("upgrade skips a path plugin whose folder is gone, instead of failing", async () => {
    const source = localSource(box, "gone", "gone", { yaml: "name: gone\n" });
    expect((await runK3dx(box, ["plugin", "install", source])).code).toBe(0);
    rmSync(join(box.root, "src", "gone"), { recursive: true });
    const result = await runK3dx(box, ["plugin", "upgrade", "--all"]);
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).toContain("--force installs it again");
  });

  test("--trace=true prints the stack of k3dx's own error", async () => {
    const plain = await runK3dx(box, ["version"], { env: { K3DX_K3D: "relative/k3d" } });
    const traced = await runK3dx(box, ["--trace=true", "version"], { env: { K3DX_K3D: "relative/k3d" } });
    expect(plain.stderr.trim().split("\n")).toHaveLength(1);
    expect(traced.stderr.trim().split("\n").length).toBeGreaterThan(1);
  });
});
