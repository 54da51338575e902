/**
 * Issue 5: what k3dx weighs. The compiled binary is mostly Bun's runtime, so its size is
 * shown beside a bare Bun hello-world compiled with the same flags (compile-entry.ts);
 * the difference is k3dx's own code and dependencies, bundled and bytecode-compiled.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileEntry } from "./compile-entry.ts";
import { round, type BenchRow } from "./measure.ts";

const MB = 1024 * 1024;

export async function run(): Promise<BenchRow[]> {
  const wrapper = join(import.meta.dir, "..", "..", "dist", "k3d");
  const wrapperBytes = statSync(wrapper, { throwIfNoEntry: false })?.size;
  if (wrapperBytes === undefined) throw new Error(`${wrapper} is missing; run 'npm run build' first`);
  const dir = mkdtempSync(join(tmpdir(), "k3dx-bench-size-"));
  try {
    const hello = await compileEntry(dir, "hello", 'console.log("hello");\n');
    const helloBytes = statSync(hello).size;
    const group = "size";
    return [
      { group, name: "dist/k3d", value: round(wrapperBytes / MB, 1), unit: "MB" },
      { group, name: "bun hello-world, same flags", value: round(helloBytes / MB, 1), unit: "MB" },
      { group, name: "k3dx's code and dependencies", value: round((wrapperBytes - helloBytes) / MB, 2), unit: "MB" },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
