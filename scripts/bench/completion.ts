/**
 * Issue 6: what Tab costs. `dist/k3d __complete ""` (the first word: real k3d's nouns
 * plus `plugin` and every plugin noun) with ten installed plugins, next to the tiny
 * stand-in k3d answering alone; also `plugin info <Tab>`, a plugin noun (the plugin is
 * asked) and root help. Target: the first-word call under 50 ms.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { round, timeSideBySide, type BenchRow } from "./measure.ts";

const PLUGIN_COUNT = 10;
const TARGET_MS = 50;

/** A k3d that answers `__complete` and `--help` instantly, so the figures are k3dx's own. */
const STAND_IN_K3D = `#!/bin/sh
case "$1" in
  __complete*) printf 'cluster\\tManage cluster(s)\\nnode\\tManage node(s)\\nversion\\tShow k3d and default k3s version\\n:4\\n' ;;
  *) printf 'Usage:\\n  k3d [command]\\n\\nAvailable Commands:\\n  cluster      Manage cluster(s)\\n' ;;
esac
`;

/** A plugin that answers `__complete` the cobra way. */
const PLUGIN = `#!/bin/sh
[ "$1" = __complete ] && printf 'status\\tShow status\\nstart\\n:4\\n'
exit 0
`;

function writeStore(home: string): void {
  for (let i = 1; i <= PLUGIN_COUNT; i++) {
    const name = `plugin-${String(i).padStart(2, "0")}`;
    const dir = join(home, "plugins", "bench", name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "plugin.yaml"), `name: ${name}\nversion: 1.0.${i}\ndescription: Benchmark plugin number ${i}\nhooks: [post-cluster-create]\n`);
    writeFileSync(
      join(dir, "receipt.yaml"),
      `source: bench/${name}\nkind: github\ntag: v1.0.${i}\npinned: false\nsha256: ${"0".repeat(64)}\ninstalledAt: 2025-01-01T00:00:00Z\nexecutable: k3d-${name}\n`,
    );
    writeFileSync(join(dir, `k3d-${name}`), PLUGIN);
    chmodSync(join(dir, `k3d-${name}`), 0o755);
  }
}

export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), "k3dx-bench-completion-"));
  try {
    const bin = join(dir, "bin");
    mkdirSync(bin);
    const standIn = join(bin, "k3d");
    writeFileSync(standIn, STAND_IN_K3D);
    chmodSync(standIn, 0o755);
    const home = join(dir, "k3dx");
    writeStore(home);
    const env = { HOME: dir, K3DX_HOME: home, PATH: `${bin}:/usr/bin:/bin` };
    const wrapper = join(import.meta.dir, "..", "..", "dist", "k3d");

    const [alone, firstWord, managerNames, pluginNoun, help] = await timeSideBySide(
      [
        { name: "stand-in k3d alone: __complete \"\"", cmd: [standIn, "__complete", ""], env },
        { name: `dist/k3d __complete "" (${PLUGIN_COUNT} plugins)`, cmd: [wrapper, "__complete", ""], env },
        { name: `dist/k3d __complete plugin info ""`, cmd: [wrapper, "__complete", "plugin", "info", ""], env },
        { name: `dist/k3d __complete plugin-01 "" (asks the plugin)`, cmd: [wrapper, "__complete", "plugin-01", ""], env },
        { name: `dist/k3d --help (${PLUGIN_COUNT} plugins)`, cmd: [wrapper, "--help"], env },
      ],
      30,
    );
    const group = "completion";
    return [
      { group, name: alone!.name, value: round(alone!.medianMs), unit: "ms" },
      { group, name: firstWord!.name, value: round(firstWord!.medianMs), unit: "ms", target: `< ${TARGET_MS} ms`, ok: firstWord!.medianMs < TARGET_MS },
      { group, name: managerNames!.name, value: round(managerNames!.medianMs), unit: "ms" },
      { group, name: pluginNoun!.name, value: round(pluginNoun!.medianMs), unit: "ms" },
      { group, name: help!.name, value: round(help!.medianMs), unit: "ms" },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
