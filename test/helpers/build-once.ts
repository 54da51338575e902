/**
 * Test preload: makes sure dist/k3d is the build of the current sources, so black-box
 * tests never run a stale binary. Rebuilds only when something under src/ is newer.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { compile } from "../../scripts/compile.ts";

const root = join(import.meta.dir, "..", "..");
const binary = join(root, "dist", "k3d");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const built = statSync(binary, { throwIfNoEntry: false })?.mtimeMs ?? 0;
const sources = Math.max(newestMtime(join(root, "src")), statSync(join(root, "package.json")).mtimeMs);
if (built < sources) {
  const cwd = process.cwd();
  process.chdir(root);
  try {
    await compile("dist/k3d");
  } finally {
    process.chdir(cwd);
  }
}
