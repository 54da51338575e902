/**
 * Hooks for black-box tests: scripts dropped in `$K3DX_HOME/hooks/<event>/` that record
 * what they were given (environment, stdin, start and end times) so a test can check the
 * contract and the ordering against the stand-in k3d's own call log.
 */
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readK3dVersion } from "../../src/k3d/k3d-version.ts";
import { readCalls, type Call } from "../helpers/fake-k3d.ts";
import { createSandbox, K3DX_BINARY, type Sandbox } from "../helpers/sandbox.ts";

/** A sandbox, and the environment runs need for recording hooks (HOOK_LOG). */
export function hookSandbox(): { box: Sandbox; env: Record<string, string> } {
  const box = createSandbox();
  return { box, env: { HOOK_LOG: hookLog(box) } };
}

/** The stand-in k3d's calls with `word` among their arguments. */
export function callsWith(box: Sandbox, word: string): Call[] {
  return readCalls(box.state).filter((call) => call.argv.includes(word));
}

export function hookFolder(box: Sandbox, event: string): string {
  return join(box.k3dxHome, "hooks", event);
}

/** Where recording hooks write; put HOOK_LOG in the environment of the run. */
export function hookLog(box: Sandbox): string {
  const dir = join(box.root, "hook-log");
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * A hook that records its environment, its stdin and its times (seconds since the epoch,
 * microseconds) in $HOOK_LOG, then runs `body` (which may exit non-zero).
 */
export function recordingHook(box: Sandbox, event: string, name: string, body = ""): string {
  return box.script(
    name,
    `#!/bin/sh
start=$(date +%s.%6N)
d="$HOOK_LOG/$K3D_EVENT.$K3D_PLUGIN_NAME.$K3D_CLUSTER"
cat > "$d.stdin"
env -0 > "$d.env"
if [ -e "$FAKE_K3D_STATE/clusters/$K3D_CLUSTER.json" ]; then echo yes > "$d.cluster-file"; fi
${body}
echo "$start $(date +%s.%6N)" > "$d.time"
`,
    hookFolder(box, event),
  );
}

export interface HookRecord {
  env: Record<string, string>;
  stdin: { event: string; cluster: Record<string, unknown>; args: string[] };
  /** Milliseconds since the epoch, like the stand-in's call times. */
  start: number;
  end: number;
  /** Whether the cluster's state file existed when the hook ran. */
  sawCluster: boolean;
}

export function recorded(box: Sandbox, event: string, name: string, cluster: string): HookRecord | undefined {
  const base = join(hookLog(box), `${event}.${name}.${cluster}`);
  if (!existsSync(`${base}.time`)) return undefined;
  const env: Record<string, string> = {};
  for (const entry of readFileSync(`${base}.env`, "utf8").split("\0")) {
    const eq = entry.indexOf("=");
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  const [start, end] = readFileSync(`${base}.time`, "utf8").trim().split(" ").map((s) => Number(s) * 1000);
  return { env, stdin: JSON.parse(readFileSync(`${base}.stdin`, "utf8")), start: start!, end: end!, sawCluster: existsSync(`${base}.cluster-file`) };
}

/** Every record in the log, as `event.name.cluster` keys. */
export function recordedKeys(box: Sandbox): string[] {
  const dir = hookLog(box);
  return Array.from(new Bun.Glob("*.time").scanSync({ cwd: dir }))
    .map((file) => file.slice(0, -".time".length))
    .sort();
}

/** An installed plugin in the store, as the installer leaves it, linked as a hook for `events`. */
export function installHookPlugin(box: Sandbox, name: string, metadata: string, body: string, events: string[]): string {
  const dir = join(box.k3dxHome, "plugins", "local", name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "plugin.yaml"), metadata);
  const exe = box.script(`k3d-${name}`, body, dir);
  for (const event of events) {
    mkdirSync(hookFolder(box, event), { recursive: true });
    symlinkSync(exe, join(hookFolder(box, event), name));
  }
  return dir;
}

export const NO_DOCKER_LINE = "FATA[0000] Cannot connect to the Docker daemon at unix:///var/run/docker.sock";

/**
 * A k3d (for K3DX_K3D) that cannot list clusters, as with the Docker engine down: k3d's
 * FATA line and exit 1 for any `cluster list`; the stand-in for everything else.
 */
export function k3dThatCannotList(box: Sandbox): string {
  const body = `if [ "$1 $2" = "cluster list" ]; then echo '${NO_DOCKER_LINE}' >&2; exit 1; fi\nexec '${box.k3d}' "$@"\n`;
  return box.script("k3d", body, join(box.root, "no-docker"));
}

/**
 * A k3d (for K3DX_K3D) whose `cluster create` fails as k3d does when Docker refuses it (a
 * FATA line, exit 1, nothing created); the stand-in for everything else.
 */
export function k3dThatFailsCreate(box: Sandbox): string {
  const body = `if [ "$1 $2" = "cluster create" ]; then echo 'FATA[0000] Failed to create cluster: port is already allocated' >&2; exit 1; fi\nexec '${box.k3d}' "$@"\n`;
  return box.script("k3d", body, join(box.root, "failing-create"));
}

/** A k3d (for K3DX_K3D) whose `cluster create` takes 30 s (FAKE_K3D_SLEEP: it records a signal that ends it); every other call is quick. */
export function k3dWithSlowCreate(box: Sandbox): string {
  const body = `if [ "$1 $2" = "cluster create" ]; then FAKE_K3D_SLEEP=30 exec '${box.k3d}' "$@"; fi\nexec '${box.k3d}' "$@"\n`;
  return box.script("k3d", body, join(box.root, "slow-create"));
}

/**
 * Asks k3d for its version as k3dx does, so that it is cached and later runs ask k3d only
 * what a test is about (the stand-in's knobs, such as FAKE_K3D_SLEEP, apply to every call).
 */
export async function cacheK3dVersion(box: Sandbox, k3d = box.k3d): Promise<void> {
  if ((await readK3dVersion(k3d, box.k3dxHome, box.env)) === "") throw new Error(`${k3d} did not tell its version`);
}

/** Starts dist/k3d without waiting, for tests that signal it or need its pid. */
export function startK3dx(box: Sandbox, args: string[], env: Record<string, string> = {}, stdin?: string) {
  return Bun.spawn({
    cmd: [K3DX_BINARY, ...args],
    env: { ...box.env, ...env },
    cwd: box.root,
    stdin: stdin === undefined ? "ignore" : new Blob([stdin]),
    stdout: "pipe",
    stderr: "pipe",
  });
}

/** Waits until `check` holds, polling; throws after `ms`. */
export async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!check()) {
    if (performance.now() > deadline) throw new Error("timed out waiting");
    await Bun.sleep(20);
  }
}
