/**
 * A throw-away world for one test: its own HOME, K3DX_HOME, PATH folder with the
 * stand-in k3d, and stand-in state. Nothing a test does can reach the real home.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installFakeK3d } from "./fake-k3d.ts";

export const REPO_ROOT = join(import.meta.dir, "..", "..");
/** The compiled wrapper under test (built by the test preload). */
export const K3DX_BINARY = join(REPO_ROOT, "dist", "k3d");

export interface Sandbox {
  root: string;
  home: string;
  /** K3DX_HOME */
  k3dxHome: string;
  /** First folder on PATH; holds the stand-in `k3d`. */
  bin: string;
  /** The stand-in k3d's state folder (FAKE_K3D_STATE). */
  state: string;
  /** Path of the stand-in k3d. */
  k3d: string;
  /** The environment every run gets (tests may extend it per run). */
  env: Record<string, string>;
  /** Writes an executable script into `bin` (or another folder) and returns its path. */
  script(name: string, body: string, folder?: string): string;
  cleanup(): void;
}

export interface SandboxOptions {
  /** Install the stand-in k3d in `bin` (default true). */
  withK3d?: boolean;
  /** The k3d release the stand-in plays (default v5.9.0; see test/fixtures/fake-k3d.ts). */
  k3dVersion?: string;
}

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const root = mkdtempSync(join(tmpdir(), "k3dx-test-"));
  const home = join(root, "home");
  const k3dxHome = join(root, "k3dx-home");
  const bin = join(root, "bin");
  const state = join(root, "k3d-state");
  for (const dir of [home, k3dxHome, bin, state]) mkdirSync(dir, { recursive: true });
  const k3d = options.withK3d === false ? "" : installFakeK3d(bin, state, options.k3dVersion);
  const env: Record<string, string> = {
    HOME: home,
    K3DX_HOME: k3dxHome,
    PATH: `${bin}:/usr/bin:/bin`,
    FAKE_K3D_STATE: state,
    NO_COLOR: "1",
    TMPDIR: join(root, "tmp"),
  };
  mkdirSync(env.TMPDIR!, { recursive: true });
  return {
    root, home, k3dxHome, bin, state, k3d, env,
    script(name, body, folder = bin) {
      mkdirSync(folder, { recursive: true });
      const path = join(folder, name);
      writeFileSync(path, body.startsWith("#!") ? body : `#!/bin/sh\n${body}`);
      chmodSync(path, 0o755);
      return path;
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  stdin?: string | Uint8Array;
  cwd?: string;
  /** Run this binary instead of dist/k3d (a link or copy of it). */
  binary?: string;
}

/** Runs the compiled wrapper with `args` in the sandbox and collects everything. */
export async function runK3dx(sandbox: Sandbox, args: string[], options: RunOptions = {}): Promise<RunResult> {
  const env: Record<string, string> = { ...sandbox.env };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const proc = Bun.spawn({
    cmd: [options.binary ?? K3DX_BINARY, ...args],
    env,
    cwd: options.cwd ?? sandbox.root,
    stdin: options.stdin === undefined ? "ignore" : new Blob([options.stdin]),
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { code, stdout, stderr };
}
