/**
 * Issue 4, the store side: what the `k3d plugin` management commands cost with a store
 * of 20 installed plugins (each with two hook links). `plugin list` reads the store
 * leniently with no valibot; `plugin install` of a small local folder pays for the
 * whole transaction (staging, strict metadata, lock, rename, hook links); `doctor`
 * reads every plugin strictly and asks real k3d (a stand-in here) for its version.
 * A compiled Bun hello-world and `plugin --version` (the plugin manager's runner, no
 * store read) are the floors. No targets: these are
 * interactive commands; the figures are here to catch a regression.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileEntry } from "./compile-entry.ts";
import { peakRssMB, round, runOnce, timeSideBySide, type BenchRow, type Contender } from "./measure.ts";

const PLUGINS = 20;

export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), "k3dx-bench-plugins-"));
  try {
    const wrapper = join(import.meta.dir, "..", "..", "dist", "k3d");
    const bin = join(dir, "bin");
    mkdirSync(bin);
    // `k3d version` as every k3d release prints it (doctor reads the text form).
    writeFileSync(join(bin, "k3d"), '#!/bin/sh\necho "k3d version v5.9.0"\necho "k3s version v1.31.5-k3s1 (default)"\n');
    chmodSync(join(bin, "k3d"), 0o755);
    const env = { HOME: dir, K3DX_HOME: join(dir, "k3dx"), PATH: `${bin}:/usr/bin:/bin`, NO_COLOR: "1" };
    for (let i = 0; i < PLUGINS; i++) {
      const installed = await runOnce({ name: "setup", cmd: [wrapper, "plugin", "install", pluginSource(dir, `p${i}`)], env });
      if (installed.code !== 0) throw new Error(`installing bench plugin p${i} failed`);
    }
    const fresh = pluginSource(dir, "fresh");
    const hello = await compileEntry(dir, "hello", 'console.log("hello");\n');
    const contenders: Contender[] = [
      { name: "bun hello-world", cmd: [hello], env },
      // The plugin manager's own floor: its runner and citty load, no store is read.
      { name: "plugin --version", cmd: [wrapper, "plugin", "--version"], env },
      { name: `plugin list (${PLUGINS} plugins)`, cmd: [wrapper, "plugin", "list"], env },
      { name: `plugin list -o json`, cmd: [wrapper, "plugin", "list", "-o", "json"], env },
      { name: "plugin install ./folder (+ remove)", cmd: ["sh", "-c", `"$0" plugin install "$1" && exec "$0" plugin remove fresh`, wrapper, fresh], env },
      { name: `plugin doctor (${PLUGINS} plugins)`, cmd: [wrapper, "plugin", "doctor"], env },
    ];
    const timings = await timeSideBySide(contenders, 15, 2);
    const group = "plugin manager";
    const rows: BenchRow[] = timings.map((timing) => ({ group, name: timing.name, value: round(timing.medianMs), unit: "ms" }));
    rows.push({ group, name: `peak RSS, plugin doctor (${PLUGINS} plugins)`, value: round(await peakRssMB(contenders.at(-1)!, 3), 1), unit: "MB" });
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A plugin folder as an author ships it: an executable and a plugin.yaml with two hooks. */
function pluginSource(dir: string, name: string): string {
  const folder = join(dir, "src", name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, `k3d-${name}`), "#!/bin/sh\necho hi\n");
  chmodSync(join(folder, `k3d-${name}`), 0o755);
  writeFileSync(join(folder, "plugin.yaml"), `name: ${name}\nversion: 1.0.0\nhooks: [pre-cluster-create, post-cluster-delete]\n`);
  return folder;
}
