/**
 * The $K3D_RESULT folder when TMPDIR is gone (issue 9, point 14). k3d alone never needs
 * TMPDIR, so neither may a plugin or a hook: k3dx falls back to /tmp, then to
 * $K3DX_HOME/tmp, and says one line only when nothing is writable. Private as ever:
 * the folder 0700, each file 0600.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { statSync } from "node:fs";
import { dirname, join } from "node:path";
import { createResultFolder } from "../../src/callable/result-folder.ts";
import { K3dxError } from "../../src/errors.ts";
import { readCalls } from "../helpers/fake-k3d.ts";
import { createSandbox, runK3dx, type Sandbox } from "../helpers/sandbox.ts";

let box: Sandbox;
beforeEach(() => {
  box = createSandbox();
});
afterEach(() => box.cleanup());

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe("TMPDIR that does not exist (black-box)", () => {
  test("a plugin still runs, and may still hand back", async () => {
    box.script("k3d-hello", `echo "hello from $(dirname "$K3D_RESULT")"; printf 'cluster\\nlist\\n' > "$K3D_RESULT"\n`);
    const result = await runK3dx(box, ["hello"], { env: { TMPDIR: "/nonexistent" } });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toStartWith("hello from /tmp/k3dx-");
    expect(readCalls(box.state).at(-1)!.argv).toEqual(["cluster", "list"]);
  });

  test("hooks still fire around a lifecycle command", async () => {
    box.script("mark", `printf -- '--agents\\n1\\n' > "$K3D_RESULT"\n`, join(box.k3dxHome, "hooks", "pre-cluster-create"));
    const result = await runK3dx(box, ["cluster", "create", "dev"], { env: { TMPDIR: "/nonexistent/deeper" } });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^k3dx: pre-cluster-create mark ok in /m);
    expect(readCalls(box.state).find((call) => call.argv[1] === "create")!.argv).toEqual(["cluster", "create", "dev", "--agents", "1"]);
  });
});

describe("createResultFolder", () => {
  test("passes over roots it cannot write to; $K3DX_HOME/tmp is made private when it is the one", () => {
    const homeTmp = join(box.k3dxHome, "tmp");
    const folder = createResultFolder(["/nonexistent", join(box.root, "a-file-not-a-folder"), homeTmp]);
    try {
      const file = folder.createFile(0);
      expect(dirname(dirname(file))).toBe(homeTmp);
      expect(mode(homeTmp)).toBe("700");
      expect(mode(dirname(file))).toBe("700");
      expect(mode(file)).toBe("600");
    } finally {
      folder.remove();
    }
  });

  test("nowhere writable: one line naming every place tried, and what to do", () => {
    let error: unknown;
    try {
      createResultFolder(["/nonexistent", "/proc/k3dx-cannot-be-here"]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(K3dxError);
    expect((error as Error).message).toMatch(
      /^cannot make a private folder for \$K3D_RESULT files in \/nonexistent \(ENOENT\), \/proc\/k3dx-cannot-be-here \([A-Z]+\); set TMPDIR to a folder you can write to$/,
    );
  });

  test("reads at most the cap and one byte more, however large the file", async () => {
    const folder = createResultFolder([box.env.TMPDIR!]);
    try {
      const file = folder.createFile(1);
      await Bun.write(file, new Uint8Array(3 * 1024 * 1024));
      expect(folder.read(file).length).toBe(1024 * 1024 + 1);
      expect(folder.read(join(box.root, "gone")).length).toBe(0);
    } finally {
      folder.remove();
    }
  });
});
