/**
 * Issue 9: bounded work. Plugin lookup must cost time in proportion to the words after
 * the noun and stop at the longest name, so side by side, with 0, 30 and 2 000 words:
 * `dist/k3d hello …` (a PATH plugin that is /bin/true), and the same command line handed
 * straight to a k3d that is /bin/true too (K3DX_NO_PLUGINS=1). Both start Bun with those
 * words and exec them on, which costs ~4 ms per 2 000 words whatever k3dx does; the
 * difference is plugin dispatch, lookup included. Then the peak memory of the worst
 * cases the issue measured in gigabytes: lookup with 100 000 words, `__complete` with
 * 50 000, and a hand-back at its caps (10 000 arguments, just under 1 MiB). Targets:
 * dispatch with 2 000 words costs at most 5 ms more than with none (lookup stops at the
 * longest name, here 27 of these words, each name looked for on PATH, cold); every peak
 * under 100 MB.
 */
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HAND_BACK_MAX_ARGS, HAND_BACK_MAX_BYTES } from "../../src/limits.ts";
import { peakRssMB, round, timeSideBySide, type BenchRow } from "./measure.ts";

const WORDS_TARGET_MS = 5;
const RSS_TARGET_MB = 100;

export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), "k3dx-bench-bounds-"));
  try {
    const wrapper = join(import.meta.dir, "..", "..", "dist", "k3d");
    symlinkSync("/bin/true", join(dir, "k3d-hello"));
    symlinkSync("/bin/true", join(dir, "k3d-done"));
    symlinkSync("/bin/true", join(dir, "k3d"));
    // The hand-back at its caps: `done` and 9 999 arguments of 100 bytes, 1 010 000 bytes in all.
    const handBack = join(dir, "hand-back.txt");
    const args = ["done", ...Array.from({ length: HAND_BACK_MAX_ARGS - 1 }, (_, i) => String(i).padStart(100, "x"))];
    writeFileSync(handBack, args.join("\n") + "\n");
    if (Bun.file(handBack).size > HAND_BACK_MAX_BYTES) throw new Error("the bench's hand-back is over the cap");
    writeFileSync(join(dir, "k3d-hand"), `#!/bin/sh\ncat '${handBack}' > "$K3D_RESULT"\n`);
    chmodSync(join(dir, "k3d-hand"), 0o755);
    const env = { HOME: dir, K3DX_HOME: join(dir, "k3dx"), PATH: `${dir}:/usr/bin:/bin` };
    const passthrough = { ...env, K3DX_NO_PLUGINS: "1", K3DX_K3D: "/bin/true" };
    const words = (count: number) => Array.from({ length: count }, (_, i) => `image${i}`);

    const timings = await timeSideBySide(
      [0, 30, 2000].flatMap((count) => [
        { name: `passthrough (K3DX_NO_PLUGINS=1) + ${count} words`, cmd: [wrapper, "hello", ...words(count)], env: passthrough },
        { name: `plugin dispatch: dist/k3d hello + ${count} words`, cmd: [wrapper, "hello", ...words(count)], env },
      ]),
      30,
    );
    const overhead = (i: number) => timings[2 * i + 1]!.medianMs - timings[2 * i]!.medianMs;
    const lookupRss = await peakRssMB({ name: "lookup", cmd: [wrapper, "hello", ...words(100_000)], env }, 3);
    const completionRss = await peakRssMB({ name: "completion", cmd: [wrapper, "__complete", "hello", ...words(50_000), ""], env }, 3);
    const handBackRss = await peakRssMB({ name: "hand-back", cmd: [wrapper, "hand"], env }, 3);
    const baseRss = await peakRssMB({ name: "hello", cmd: [wrapper, "hello"], env }, 3);
    const extra = overhead(2) - overhead(0);
    const group = "bounds";
    const rssRow = (name: string, mb: number): BenchRow => ({ group, name, value: round(mb, 1), unit: "MB", target: `< ${RSS_TARGET_MB} MB`, ok: mb < RSS_TARGET_MB });
    return [
      ...timings.map((timing): BenchRow => ({ group, name: timing.name, value: round(timing.medianMs), unit: "ms" })),
      { group, name: "plugin dispatch − passthrough, 0 words", value: round(overhead(0)), unit: "ms" },
      { group, name: "plugin dispatch − passthrough, 30 words", value: round(overhead(1)), unit: "ms" },
      { group, name: "plugin dispatch − passthrough, 2 000 words", value: round(overhead(2)), unit: "ms" },
      { group, name: "dispatch cost of 2 000 words over none", value: round(extra), unit: "ms", target: `≤ ${WORDS_TARGET_MS} ms`, ok: extra <= WORDS_TARGET_MS },
      rssRow("peak RSS: dist/k3d hello", baseRss),
      rssRow("peak RSS: lookup, hello + 100 000 words", lookupRss),
      rssRow('peak RSS: __complete hello + 50 000 words ""', completionRss),
      rssRow("peak RSS: hand-back at its caps (10 000 args, ~1 MiB)", handBackRss),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
