/**
 * Black-box: entries that cannot even be looked at (issue 9, point 13). A `k3d-*` symlink
 * loop on PATH, or in a hook folder, made `statSync` throw ELOOP — and with it `k3d
 * --help`, Tab and `plugin doctor`. Such an entry is no plugin and no hook; the command
 * goes on, and doctor names it.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { createSandbox, runK3dx, type Sandbox } from "../helpers/sandbox.ts";

let box: Sandbox;
beforeEach(() => {
  box = createSandbox();
  box.script("k3d-hello", "echo hello\n");
  symlinkSync("k3d-loop", join(box.bin, "k3d-loop"));
});
afterEach(() => box.cleanup());

describe("a k3d-* symlink loop on PATH", () => {
  test("k3d --help still lists the other plugins", async () => {
    const result = await runK3dx(box, ["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ {2}hello\s/m);
    expect(result.stderr).not.toContain("k3dx:");
  });

  test("Tab on the first word still offers the other plugins", async () => {
    const result = await runK3dx(box, ["__complete", ""]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^hello$/m);
    expect(result.stdout).not.toContain("loop");
  });

  test("its noun is no plugin: real k3d answers", async () => {
    const result = await runK3dx(box, ["loop", "x"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toStartWith('Error: unknown command "loop" for "k3d"');
  });

  test("plugin doctor reports it, and the rest of its checks", async () => {
    const result = await runK3dx(box, ["plugin", "doctor"]);
    expect(result.stdout).toContain(`warning  PATH entry ${join(box.bin, "k3d-loop")} is passed over: it is a loop of symbolic links (ELOOP); remove it, or fix what it points to\n`);
    expect(result.stdout).toContain(`ok       PATH plugin hello: ${join(box.bin, "k3d-hello")}\n`);
    expect(result.stderr).not.toContain("unexpected error");
  });

  test("a k3d loop earlier on PATH than real k3d is passed over too", async () => {
    const early = join(box.root, "early");
    mkdirSync(early);
    symlinkSync("k3d", join(early, "k3d"));
    const result = await runK3dx(box, ["cluster", "list"], { env: { PATH: `${early}:${box.env.PATH}` } });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
  });
});

describe("a loop in a hook folder", () => {
  test("the command warns once and runs the other hooks; doctor names the loop", async () => {
    const folder = join(box.k3dxHome, "hooks", "pre-cluster-create");
    box.script("fine", "echo fine ran\n", folder);
    symlinkSync("looped", join(folder, "looped"));
    const result = await runK3dx(box, ["cluster", "create", "dev"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`k3dx: skipping hook ${join(folder, "looped")}: it is a loop of symbolic links (ELOOP)\n`);
    expect(result.stderr).toContain("[fine] fine ran\n");
    const doctor = await runK3dx(box, ["plugin", "doctor"]);
    expect(doctor.stdout).toContain(`warning  ${join(folder, "looped")} cannot be looked at (it is a loop of symbolic links (ELOOP)), skipped at every run; remove it, or fix what it points to\n`);
  });
});

describe("an entry behind a folder that cannot be searched", () => {
  // Root reads every folder: only another user can be refused.
  test.skipIf(process.getuid?.() === 0)("is no plugin, and doctor says permission was denied", async () => {
    const locked = join(box.root, "locked");
    mkdirSync(locked);
    box.script("k3d-secret", "echo secret\n", locked);
    chmodSync(locked, 0o444);
    try {
      const env = { PATH: `${locked}:${box.env.PATH}` };
      expect((await runK3dx(box, ["--help"], { env })).code).toBe(0);
      const doctor = await runK3dx(box, ["plugin", "doctor"], { env });
      expect(doctor.stdout).toContain(`PATH entry ${join(locked, "k3d-secret")} is passed over: permission denied on the way to it (EACCES)`);
    } finally {
      chmodSync(locked, 0o755);
    }
  });
});
