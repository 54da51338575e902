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
    [["plugin", "nosuch"], `k3dx: unknown command "nosuch" for "k3d plugin". Run 'k3d plugin --help' for usage.\n`],
    [["plugin", "instal", "./x"], `k3dx: unknown command "instal" for "k3d plugin"; did you mean 'install'? Run 'k3d plugin --help' for usage.\n`],
    [["plugin", "trigge"], `k3dx: unknown command "trigge" for "k3d plugin"; did you mean 'trigger'? Run 'k3d plugin --help' for usage.\n`],
    [["plugin", "--bogus"], "k3dx: unknown flag --bogus. Run 'k3d plugin --help' for usage.\n"],
    [["plugin", "list", "--bogus"], "k3dx: unknown flag --bogus. Run 'k3d plugin list --help' for usage.\n"],
    [["plugin", "info"], "k3dx: missing NAME: the plugin's name. Run 'k3d plugin info --help' for usage.\n"],
    [["plugin", "trigger"], "k3dx: missing EVENT: the event, e.g. post-cluster-create. Run 'k3d plugin trigger --help' for usage.\n"],
    [["plugin", "install"], "k3dx: name a SOURCE to install, or run this in a project with a k3d-plugins.yaml (in this folder or a parent). Run 'k3d plugin install --help' for usage.\n"],
    [["plugin", "list", "-o", "xml"], `k3dx: -o "xml" is not one of table, json, yaml. Run 'k3d plugin list --help' for usage.\n`],
    [["plugin", "info", "x", "--output=xml"], `k3dx: --output "xml" is not one of text, json, yaml. Run 'k3d plugin info --help' for usage.\n`],
  ])("bad usage %j: one line in k3dx's words, naming what to run, exit 2", async (args, message) => {
    const result = await runK3dx(box, args);
    expect(result).toEqual({ code: 2, stdout: "", stderr: message });
  });
});

describe("colour", () => {
  const verbs = [["plugin", "--help"], ["plugin", "list", "--help"], ["plugin", "trigger", "--help"], ["plugin", "doctor", "--help"], ["plugin", "help", "install"]];
  const ESC = "\u001b[";

  test.each(verbs)("%s %s: none into a pipe, NO_COLOR unset", async (...args) => {
    const result = await runK3dx(box, args, { env: { NO_COLOR: undefined } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("k3d plugin");
    expect(result.stdout).not.toContain(ESC);
  });

  test("FORCE_COLOR colours help even into a pipe, whatever CI or TEST say; FORCE_COLOR=0 does not", async () => {
    const forced = await runK3dx(box, ["plugin", "list", "--help"], { env: { NO_COLOR: undefined, FORCE_COLOR: "1", CI: "true", TEST: "1" } });
    expect(forced.stdout).toContain(`${ESC}36m`);
    const off = await runK3dx(box, ["plugin", "list", "--help"], { env: { NO_COLOR: undefined, FORCE_COLOR: "0" } });
    expect(off.stdout).not.toContain(ESC);
  });

  const script = Bun.which("script");
  test.skipIf(!script)("on a terminal help is coloured, unless NO_COLOR", async () => {
    const onTerminal = async (env: Record<string, string | undefined>) => {
      const command = `"${K3DX_BINARY}" plugin list --help`;
      return runK3dx(box, ["-qec", command, "/dev/null"], { binary: script!, env: { NO_COLOR: undefined, TERM: "xterm", ...env } });
    };
    expect((await onTerminal({})).stdout).toContain(`${ESC}36m`);
    expect((await onTerminal({ NO_COLOR: "1" })).stdout).not.toContain(ESC);
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
