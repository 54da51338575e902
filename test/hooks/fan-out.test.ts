/**
 * Black-box: bounded fan-out (issue 9, point 6). `cluster delete --all` over 30 clusters
 * with 10 hooks is 300 hook runs; started at once under a low descriptor limit, some
 * failed with EMFILE and the delete was refused. And a command naming many clusters
 * must ask k3d about them once, not start one k3d per name.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { readCalls, writeCluster } from "../helpers/fake-k3d.ts";
import { K3DX_BINARY, type Sandbox } from "../helpers/sandbox.ts";
import { cacheK3dVersion, hookFolder, hookSandbox, startK3dx, waitFor } from "./hook-world.ts";

let box: Sandbox;
let env: Record<string, string>;
beforeEach(() => ({ box, env } = hookSandbox()));
afterEach(() => box.cleanup());

const pad = (i: number) => String(i).padStart(2, "0");

/** Runs dist/k3d through `sh -c 'ulimit -n N; exec …'`: a hard limit the wrapper cannot raise. */
async function underUlimit(limit: number, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const quoted = [K3DX_BINARY, ...args].map((word) => `'${word.replace(/'/g, `'\\''`)}'`).join(" ");
  const proc = Bun.spawn({
    cmd: ["/bin/sh", "-c", `ulimit -n ${limit} && exec ${quoted}`],
    env: { ...box.env, ...env },
    cwd: box.root,
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, stdout, stderr };
}

describe("many hooks for many clusters", () => {
  test("delete --all over 30 clusters × 10 hooks succeeds with ulimit -n 256; summaries in hook, then cluster order", async () => {
    const clusters = Array.from({ length: 30 }, (_, i) => `c${pad(i)}`);
    for (const name of clusters) writeCluster(box.state, name);
    const hooks = Array.from({ length: 10 }, (_, i) => `hook${pad(i)}`);
    // Each waits a moment, so that many are under way at once.
    for (const name of hooks) box.script(name, "sleep 0.2\n", hookFolder(box, "pre-cluster-delete"));
    await cacheK3dVersion(box);

    const result = await underUlimit(256, ["cluster", "delete", "--all"]);
    expect(result.stderr).not.toContain("EMFILE");
    expect(result.stderr).not.toContain("failed");
    expect(result.code).toBe(0);
    const summaries = result.stderr.split("\n").filter((line) => line.startsWith("k3dx: pre-cluster-delete "));
    expect(summaries.map((line) => line.split(" ")[2])).toEqual(hooks.flatMap((hook) => clusters.map((cluster) => `${hook}:${cluster}`)));
    expect(summaries.every((line) => / ok in \d+\.\d\ds$/.test(line))).toBe(true);
    expect(readCalls(box.state).filter((call) => call.argv[1] === "delete").map((call) => call.argv)).toEqual([["cluster", "delete", "--all"]]);
  }, 60_000);
});

describe("at most 64 hooks at once", () => {
  test("80 hooks: 64 start, the rest wait; Ctrl-C then starts none of them, exit 130", async () => {
    const hooks = Array.from({ length: 80 }, (_, i) => `h${pad(i)}`);
    for (const name of hooks) box.script(name, `touch "$HOOK_LOG/$K3D_PLUGIN_NAME"; sleep 20\n`, hookFolder(box, "pre-cluster-create"));
    await cacheK3dVersion(box);
    const started = () => readdirSync(env.HOOK_LOG!).length;
    const proc = startK3dx(box, ["cluster", "create", "dev"], env);
    await waitFor(() => started() >= 64, 20_000);
    await Bun.sleep(300);
    expect(started()).toBe(64);
    proc.kill("SIGINT");
    const [stderr, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
    expect(code).toBe(130);
    expect(started()).toBe(64);
    expect(stderr).toContain("k3dx: pre-cluster-create h79 interrupted in 0.00s (not started)\n");
    expect(readCalls(box.state).filter((call) => call.argv[1] === "create")).toEqual([]);
  }, 60_000);
});

describe("asking k3d about many clusters", () => {
  test("40 named clusters, some missing: k3d is asked at most three times, not once per name", async () => {
    const names = Array.from({ length: 40 }, (_, i) => `n${pad(i)}`);
    for (const name of names.filter((_, i) => i % 2 === 0)) writeCluster(box.state, name);
    box.script("count", 'echo "$K3D_CLUSTER" >/dev/null\n', hookFolder(box, "pre-cluster-delete"));
    await cacheK3dVersion(box);

    const result = await underUlimit(1024, ["cluster", "delete", ...names]);
    expect(result.code).toBe(0);
    const lists = readCalls(box.state).filter((call) => call.argv[0] === "cluster" && call.argv[1] === "list");
    expect(lists.length).toBeLessThanOrEqual(3);
    const summaries = result.stderr.split("\n").filter((line) => line.startsWith("k3dx: pre-cluster-delete "));
    expect(summaries).toHaveLength(40);
  }, 60_000);

  test("every named cluster exists: one question", async () => {
    const names = ["a1", "b2", "c3"];
    for (const name of names) writeCluster(box.state, name);
    box.script("count", "exit 0\n", hookFolder(box, "pre-cluster-stop"));
    await cacheK3dVersion(box);
    const result = await underUlimit(1024, ["cluster", "stop", ...names]);
    expect(result.code).toBe(0);
    const lists = readCalls(box.state).filter((call) => call.argv[0] === "cluster" && call.argv[1] === "list");
    expect(lists.map((call) => call.argv)).toEqual([["cluster", "list", "a1", "b2", "c3", "-o", "json"]]);
  });
});
