/**
 * `npm run bench`: every performance figure of k3dx in one table, measured in one run
 * on this machine. Each scripts/bench/<area>.ts exports `run(): Promise<BenchRow[]>`.
 * Targets are reported, never asserted in tests: shared machines are too noisy.
 *
 *   npm run bench               all areas
 *   npm run bench -- startup    only the areas named
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { formatValue, type BenchRow } from "./bench/measure.ts";

const benchDir = join(import.meta.dir, "bench");
/** Shared code in scripts/bench/, not areas of their own (nor is any `_file.ts`). */
const HELPERS = new Set(["measure.ts", "compile-entry.ts"]);
const wanted = process.argv.slice(2);
const areas = readdirSync(benchDir)
  .filter((file) => file.endsWith(".ts") && !HELPERS.has(file) && !file.startsWith("_"))
  .map((file) => file.slice(0, -3))
  .filter((area) => wanted.length === 0 || wanted.includes(area))
  .sort();

const rows: BenchRow[] = [];
let failed = false;
for (const area of areas) {
  process.stderr.write(`bench: ${area}…\n`);
  try {
    const module = (await import(join(benchDir, `${area}.ts`))) as { run: () => Promise<BenchRow[]> };
    rows.push(...(await module.run()));
  } catch (error) {
    failed = true;
    process.stderr.write(`bench: ${area} failed: ${(error as Error).stack ?? error}\n`);
  }
}

const table = [["area", "measure", "value", "target", "met"]].concat(
  rows.map((row) => [
    row.group,
    row.name,
    formatValue(row),
    row.target ?? "",
    row.ok === undefined ? "" : row.ok ? "yes" : "NO",
  ]),
);
const widths = table[0]!.map((_, col) => Math.max(...table.map((line) => line[col]!.length)));
for (const line of table) process.stdout.write(line.map((cell, col) => cell.padEnd(widths[col]!)).join("  ").trimEnd() + "\n");
if (failed) process.exit(1);
