/**
 * Black-box: plugin lookup with many words after the noun (issue 9, point 4). `k3d hello`
 * followed by image names is an ordinary command line; lookup must not build a file name
 * no file system takes (ENAMETOOLONG), nor every prefix of every word (gigabytes), and
 * any path it cannot look at is simply no plugin.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readCalls } from "../helpers/fake-k3d.ts";
import { createSandbox, runK3dx, type Sandbox } from "../helpers/sandbox.ts";

let box: Sandbox;
beforeEach(() => {
  box = createSandbox();
});
afterEach(() => box.cleanup());

/** Prints how many arguments it got, and the first and last. */
const COUNT_ARGS = `eval "last=\\\${$#}"; echo "$# args: $1 … $last"\n`;
const images = (count: number) => Array.from({ length: count }, (_, i) => `image${String(i + 1).padStart(3, "0")}`);

function installIntoStore(name: string, body: string): void {
  const dir = join(box.k3dxHome, "plugins", "local", name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "plugin.yaml"), `name: ${name}\ndescription: test plugin\n`);
  box.script(`k3d-${name}`, body, dir);
}

describe("many words after a plugin noun", () => {
  test("a PATH plugin gets 30 words (their names joined pass 255 bytes)", async () => {
    box.script("k3d-hello", COUNT_ARGS);
    const result = await runK3dx(box, ["hello", ...images(30)]);
    expect(result).toEqual({ code: 0, stdout: "30 args: image001 … image030\n", stderr: "" });
  });

  test("an installed plugin gets 2 000 words", async () => {
    installIntoStore("hello", COUNT_ARGS);
    const result = await runK3dx(box, ["hello", ...images(2000)]);
    expect(result).toEqual({ code: 0, stdout: "2000 args: image001 … image2000\n", stderr: "" });
  });

  test("an unknown noun with 30 words goes to real k3d, which says it does not know it", async () => {
    const result = await runK3dx(box, ["nosuch", ...images(30)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toStartWith('Error: unknown command "nosuch" for "k3d"');
    expect(result.stderr).not.toContain("k3dx:");
    expect(readCalls(box.state).at(-1)!.argv).toEqual(["nosuch", ...images(30)]);
  });

  test("a word longer than any file name is no part of a name, and no error", async () => {
    box.script("k3d-hello", COUNT_ARGS);
    const long = "x".repeat(300);
    const result = await runK3dx(box, ["hello", long, "tail"]);
    expect(result).toEqual({ code: 0, stdout: `2 args: ${long} … tail\n`, stderr: "" });
  });
});

describe("the longest plugin name: 247 bytes", () => {
  // k3d-<247 bytes> is a 251-byte file name (on Windows 255 with .exe).
  const words = ["a".repeat(100), "b".repeat(100)];
  const at = (size: number) => [...words, "c".repeat(size - 202)];

  test("a name of 247 bytes is found", async () => {
    box.script(`k3d-${at(247).join("-")}`, "echo found\n");
    expect((await runK3dx(box, at(247))).stdout).toBe("found\n");
  });

  test("a name of 248 bytes is never looked for: real k3d gets the command line", async () => {
    box.script(`k3d-${at(248).join("-")}`, "echo found\n");
    const result = await runK3dx(box, at(248));
    expect(result.stdout).toBe("");
    expect(result.stderr).toStartWith(`Error: unknown command "${"a".repeat(100)}" for "k3d"`);
  });
});

describe("completion after many words", () => {
  test("50 000 words after a plugin noun: the plugin is asked, and nothing breaks", async () => {
    box.script("k3d-hello", `[ "$1" = __complete ] && { shift; echo "got $#"; echo :4; }\n`);
    const result = await runK3dx(box, ["__complete", "hello", ...images(50_000).map((word) => word.slice(0, 8)), ""]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("got 50001\n:4\n");
  });

  test("30 words, then the next word of a longer plugin name is still offered where one fits", async () => {
    box.script("k3d-hello-image001-more", "exit 0\n");
    const offered = await runK3dx(box, ["__complete", "hello", "image001", ""]);
    expect(offered.stdout).toBe("more\n:4\n");
    const past = await runK3dx(box, ["__complete", "hello", ...images(30), ""]);
    expect(past.code).toBe(0);
    expect(past.stderr).not.toContain("k3dx:");
  });
});
