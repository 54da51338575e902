/** Compiles a one-file program the way k3dx itself is compiled, for a fair comparison. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { compile } from "../compile.ts";

export async function compileEntry(dir: string, name: string, source: string): Promise<string> {
  const entry = join(dir, `${name}.ts`);
  writeFileSync(entry, source);
  const outfile = join(dir, name);
  await compile(outfile, undefined, entry);
  return outfile;
}
