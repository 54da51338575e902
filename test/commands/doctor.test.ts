/** Black-box: `k3d plugin doctor` — one line per finding, exit 1 when any is a problem (SPEC §5). */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createSandbox, runK3dx, type Sandbox } from "../helpers/sandbox.ts";
import { localSource, metadataYaml } from "./plugin-sources.ts";

let box: Sandbox;
beforeEach(() => {
  box = createSandbox();
});
afterEach(() => box.cleanup());

async function install(name: string, hooks: string[] = []): Promise<string> {
  const result = await runK3dx(box, ["plugin", "install", localSource(box, name, name, { yaml: metadataYaml(name, "1.0.0", hooks) })]);
  expect(result.code).toBe(0);
  return join(box.k3dxHome, "plugins", "local", name);
}

async function doctor(options: Parameters<typeof runK3dx>[2] = {}) {
  const result = await runK3dx(box, ["plugin", "doctor"], options);
  const lines = result.stdout.trimEnd().split("\n");
  return { ...result, lines, problems: lines.filter((line) => line.startsWith("problem ")), warnings: lines.filter((line) => line.startsWith("warning ")) };
}

describe("doctor", () => {
  test("a healthy setup: real k3d and its version, the wrapper, each plugin and hook; exit 0", async () => {
    await install("mirror", ["pre-cluster-create"]);
    const result = await doctor();
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.problems).toEqual([]);
    expect(result.stdout).toContain("ok       k3dx v");
    expect(result.stdout).toContain(`ok       real k3d v5.9.0: ${box.k3d} (from PATH)`);
    expect(result.stdout).toContain("ok       plugin mirror 1.0.0:");
    expect(result.stdout).toContain("ok       pre-cluster-create: mirror");
    // The sandbox runs dist/k3d by path; the k3d on PATH is the stand-in.
    expect(result.warnings).toEqual([expect.stringContaining(`'k3d' on PATH is real k3d (${box.k3d}), not k3dx`)]);
    expect(result.lines.at(-1)).toBe("0 problems, 1 warning");
  });

  test("the wrapper first on PATH as k3d is fine", async () => {
    const wrapperBin = join(box.root, "wrapper-bin");
    mkdirSync(wrapperBin);
    symlinkSync(join(import.meta.dir, "..", "..", "dist", "k3d"), join(wrapperBin, "k3d"));
    const result = await doctor({ env: { PATH: `${wrapperBin}:${box.env.PATH}` }, binary: join(wrapperBin, "k3d") });
    expect(result.stdout).toContain(`ok       'k3d' on PATH is this wrapper: ${join(wrapperBin, "k3d")}`);
    expect(result.stdout).toContain("ok       real k3d v5.9.0");
    expect(result.code).toBe(0);
  });

  test("a broken hook link is a warning, as the README says (skipped with a warning at every run)", async () => {
    const folder = join(box.k3dxHome, "hooks", "post-cluster-delete");
    mkdirSync(folder, { recursive: true });
    symlinkSync("../../plugins/local/gone/k3d-gone", join(folder, "gone"));
    const result = await doctor();
    expect(result.code).toBe(0);
    expect(result.warnings).toContainEqual(`warning  ${join(folder, "gone")} is a broken link (to ../../plugins/local/gone/k3d-gone), skipped at every run; remove it, or install its plugin again`);
    expect(result.lines.at(-1)).toBe("0 problems, 2 warnings");
  });

  test("a non-executable hook is a warning; a dot-file is switched off, an ok line", async () => {
    const folder = join(box.k3dxHome, "hooks", "pre-cluster-stop");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "forgot-chmod"), "#!/bin/sh\n");
    box.script(".disabled", "true", folder);
    const result = await doctor();
    expect(result.code).toBe(0);
    expect(result.problems).toEqual([]);
    expect(result.warnings).toContainEqual(`warning  ${join(folder, "forgot-chmod")} is not executable, so it never runs; chmod +x it, or remove it`);
    expect(result.lines).toContainEqual(`ok       ${join(folder, ".disabled")} is switched off: its name starts with '.'`);
  });

  test("a user's hook with a k3dx-hook: line: a mistake in it, or warn on a pre- event, is a warning", async () => {
    const folder = join(box.k3dxHome, "hooks", "pre-cluster-create");
    box.script("mine", "# k3dx-hook: timeout=soon onError=warn\nexit 0\n", folder);
    const result = await doctor();
    expect(result.code).toBe(0);
    expect(result.warnings).toContainEqual(`warning  ${join(folder, "mine")}: its k3dx-hook: line asks for onError: warn, which has no effect on pre-cluster-create; a failed pre-hook always stops the command`);
    expect(result.warnings).toContainEqual(`warning  hook ${join(folder, "mine")}: its k3dx-hook: line: timeout=soon must be a number of seconds more than 0; the default applies`);
  });

  test("hand-edited metadata that fails the schema is a problem naming the field", async () => {
    const dir = await install("tool");
    writeFileSync(join(dir, "plugin.yaml"), "name: tool\nhooks: [pre-cluster-creat]\n");
    const result = await doctor();
    expect(result.code).toBe(1);
    expect(result.problems).toEqual([`problem  ${join(dir, "plugin.yaml")}:2:9: hooks[0].event: "pre-cluster-creat" is not a lifecycle event (pre- or post- of cluster-create, -delete, -start, -stop, -restart; undo-cluster-create; cluster-gc)`]);
  });

  test("a broken receipt, a missing executable and an unregistered hook are problems", async () => {
    const dir = await install("tool", ["post-cluster-start"]);
    writeFileSync(join(dir, "receipt.yaml"), "source: x\n");
    rmSync(join(dir, "k3d-tool"));
    const result = await doctor();
    expect(result.code).toBe(1);
    expect(result.problems).toEqual([
      `problem  ${join(dir, "receipt.yaml")}: kind: is required`,
      expect.stringContaining(`plugin tool: no executable in ${dir}`),
    ]);
    // Its link now points at nothing: the hook folder reports it too, as the run does (a warning).
    expect(result.warnings).toContainEqual(expect.stringContaining("post-cluster-start/tool is a broken link"));
  });

  test("a hook link that was deleted is reported as not registered", async () => {
    await install("tool", ["post-cluster-start"]);
    rmSync(join(box.k3dxHome, "hooks", "post-cluster-start", "tool"));
    const result = await doctor();
    expect(result.problems).toEqual([expect.stringContaining("plugin tool: its post-cluster-start hook is not registered")]);
  });

  test("PATH plugins that never run are warnings", async () => {
    await install("mirror");
    box.script("k3d-mirror", "echo path");
    box.script("k3d-cluster", "echo never");
    const other = join(box.root, "other-bin");
    box.script("k3d-solo", "echo 1");
    box.script("k3d-solo", "echo 2", other);
    const result = await doctor({ env: { PATH: `${box.env.PATH}:${other}` } });
    expect(result.code).toBe(0);
    expect(result.warnings).toContainEqual(`warning  PATH plugin ${join(box.bin, "k3d-mirror")} never runs: installed plugin mirror answers 'k3d mirror'`);
    expect(result.warnings).toContainEqual(`warning  PATH plugin ${join(box.bin, "k3d-cluster")} never runs: 'cluster' is k3d's own command`);
    expect(result.warnings).toContainEqual(`warning  PATH plugin ${join(other, "k3d-solo")} never runs: ${join(box.bin, "k3d-solo")} comes first on PATH`);
    expect(result.stdout).toContain(`ok       PATH plugin solo: ${join(box.bin, "k3d-solo")}`);
  });

  test("a PATH plugin whose file name carries escape sequences is shown escaped", async () => {
    box.script("k3d-\x1b[31mred", "echo red");
    const result = await doctor();
    expect(result.stdout).not.toContain("\x1b");
    expect(result.stdout).toContain(`ok       PATH plugin \\x1b[31mred: ${join(box.bin, "k3d-\\x1b[31mred")}`);
  });

  test("no real k3d is a problem", async () => {
    const bare = createSandbox({ withK3d: false });
    try {
      const result = await runK3dx(bare, ["plugin", "doctor"]);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain("problem  real k3d not found");
    } finally {
      bare.cleanup();
    }
  });

  test("a folder left by an interrupted install is a warning", async () => {
    await install("tool");
    mkdirSync(join(box.k3dxHome, "plugins", "local", ".staging-abc123"));
    const result = await doctor();
    expect(result.warnings).toContainEqual(expect.stringContaining(".staging-abc123 is left over from an interrupted install"));
  });
});
