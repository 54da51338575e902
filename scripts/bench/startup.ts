/**
 * What the wrapper adds to every k3d call. Side by side in one run: `dist/k3d version`
 * handing off to a tiny stand-in k3d, the stand-in alone, a compiled Bun hello-world (the
 * runtime's floor), and the two floors of a Bun program that execs: Bun's own
 * `process.execve`, and libc's execv through bun:ffi (what k3dx uses on Linux, to keep
 * the caller's descriptors and exact bytes). "Before" is k3dx as it was before the
 * hand-off went through libc, built from git (BASELINE_REV, or K3DX_BENCH_BASELINE).
 *
 * Targets: the wrapper within 0.5 ms of the bare-execve floor; peak RSS under 60 MB.
 *
 * The hello-world uses console.log: touching `process.stdout` alone costs Bun ~20 ms
 * (it builds Node's stream machinery), which would flatter the wrapper.
 */
import { chmodSync, copyFileSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { compile } from "../compile.ts";
import { compileEntry } from "./compile-entry.ts";
import { peakRssMB, round, timeSideBySide, type BenchRow, type Contender } from "./measure.ts";

/** The last commit whose hand-off was Bun's process.execve (strings only, descriptors closed). */
const BASELINE_REV = "a79b8c4";
const REPO = join(import.meta.dir, "..", "..");

export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), "k3dx-bench-startup-"));
  try {
    const standIn = join(dir, "k3d");
    writeFileSync(standIn, '#!/bin/sh\necho "k3d version v5.9.0"\necho "k3s version v1.31.5-k3s1 (default)"\n');
    chmodSync(standIn, 0o755);
    const hello = laidOutAlike(dir, await compileEntry(dir, "hello", 'console.log("hello");\n'));
    const bareExec = laidOutAlike(
      dir,
      await compileEntry(dir, "bare-exec", `process.execve(${JSON.stringify(standIn)}, ["k3d", "version"], process.env as Record<string, string>);\n`),
    );
    const ffiExec = laidOutAlike(dir, await compileEntry(dir, "ffi-exec", ffiExecSource(standIn)));
    const env = { HOME: dir, K3DX_HOME: join(dir, "k3dx"), PATH: `${dir}:/usr/bin:/bin` };
    // Two copies of dist/k3d: a program started right after itself starts faster (its
    // pages warm), which would flatter both of its rows if they shared one file.
    const wrapper = laidOutAlike(dir, join(REPO, "dist", "k3d"), "k3d-path");
    const wrapperCopy = laidOutAlike(dir, join(REPO, "dist", "k3d"), "k3d-env");
    const baseline = await buildBaseline(dir);
    const before = baseline && { ...baseline, binary: laidOutAlike(dir, baseline.binary) };

    const contenders: Contender[] = [
      { name: "stand-in k3d alone", cmd: [standIn, "version"], env },
      { name: "compiled Bun hello-world", cmd: [hello], env },
      { name: "floor: bare Bun process.execve → stand-in", cmd: [bareExec], env },
      { name: "floor: bare Bun + libc execv (ffi) → stand-in", cmd: [ffiExec], env },
      { name: "dist/k3d version (PATH lookup)", cmd: [wrapper, "version"], env },
      { name: "dist/k3d version (K3DX_K3D)", cmd: [wrapperCopy, "version"], env: { ...env, K3DX_K3D: standIn } },
      ...(before ? [{ name: `before (${before.rev}): dist/k3d version (PATH lookup)`, cmd: [before.binary, "version"], env }] : []),
    ];
    const timings = await timeSideBySide(contenders, 200);
    const [alone, helloWorld, floor, ffiFloor, viaPath, viaEnv, old] = timings.map((t) => t.medianMs);
    const rss = await peakRssMB({ name: "wrapper", cmd: [wrapper, "version"], env });
    const group = "start-up";
    const overFloor = viaPath! - floor!;
    const rows: BenchRow[] = timings.map((t) => ({ group, name: t.name, value: round(t.medianMs), unit: "ms" }));
    rows.push(
      { group, name: "dist/k3d over the bare-execve floor (PATH lookup)", value: round(overFloor), unit: "ms", target: "≤ 0.5 ms", ok: overFloor <= 0.5 },
      { group, name: "dist/k3d over the libc-execv floor (PATH lookup)", value: round(viaPath! - ffiFloor!), unit: "ms" },
      { group, name: "what the wrapper adds to k3d (PATH lookup)", value: round(viaPath! - alone!), unit: "ms" },
      { group, name: "what the wrapper adds to k3d (K3DX_K3D)", value: round(viaEnv! - alone!), unit: "ms" },
      { group, name: "hello-world start-up, for scale", value: round(helloWorld!), unit: "ms" },
      { group, name: "peak RSS of dist/k3d version", value: round(rss, 1), unit: "MB", target: "< 60 MB", ok: rss < 60 },
    );
    if (old !== undefined) rows.push({ group, name: "after − before (PATH lookup)", value: round(viaPath! - old), unit: "ms" });
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A copy of `binary` in `dir`, written the same way for every contender. How a 100 MB
 * file came to be written (bun build's output, a copy) changes how it sits in the page
 * cache, and that alone moved start-up by up to 0.35 ms on the same code; copying every
 * contender alike takes that out of the comparison.
 */
function laidOutAlike(dir: string, binary: string, name = `${basename(binary)}-copy`): string {
  const copy = join(dir, name);
  copyFileSync(binary, copy);
  chmodSync(copy, 0o755);
  return copy;
}

/** A program that does nothing but libc's execv through bun:ffi, as k3dx's hand-off does. */
function ffiExecSource(target: string): string {
  return `const { dlopen, FFIType, ptr } = require("bun:ffi");
const libc = dlopen("libc.so.6", { execv: { args: [FFIType.ptr, FFIType.ptr], returns: FFIType.i32 } });
const c = (s) => Buffer.from(s + "\\0");
const path = c(${JSON.stringify(target)});
const args = [c("k3d"), c("version")];
const argv = new BigUint64Array(3);
args.forEach((a, i) => (argv[i] = BigInt(ptr(a))));
libc.symbols.execv(path, argv);
`;
}

/** dist/k3d as it was at the baseline revision, compiled the same way; undefined when git cannot give it. */
async function buildBaseline(dir: string): Promise<{ rev: string; binary: string } | undefined> {
  const rev = process.env.K3DX_BENCH_BASELINE || BASELINE_REV;
  const tree = join(dir, "baseline");
  const add = Bun.spawnSync(["git", "-C", REPO, "worktree", "add", "--detach", tree, rev], { stdout: "ignore", stderr: "pipe" });
  if (add.exitCode !== 0) {
    process.stderr.write(`bench: no baseline (git worktree add ${rev} failed: ${add.stderr.toString().trim()})\n`);
    return undefined;
  }
  try {
    symlinkSync(join(REPO, "node_modules"), join(tree, "node_modules"));
    const binary = join(dir, "k3d-before");
    const cwd = process.cwd();
    process.chdir(tree);
    try {
      await compile(binary, undefined, "src/main.ts");
    } finally {
      process.chdir(cwd);
    }
    return { rev, binary };
  } finally {
    Bun.spawnSync(["git", "-C", REPO, "worktree", "remove", "--force", tree], { stdout: "ignore", stderr: "ignore" });
  }
}
