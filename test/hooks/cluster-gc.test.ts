/**
 * Black-box: `cluster-gc` (SPEC §9) — `k3d plugin gc [--dry-run]`, `plugin trigger
 * cluster-gc`, and the gc after every successful `cluster delete`: once per hook, told
 * the live clusters as k3d lists them; never run when k3d cannot list them; never a
 * change to the exit status of the delete it follows.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readCalls, writeCluster } from "../helpers/fake-k3d.ts";
import { runK3dx, type Sandbox } from "../helpers/sandbox.ts";
import {
  cacheK3dVersion,
  hookSandbox,
  installHookPlugin,
  k3dThatCannotList,
  NO_DOCKER_LINE,
  recorded,
  recordedKeys,
  recordingHook,
  startK3dx,
  waitFor,
} from "./hook-world.ts";

let box: Sandbox;
let env: Record<string, string>;
beforeEach(() => ({ box, env } = hookSandbox()));
afterEach(() => box.cleanup());

/** What a gc hook recorded (K3D_CLUSTER is empty: the event is about no one cluster). */
const gcOf = (name: string) => recorded(box, "cluster-gc", name, "");
const gcRuns = (name: string) => readFileSync(join(env.HOOK_LOG!, "runs"), "utf8").split("\n").filter((line) => line === name).length;
/** A gc hook that records itself and counts its runs in $HOOK_LOG/runs. */
const gcHook = (name: string, body = "") => recordingHook(box, "cluster-gc", name, `echo ${name} >> "$HOOK_LOG/runs"\n${body}`);

describe("k3d plugin gc", () => {
  test("runs each hook once, told the live clusters: K3D_CLUSTERS and stdin's clusters as k3d lists them", async () => {
    for (const name of ["b", "a", "c"]) writeCluster(box.state, name);
    gcHook("one");
    gcHook("two");
    const result = await runK3dx(box, ["plugin", "gc"], { env: { ...env, K3D_CLUSTER: "stale", K3D_UNDO_REASON: "stale" } });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("k3dx: cluster-gc: live clusters: a, b, c\n");
    expect(result.stderr).toMatch(/^k3dx: cluster-gc one ok in \d+\.\d\ds$/m);
    expect(result.stderr).toMatch(/^k3dx: cluster-gc two ok in /m);
    const listed = JSON.parse((await runK3dx(box, ["cluster", "list", "-o", "json"])).stdout) as Record<string, unknown>[];
    for (const name of ["one", "two"]) {
      expect(gcRuns(name)).toBe(1);
      const gc = gcOf(name)!;
      expect(gc.env).toMatchObject({ K3D_COMMAND: "EXEC", K3D_EVENT: "cluster-gc", K3D_CLUSTERS: "a;b;c", K3D_CLUSTER: "", K3D_DOCKER_NETWORK: "", K3D_ARGS: '["plugin","gc"]' });
      expect(gc.env.K3D_DRY_RUN).toBeUndefined();
      expect(gc.env.K3D_UNDO_REASON).toBeUndefined();
      expect(gc.stdin).toEqual({ event: "cluster-gc", clusters: listed, args: ["plugin", "gc"] } as never);
    }
  });

  test("--dry-run: K3D_DRY_RUN=1, and the line says the hooks only tell what they would remove", async () => {
    writeCluster(box.state, "dev");
    gcHook("one");
    const result = await runK3dx(box, ["plugin", "gc", "--dry-run"], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("k3dx: cluster-gc (dry run: hooks only say what they would remove): live clusters: dev\n");
    expect(gcOf("one")!.env).toMatchObject({ K3D_DRY_RUN: "1", K3D_CLUSTERS: "dev", K3D_ARGS: '["plugin","gc","--dry-run"]' });
  });

  test("no live cluster: the hooks are told so (empty K3D_CLUSTERS, clusters [])", async () => {
    gcHook("one");
    const result = await runK3dx(box, ["plugin", "gc"], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("k3dx: cluster-gc: no cluster is live\n");
    expect(gcOf("one")!.env.K3D_CLUSTERS).toBe("");
    expect(gcOf("one")!.stdin).toEqual({ event: "cluster-gc", clusters: [], args: ["plugin", "gc"] } as never);
  });

  test("k3d cannot list the clusters: one line, exit 1, and no hook runs (told 'none is live', it would remove everything)", async () => {
    writeCluster(box.state, "dev");
    gcHook("one");
    const noDocker = k3dThatCannotList(box);
    const result = await runK3dx(box, ["plugin", "gc"], { env: { ...env, K3DX_K3D: noDocker } });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `k3dx: cannot list the clusters from k3d: 'k3d cluster list -o json' exited 1 (${NO_DOCKER_LINE}); no cluster-gc hook was run (told that no cluster is live, one would remove what every cluster uses).\n`,
    );
    expect(recordedKeys(box)).toEqual([]);
  });

  test("a failing hook: exit 1 (the others still run); with onError: warn, exit 0", async () => {
    gcHook("broken", "exit 5");
    gcHook("fine");
    const failed = await runK3dx(box, ["plugin", "gc"], { env });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^k3dx: cluster-gc broken failed in \d+\.\d\ds \(exit 5\)$/m);
    expect(gcOf("fine")).toBeDefined();

    const other = hookSandbox();
    try {
      installHookPlugin(other.box, "lenient", "name: lenient\nhooks:\n  - { event: cluster-gc, onError: warn }\n", "exit 5\n", ["cluster-gc"]);
      const warned = await runK3dx(other.box, ["plugin", "gc"], { env: other.env });
      expect(warned.code).toBe(0);
      expect(warned.stderr).toMatch(/^k3dx: cluster-gc lenient failed in .* \(exit 5; onError: warn, ignored\)$/m);
    } finally {
      other.box.cleanup();
    }
  });

  test("no hook registered: says so, asks k3d nothing, exit 0", async () => {
    const result = await runK3dx(box, ["plugin", "gc"], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("k3dx: no hooks registered for cluster-gc; 'k3d plugin hooks' lists them.\n");
    expect(readCalls(box.state)).toEqual([]);
  });

  test("bad usage: an unknown flag, an argument (exit 2, one line, nothing runs)", async () => {
    gcHook("one");
    for (const [args, line] of [
      [["--dryrun"], "k3dx: unknown flag --dryrun. Run 'k3d plugin gc --help' for usage.\n"],
      [["dev"], "k3dx: this command takes no arguments. Run 'k3d plugin gc --help' for usage.\n"],
    ] as const) {
      const result = await runK3dx(box, ["plugin", "gc", ...args], { env });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(line);
    }
    expect(recordedKeys(box)).toEqual([]);
  });

  test("SIGTERM while the hooks run: they get it, exit 143", async () => {
    gcHook("slow", `trap 'echo TERM > "$HOOK_LOG/slow.got"; exit 143' TERM; touch "$HOOK_LOG/slow.ready"; while :; do sleep 0.05; done`);
    const proc = startK3dx(box, ["plugin", "gc"], env);
    await waitFor(() => existsSync(join(env.HOOK_LOG!, "slow.ready")), 10_000);
    proc.kill("SIGTERM");
    expect(await proc.exited).toBe(143);
    expect(readFileSync(join(env.HOOK_LOG!, "slow.got"), "utf8")).toBe("TERM\n");
  });
});

describe("k3d plugin trigger cluster-gc", () => {
  test("is k3d plugin gc (with --dry-run too); a CLUSTER is bad usage", async () => {
    writeCluster(box.state, "dev");
    gcHook("one");
    const result = await runK3dx(box, ["plugin", "trigger", "cluster-gc", "--dry-run"], { env });
    expect(result.code).toBe(0);
    expect(gcOf("one")!.env).toMatchObject({ K3D_CLUSTERS: "dev", K3D_DRY_RUN: "1", K3D_ARGS: '["plugin","gc","--dry-run"]' });
    const bad = await runK3dx(box, ["plugin", "trigger", "cluster-gc", "dev"], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("k3dx: cluster-gc is about every live cluster at once; it takes no CLUSTER. Run 'k3d plugin trigger --help' for usage.\n");
    expect(gcRuns("one")).toBe(1);
  });
});

describe("after k3d cluster delete", () => {
  test("fires after the post-delete hooks, told the clusters still live; K3D_ARGS is the delete's", async () => {
    for (const name of ["dev", "staging", "prod"]) writeCluster(box.state, name);
    recordingHook(box, "post-cluster-delete", "after");
    gcHook("sweep");
    const result = await runK3dx(box, ["cluster", "delete", "dev", "prod"], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("k3dx: cluster-gc: live clusters: staging\n");
    const gc = gcOf("sweep")!;
    expect(gc.env).toMatchObject({ K3D_CLUSTERS: "staging", K3D_ARGS: '["cluster","delete","dev","prod"]' });
    expect(gcRuns("sweep")).toBe(1);
    for (const cluster of ["dev", "prod"]) expect(gc.start).toBeGreaterThan(recorded(box, "post-cluster-delete", "after", cluster)!.end);
  });

  test("with only a cluster-gc hook registered; also after `delete --all` with no cluster left to delete", async () => {
    writeCluster(box.state, "dev");
    gcHook("sweep");
    const first = await runK3dx(box, ["cluster", "delete", "dev"], { env });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("Successfully deleted cluster dev!");
    expect(gcOf("sweep")!.env.K3D_CLUSTERS).toBe("");
    const all = await runK3dx(box, ["cluster", "delete", "--all"], { env });
    expect(all.code).toBe(0);
    expect(all.stdout).toContain("No clusters found");
    expect(gcRuns("sweep")).toBe(2);
  });

  test("a failing gc hook never changes the delete's exit status: reported, with how to run it again", async () => {
    writeCluster(box.state, "dev");
    gcHook("broken", "exit 4");
    const result = await runK3dx(box, ["cluster", "delete", "dev"], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^k3dx: cluster-gc broken failed in \d+\.\d\ds \(exit 4\)$/m);
    expect(result.stderr).toContain("k3dx: cluster-gc hook broken failed; k3d cluster delete succeeded ('k3d plugin gc' runs them again).\n");
  });

  test("a failing post-delete hook: exit 1 as before, and the gc still runs (k3d deleted the cluster)", async () => {
    writeCluster(box.state, "dev");
    recordingHook(box, "post-cluster-delete", "broken", "exit 1");
    gcHook("sweep");
    const result = await runK3dx(box, ["cluster", "delete", "dev"], { env });
    expect(result.code).toBe(1);
    expect(gcRuns("sweep")).toBe(1);
  });

  test("when k3d cannot list the clusters after the delete: one line, no gc hook, the delete's exit status", async () => {
    writeCluster(box.state, "dev");
    gcHook("sweep");
    // Lists fine until the delete has happened, as when Docker goes away meanwhile.
    const k3d = box.script(
      "k3d",
      `if [ "$1 $2" = "cluster list" ] && [ -e "${join(box.root, "deleted")}" ]; then echo '${NO_DOCKER_LINE}' >&2; exit 1; fi\n` +
        `'${box.k3d}' "$@"; status=$?; [ "$1 $2" = "cluster delete" ] && touch "${join(box.root, "deleted")}"; exit $status\n`,
      join(box.root, "flaky"),
    );
    await cacheK3dVersion(box, k3d);
    const result = await runK3dx(box, ["cluster", "delete", "dev"], { env: { ...env, K3DX_K3D: k3d } });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("k3dx: cannot list the clusters from k3d: 'k3d cluster list -o json' exited 1");
    expect(result.stderr).toContain("no cluster-gc hook was run");
    expect(recordedKeys(box)).toEqual([]);
  });

  test("a delete k3d fails: no gc; a create or a stop: no gc", async () => {
    writeCluster(box.state, "dev");
    gcHook("sweep");
    const failed = await runK3dx(box, ["cluster", "delete", "dev"], { env: { ...env, FAKE_K3D_EXIT: "1" } });
    expect(failed.code).toBe(1);
    expect((await runK3dx(box, ["cluster", "create", "new"], { env })).code).toBe(0);
    expect((await runK3dx(box, ["cluster", "stop", "dev"], { env })).code).toBe(0);
    expect(recordedKeys(box)).toEqual([]);
  });

  test("K3DX_NO_HOOKS=1: no gc", async () => {
    writeCluster(box.state, "dev");
    gcHook("sweep");
    expect((await runK3dx(box, ["cluster", "delete", "dev"], { env: { ...env, K3DX_NO_HOOKS: "1" } })).code).toBe(0);
    expect(recordedKeys(box)).toEqual([]);
  });
});

describe("the new events in plugin hooks, doctor and install", () => {
  test("plugin hooks lists them; an installed plugin's hooks are linked there", async () => {
    installHookPlugin(box, "keeper", "name: keeper\nhooks:\n  - undo-cluster-create\n  - { event: cluster-gc, timeout: 30, onError: warn }\n", "exit 0\n", ["undo-cluster-create", "cluster-gc"]);
    const result = await runK3dx(box, ["plugin", "hooks"], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^undo-cluster-create\s+keeper\s+300s\s+fail\s+/m);
    expect(result.stdout).toMatch(/^cluster-gc\s+keeper\s+30s\s+warn\s+/m);
    const doctor = await runK3dx(box, ["plugin", "doctor"], { env });
    expect(doctor.stdout).toContain("ok       undo-cluster-create: keeper");
    expect(doctor.stdout).toContain("ok       cluster-gc: keeper");
  });
});
