/**
 * Issue 2: what the wrapper adds to every k3d call. Side by side in one run:
 * `dist/k3d version` handing off to a tiny stand-in k3d, the stand-in alone, and a
 * compiled Bun hello-world (the runtime's floor). Target: the wrapper's overhead over
 * the stand-in is at most 1.25× the hello-world's own start-up; peak RSS under 60 MB.
 *
 * The hello-world uses console.log: touching `process.stdout` alone costs Bun ~20 ms
 * (it builds Node's stream machinery), which would flatter the wrapper.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileEntry } from "./compile-entry.ts";
import { peakRssMB, round, timeSideBySide, type BenchRow } from "./measure.ts";

export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), "k3dx-bench-startup-"));
  try {
    const standIn = join(dir, "k3d");
    writeFileSync(standIn, '#!/bin/sh\necho "k3d version v5.9.0"\necho "k3s version v1.31.5-k3s1 (default)"\n');
    chmodSync(standIn, 0o755);
    const hello = await compileEntry(dir, "hello", 'console.log("hello");\n');
    // The floor for any Bun program that execs: start the runtime, execve, nothing else.
    const bareExec = await compileEntry(
      dir,
      "bare-exec",
      `process.execve(${JSON.stringify(standIn)}, ["k3d", "version"], process.env as Record<string, string>);\n`,
    );
    const env = { HOME: dir, K3DX_HOME: join(dir, "k3dx"), PATH: `${dir}:/usr/bin:/bin` };
    const wrapper = join(import.meta.dir, "..", "..", "dist", "k3d");

    const [alone, helloWorld, floor, viaEnv, viaPath] = await timeSideBySide(
      [
        { name: "stand-in k3d alone", cmd: [standIn, "version"], env },
        { name: "bun hello-world", cmd: [hello], env },
        { name: "bare Bun execve → stand-in", cmd: [bareExec], env },
        { name: "dist/k3d version (K3DX_K3D)", cmd: [wrapper, "version"], env: { ...env, K3DX_K3D: standIn } },
        { name: "dist/k3d version (PATH)", cmd: [wrapper, "version"], env },
      ],
      60,
    );
    const overheadEnv = viaEnv!.medianMs - alone!.medianMs;
    const overheadPath = viaPath!.medianMs - alone!.medianMs;
    const ratio = overheadPath / helloWorld!.medianMs;
    const rss = await peakRssMB({ name: "wrapper", cmd: [wrapper, "version"], env });
    const group = "start-up";
    return [
      { group, name: alone!.name, value: round(alone!.medianMs), unit: "ms" },
      { group, name: helloWorld!.name, value: round(helloWorld!.medianMs), unit: "ms" },
      { group, name: floor!.name, value: round(floor!.medianMs), unit: "ms" },
      { group, name: "bare execve overhead ÷ hello-world (floor)", value: round((floor!.medianMs - alone!.medianMs) / helloWorld!.medianMs), unit: "×" },
      { group, name: viaEnv!.name, value: round(viaEnv!.medianMs), unit: "ms" },
      { group, name: viaPath!.name, value: round(viaPath!.medianMs), unit: "ms" },
      { group, name: "wrapper overhead (K3DX_K3D)", value: round(overheadEnv), unit: "ms" },
      { group, name: "wrapper overhead (PATH)", value: round(overheadPath), unit: "ms" },
      { group, name: "overhead ÷ hello-world", value: round(ratio), unit: "×", target: "≤ 1.25×", ok: ratio <= 1.25 },
      { group, name: "peak RSS of dist/k3d version", value: round(rss, 1), unit: "MB", target: "< 60 MB", ok: rss < 60 },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
