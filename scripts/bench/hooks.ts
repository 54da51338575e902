/**
 * Issue 3: what lifecycle hooks cost. With a tiny stand-in k3d (a shell script, so k3d's
 * own time is next to nothing):
 *
 *   - 20 pre-create hooks that each sleep 1 s: the whole `k3d cluster create` must take at
 *     most 1.15 s of wall time (1.0 s is the floor: they run in parallel);
 *   - the per-hook cost of k3dx: (wall with 50 instant hooks − wall with none) ÷ 50;
 *   - what the first hook of a command costs (wall with 1 instant hook − wall with none):
 *     the hook itself, and the watcher that ends hooks' groups if k3dx is killed (one
 *     /bin/sh per command that runs hooks; process/supervisor.ts);
 *   - a lifecycle command with no hook installed against a plain delegated command: what
 *     looking for hooks costs every `k3d cluster create` and `delete` (three folder
 *     listings: pre-, post- and the cleanup event, undo-cluster-create or cluster-gc);
 *   - create and delete with only pre-/post- hooks (one each): what the cleanup events
 *     cost a command that registers none of them (their folders are listed, nothing more);
 *   - a create that succeeds with an undo hook registered (the undo never runs), and a
 *     delete followed by one cluster-gc hook (one more `cluster list`, and the hook).
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { differenceNoise, round, timeSideBySide, type BenchRow, type Contender } from "./measure.ts";

const STAND_IN = `#!/bin/sh
case "$1 $2" in
  "version -o") echo '{"k3d":"v5.9.0","k3s":"v1.31.5-k3s1"}' ;;
  "cluster list") echo '[]' ;;
esac
exit 0
`;

export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), "k3dx-bench-hooks-"));
  try {
    const k3d = script(join(dir, "k3d"), STAND_IN);
    const wrapper = join(import.meta.dir, "..", "..", "dist", "k3d");
    const contender = (name: string, home: string, args = ["cluster", "create", "bench"]): Contender => ({
      name,
      cmd: [wrapper, ...args],
      env: { HOME: dir, PATH: "/usr/bin:/bin", K3DX_K3D: k3d, K3DX_HOME: join(dir, home) },
    });
    hooks(join(dir, "sleepy"), 20, "sleep 1");
    hooks(join(dir, "instant"), 50, "exit 0");
    hooks(join(dir, "one"), 1, "exit 0");
    for (const event of ["pre-cluster-create", "post-cluster-create", "pre-cluster-delete", "post-cluster-delete"]) hooks(join(dir, "pre-post"), 1, "exit 0", event);
    for (const event of ["pre-cluster-create", "undo-cluster-create"]) hooks(join(dir, "with-undo"), 1, "exit 0", event);
    hooks(join(dir, "with-gc"), 1, "exit 0", "cluster-gc");
    const del = ["cluster", "delete", "bench"];

    const [sleepy] = await timeSideBySide([contender("20 hooks × sleep 1 s", "sleepy")], 5, 1);
    const [none, one, instant, plain] = await timeSideBySide(
      [
        contender("no hooks", "none"),
        contender("1 instant hook", "one"),
        contender("50 instant hooks", "instant"),
        contender("cluster list (no lifecycle)", "none", ["cluster", "list"]),
      ],
      20,
    );
    const [deleteNone, createPrePost, deletePrePost, createUndo, deleteGc] = await timeSideBySide(
      [
        contender("delete, no hooks", "none", del),
        contender("create, pre/post hooks", "pre-post"),
        contender("delete, pre/post hooks", "pre-post", del),
        contender("create, pre + undo hook", "with-undo"),
        contender("delete, a cluster-gc hook", "with-gc", del),
      ],
      20,
    );
    const perHook = (instant!.medianMs - none!.medianMs) / 50;
    const wallSeconds = sleepy!.medianMs / 1000;
    const group = "hooks";
    return [
      { group, name: "20 parallel hooks of 1 s: wall", value: round(wallSeconds, 3), unit: "s", target: "≤ 1.15 s", ok: wallSeconds <= 1.15 },
      { group, name: "cluster create, no hooks", value: round(none!.medianMs), unit: "ms" },
      { group, name: "cluster create, 1 instant hook", value: round(one!.medianMs), unit: "ms" },
      { group, name: "cluster create, 50 instant hooks", value: round(instant!.medianMs), unit: "ms" },
      { group, name: "the first hook of a command, watcher included (1 hook − none)", value: round(one!.medianMs - none!.medianMs), unit: "ms", noise: differenceNoise(one!, none!) },
      { group, name: "k3dx cost per hook (50 instant hooks)", value: round(perHook), unit: "ms", noise: differenceNoise(instant!, none!) / 50 },
      {
        group,
        name: "cost of looking for hooks (cluster create with none installed, over cluster list)",
        value: round(none!.medianMs - plain!.medianMs),
        unit: "ms",
        noise: differenceNoise(none!, plain!),
      },
      { group, name: "cluster delete, no hooks", value: round(deleteNone!.medianMs), unit: "ms" },
      { group, name: "looking for hooks (delete, none installed − cluster list)", value: round(deleteNone!.medianMs - plain!.medianMs), unit: "ms" },
      { group, name: "cluster create, 1 pre- + 1 post- hook (no cleanup hooks)", value: round(createPrePost!.medianMs), unit: "ms" },
      { group, name: "cluster delete, 1 pre- + 1 post- hook (no cleanup hooks)", value: round(deletePrePost!.medianMs), unit: "ms" },
      { group, name: "cluster create, 1 pre- + 1 undo hook (create succeeds: no undo)", value: round(createUndo!.medianMs), unit: "ms" },
      { group, name: "cluster delete, 1 cluster-gc hook", value: round(deleteGc!.medianMs), unit: "ms" },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `count` hooks for `event` (pre-create unless named) running `body`, in `home`'s hook folder. */
function hooks(home: string, count: number, body: string, event = "pre-cluster-create"): void {
  const folder = join(home, "hooks", event);
  mkdirSync(folder, { recursive: true });
  for (let i = 0; i < count; i++) script(join(folder, `hook-${String(i).padStart(2, "0")}`), `#!/bin/sh\n${body}\n`);
}

function script(path: string, text: string): string {
  writeFileSync(path, text);
  chmodSync(path, 0o755);
  return path;
}
