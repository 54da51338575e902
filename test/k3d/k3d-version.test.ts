import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { k3dVersionCacheFile, readK3dVersion, versionFromText } from "../../src/k3d/k3d-version.ts";
import { createSandbox, type Sandbox } from "../helpers/sandbox.ts";

let box: Sandbox;
beforeEach(() => (box = createSandbox({ withK3d: false })));
afterEach(() => box.cleanup());

/** A k3d that answers `version` as every k3d does, and counts how often it was asked. */
function countingK3d(version: string): string {
  return box.script("k3d", `echo x >> "${box.root}/asked"\nprintf 'k3d version ${version}\\nk3s version v1.31.5-k3s1 (default)\\n'\n`);
}
const timesAsked = () => (existsSync(join(box.root, "asked")) ? readFileSync(join(box.root, "asked"), "utf8").split("\n").length - 1 : 0);

describe("readK3dVersion", () => {
  test("asks k3d once, then answers from the cache", async () => {
    const k3d = countingK3d("v5.9.0");
    expect(await readK3dVersion(k3d, box.k3dxHome, box.env)).toBe("v5.9.0");
    expect(await readK3dVersion(k3d, box.k3dxHome, box.env)).toBe("v5.9.0");
    expect(timesAsked()).toBe(1);
    expect(JSON.parse(readFileSync(k3dVersionCacheFile(box.k3dxHome), "utf8"))[k3d].version).toBe("v5.9.0");
  });

  test("a k3d binary that changed (size or mtime) is asked again", async () => {
    const k3d = countingK3d("v5.9.0");
    await readK3dVersion(k3d, box.k3dxHome, box.env);
    countingK3d("v5.10.0"); // a new file, one byte longer
    expect(await readK3dVersion(k3d, box.k3dxHome, box.env)).toBe("v5.10.0");
    utimesSync(k3d, new Date(2020, 1, 1), new Date(2020, 1, 1));
    expect(await readK3dVersion(k3d, box.k3dxHome, box.env)).toBe("v5.10.0");
    expect(timesAsked()).toBe(3);
  });

  test("each k3d binary has its own entry", async () => {
    const one = countingK3d("v5.9.0");
    const other = box.script("k3d", `echo 'k3d version v5.8.3'\n`, join(box.root, "other"));
    expect(await readK3dVersion(one, box.k3dxHome, box.env)).toBe("v5.9.0");
    expect(await readK3dVersion(other, box.k3dxHome, box.env)).toBe("v5.8.3");
    expect(await readK3dVersion(one, box.k3dxHome, box.env)).toBe("v5.9.0");
    expect(timesAsked()).toBe(1);
  });

  test("a k3d that cannot tell gives '' and is not cached; a broken cache file is ignored", async () => {
    const k3d = box.script("k3d", "exit 1\n");
    expect(await readK3dVersion(k3d, box.k3dxHome, box.env)).toBe("");
    expect(existsSync(k3dVersionCacheFile(box.k3dxHome))).toBe(false);
    const good = countingK3d("v5.9.0");
    mkdirSync(dirname(k3dVersionCacheFile(box.k3dxHome)), { recursive: true });
    writeFileSync(k3dVersionCacheFile(box.k3dxHome), "{half a fi");
    expect(await readK3dVersion(good, box.k3dxHome, box.env)).toBe("v5.9.0");
    expect(await readK3dVersion(good, box.k3dxHome, box.env)).toBe("v5.9.0");
    expect(timesAsked()).toBe(1);
  });

  test("asks the text form, which every k3d release answers (v5.0–v5.4 have no `version -o json`)", async () => {
    const k3d = box.script("k3d", `[ "$*" = version ] || { echo "Error: unknown shorthand flag: 'o' in -o" >&2; exit 1; }\necho 'k3d version v5.4.9'\n`);
    expect(await readK3dVersion(k3d, box.k3dxHome, box.env)).toBe("v5.4.9");
  });

  test("versionFromText: the first line as k3d prints it, nothing else", () => {
    expect(versionFromText("k3d version v5.9.0\nk3s version v1.31.5-k3s1 (default)\n")).toBe("v5.9.0");
    expect(versionFromText("k3d version v4.4.8\r\nk3s version v1.21.7-k3s1 (default)\r\n")).toBe("v4.4.8");
    expect(versionFromText("k3d version v5.6.0-dirty\n")).toBe("v5.6.0-dirty");
    expect(versionFromText('{"k3d":"v5.9.0","k3s":"v1.31.5-k3s1"}\n')).toBe("");
    expect(versionFromText("k3s version v1.31.5-k3s1 (default)\nk3d version v5.9.0\n")).toBe("");
    expect(versionFromText("")).toBe("");
  });
});
