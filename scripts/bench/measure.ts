/**
 * Measuring commands fairly on a shared, noisy machine: every contender runs in the
 * same rounds, interleaved in a fresh random order each round, and we report medians.
 * Peak memory comes from the kernel's rusage of the child (maxRSS), which covers a
 * wrapper that exec'd into another program.
 */

export interface Contender {
  name: string;
  cmd: string[];
  env?: Record<string, string>;
  cwd?: string;
}

export interface Timing {
  name: string;
  medianMs: number;
  minMs: number;
  samples: number[];
}

export interface BenchRow {
  /** Which area the figure belongs to, in words a bench user knows, e.g. "start-up". */
  group: string;
  name: string;
  value: number;
  unit: "ms" | "MB" | "s" | "×" | "bytes" | "KiB";
  /**
   * For a cost measured as the difference of two medians: the run-to-run spread, in the
   * same unit. A value inside it is shown as "≈ 0 (within ±noise)": a difference of two
   * noisy medians can come out negative, and a negative cost means nothing to a reader.
   */
  noise?: number;
  /** The target in words, e.g. "≤ 1.25× hello-world start-up". */
  target?: string;
  /** Whether the target is met; undefined when there is no target. */
  ok?: boolean;
}

export async function runOnce(contender: Contender): Promise<{ ms: number; maxRssBytes: number; code: number }> {
  const start = performance.now();
  const proc = Bun.spawn({
    cmd: contender.cmd,
    env: contender.env ?? (process.env as Record<string, string>),
    cwd: contender.cwd,
    stdin: "ignore",
    stdout: "ignore",
    stderr: "ignore",
  });
  const code = await proc.exited;
  const ms = performance.now() - start;
  return { ms, maxRssBytes: proc.resourceUsage()?.maxRSS ?? 0, code };
}

/**
 * Runs every contender once per round, `rounds` times after `warmup` rounds; medians per
 * contender. The order is shuffled in every round: a program started right after itself,
 * or after one that warmed the same caches, starts measurably faster, and a fixed order
 * would hand that to whoever sits in the lucky place.
 */
export async function timeSideBySide(contenders: Contender[], rounds = 40, warmup = 3): Promise<Timing[]> {
  const samples = contenders.map(() => [] as number[]);
  for (let round = 0; round < warmup + rounds; round++) {
    for (const i of shuffled(contenders.map((_, index) => index))) {
      const contender = contenders[i]!;
      const { ms, code } = await runOnce(contender);
      if (code !== 0) throw new Error(`${contender.name} exited ${code}: ${contender.cmd.join(" ")}`);
      if (round >= warmup) samples[i]!.push(ms);
    }
  }
  return contenders.map((contender, i) => {
    const sorted = [...samples[i]!].sort((a, b) => a - b);
    return { name: contender.name, medianMs: median(sorted), minMs: sorted[0]!, samples: sorted };
  });
}

/** A copy of `items` in random order (Fisher–Yates). */
function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/**
 * A child's peak RSS. Linux starts a forked child's high-water mark at its parent's RSS
 * at the fork, so a bench process that has grown (after the install areas, ~250 MB) would
 * lend its size to every child it measures: GNU time, small, does the forking where it
 * is installed.
 */
export async function peakRssMB(contender: Contender, runs = 5): Promise<number> {
  const time = Bun.which("time", { PATH: "/usr/bin:/bin" });
  let peak = 0;
  for (let i = 0; i < runs; i++) {
    if (!time) {
      peak = Math.max(peak, (await runOnce(contender)).maxRssBytes);
      continue;
    }
    const proc = Bun.spawn({ cmd: [time, "-f", "%M", ...contender.cmd], env: contender.env, cwd: contender.cwd, stdin: "ignore", stdout: "ignore", stderr: "pipe" });
    const [stderr] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
    const kib = Number(stderr.trim().split("\n").at(-1));
    // A `time` without GNU's -f (busybox, BSD) prints something else: measure directly.
    const bytes = Number.isFinite(kib) && kib > 0 ? kib * 1024 : (await runOnce(contender)).maxRssBytes;
    peak = Math.max(peak, bytes);
  }
  return peak / (1024 * 1024);
}

export function median(sorted: number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * The run-to-run spread of a difference of two medians: half the interquartile range of
 * each, added. Half a spread each side is what a median moves by between runs on a
 * shared machine; the difference of two of them moves by both.
 */
export function differenceNoise(a: Timing, b: Timing): number {
  return halfIqr(a.samples) + halfIqr(b.samples);
}

function halfIqr(sorted: number[]): number {
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return (at(0.75) - at(0.25)) / 2;
}

/** The value cell of the table: `12.3 ms`, `0.8 ms ± 0.4`, `≈ 0 ms (within ±0.6 ms)`. */
export function formatValue(row: BenchRow): string {
  const noise = row.noise === undefined ? undefined : round(row.noise);
  if (noise !== undefined && Math.abs(row.value) <= noise) return `≈ 0 ${row.unit} (within ±${noise} ${row.unit} of noise)`;
  // A cost without a measured spread that still came out negative: below what this machine can tell.
  if (noise === undefined && row.value < 0 && row.unit === "ms") return "≈ 0 ms (below the run-to-run noise)";
  return noise === undefined ? `${row.value} ${row.unit}` : `${row.value} ${row.unit} ± ${noise}`;
}
