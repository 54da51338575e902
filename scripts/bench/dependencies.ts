/**
 * What each runtime dependency costs where it is used (the figures README's "Developing
 * k3dx" quotes): a compiled program that loads it on demand, as k3dx does, against one
 * that does not — start-up time and bytes in the binary (consola with the chunk its
 * prompt loads, as the consent question does). The yaml package is also set
 * against Bun's built-in parser on a real plugin.yaml, since that is the choice made for it.
 * k3dx's own hot path loads none of them (see the start-up area).
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileEntry } from "./compile-entry.ts";
import { differenceNoise, round, timeSideBySide, type BenchRow, type Timing } from "./measure.ts";

const ROOT = join(import.meta.dir, "..", "..");
const PLUGIN_YAML = readFileSync(join(ROOT, "examples", "mirror", "plugin.yaml"), "utf8");

/** A package's entry, by absolute path: the entries are compiled outside the repository. */
const entryOf = (name: string) => JSON.stringify(Bun.resolveSync(name, ROOT));

const PROGRAMS: Record<string, string> = {
  hello: 'console.log("hello");\n',
  citty: `const { defineCommand } = await import(${entryOf("citty")});\nconsole.log(typeof defineCommand({ meta: { name: "x" } }));\n`,
  valibot: `const v = await import(${entryOf("valibot")});\nconsole.log(v.safeParse(v.object({ name: v.string() }), { name: "x" }).success);\n`,
  "Bun.YAML, plugin.yaml": `console.log(Object.keys(Bun.YAML.parse(${JSON.stringify(PLUGIN_YAML)}) as object).length);\n`,
  // What the consent question loads: consola, and the chunk its prompt imports on first use.
  consola: `const { consola } = await import(${entryOf("consola")});\nawait import(${JSON.stringify(join(ROOT, "node_modules", "consola", "dist", "chunks", "prompt.mjs"))});\nconsole.log(typeof consola.prompt);\n`,
  "yaml, plugin.yaml": `const { parseDocument } = await import(${entryOf("yaml")});\nconsole.log(Object.keys(parseDocument(${JSON.stringify(PLUGIN_YAML)}, { uniqueKeys: true }).toJS()).length);\n`,
};

export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), "k3dx-bench-dependencies-"));
  try {
    const names = Object.keys(PROGRAMS);
    const binaries = await Promise.all(names.map((name, i) => compileEntry(dir, `program-${i}`, PROGRAMS[name]!)));
    const env = { HOME: dir, PATH: "/usr/bin:/bin" };
    const timings = await timeSideBySide(binaries.map((binary, i) => ({ name: names[i]!, cmd: [binary], env })), 30);
    const byName = new Map(timings.map((timing, i) => [names[i]!, { timing, bytes: statSync(binaries[i]!).size }]));
    const group = "dependencies";
    const rows: BenchRow[] = [];
    const cost = (what: string, with_: string, without: string) => {
      const a = byName.get(with_)!;
      const b = byName.get(without)!;
      rows.push(costRow(group, `${what}: start-up, loaded on demand`, a.timing, b.timing));
      rows.push({ group, name: `${what}: size in the binary`, value: round((a.bytes - b.bytes) / 1024, 0), unit: "KiB" });
    };
    cost("citty", "citty", "hello");
    cost("valibot", "valibot", "hello");
    cost("consola (with its prompt)", "consola", "hello");
    cost("yaml (read plugin.yaml, over Bun.YAML)", "yaml, plugin.yaml", "Bun.YAML, plugin.yaml");
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function costRow(group: string, name: string, a: Timing, b: Timing): BenchRow {
  return { group, name, value: round(a.medianMs - b.medianMs), unit: "ms", noise: differenceNoise(a, b) };
}
