/**
 * The start-up path of a delegated command (`k3d version`) loads no library: citty,
 * valibot, yaml and consola sit in chunks that only `await import()` reaches (the build
 * uses --splitting). Built here without --compile and without minifying, so each
 * library's code is marked by its path, and the chunks that main.js loads statically —
 * what runs before any dynamic import — are read for those marks.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/sandbox.ts";

const out = mkdtempSync(join(tmpdir(), "k3dx-chunks-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const LIBRARIES = ["consola", "citty", "valibot", "yaml"];

/** Every file main.js loads by static `import … from` / `import "…"`, main.js included. */
function staticallyLoaded(entry: string): string[] {
  const seen = new Set<string>([entry]);
  const queue = [entry];
  while (queue.length > 0) {
    const text = readFileSync(join(out, queue.shift()!), "utf8");
    for (const match of text.matchAll(/\bfrom\s*"\.\/([^"]+)"|\bimport\s*"\.\/([^"]+)"/g)) {
      const file = match[1] ?? match[2]!;
      if (!seen.has(file)) {
        seen.add(file);
        queue.push(file);
      }
    }
  }
  return [...seen];
}

describe("the start-up path", () => {
  test("loads none of citty, valibot, yaml, consola: they are in the build, behind import()", async () => {
    const build = await Bun.build({ entrypoints: [join(REPO_ROOT, "src", "main.ts")], splitting: true, outdir: out, target: "bun", format: "esm" });
    expect(build.success).toBe(true);
    const all = build.outputs.map((output) => readFileSync(output.path, "utf8")).join("\n");
    const loaded = staticallyLoaded("main.js").map((file) => readFileSync(join(out, file), "utf8")).join("\n");
    for (const library of LIBRARIES) {
      expect(all, `${library} is not in the build at all`).toContain(`node_modules/${library}/`);
      expect(loaded.includes(`node_modules/${library}/`), `${library} is loaded at start-up`).toBe(false);
    }
  });
});
