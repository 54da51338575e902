/** libc additions for clean shutdown: the atomic exchange a replace uses, and the subreaper. */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Errno, linuxLibc } from "../../src/process/libc.ts";
import { childrenOfThisProcess } from "../../src/process/adopted-orphans.ts";

let root: string;
beforeEach(() => (root = mkdtempSync(join(tmpdir(), "k3dx-exchange-"))));
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe.if(process.platform === "linux")("exchangePaths (renameat2 RENAME_EXCHANGE)", () => {
  const libc = linuxLibc()!;

  test("swaps two folders in one step", () => {
    for (const name of ["old", "new"]) {
      mkdirSync(join(root, name));
      writeFileSync(join(root, name, "version"), name);
    }
    expect(libc.exchangePaths(join(root, "new"), join(root, "old"))).toBe(0);
    expect(readFileSync(join(root, "old", "version"), "utf8")).toBe("new");
    expect(readFileSync(join(root, "new", "version"), "utf8")).toBe("old");
  });

  test("both must exist: otherwise nothing moves, and the errno says why", () => {
    mkdirSync(join(root, "only"));
    expect(libc.exchangePaths(join(root, "only"), join(root, "missing"))).toBe(Errno.ENOENT);
  });
});

describe.if(process.platform === "linux")("childrenOfThisProcess", () => {
  test("lists a child this process started", async () => {
    const child = Bun.spawn({ cmd: ["sleep", "5"] });
    try {
      expect(childrenOfThisProcess()).toContain(child.pid);
    } finally {
      child.kill("SIGKILL");
      await child.exited;
    }
  });
});
