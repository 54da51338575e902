/**
 * scripts/e2e.sh, the end-to-end run CI makes with the real k3d and Docker, run here against
 * the stand-in: one script, two k3ds. It must pass when hooks work, and fail when they do not.
 */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { join } from "node:path";
import { readCalls } from "../helpers/fake-k3d.ts";
import { createSandbox, K3DX_BINARY, REPO_ROOT, type Sandbox } from "../helpers/sandbox.ts";

const E2E = join(REPO_ROOT, "scripts", "e2e.sh");

let box: Sandbox;
beforeEach(() => (box = createSandbox()));
afterEach(() => box.cleanup());

async function e2e(env: Record<string, string> = {}) {
  const proc = Bun.spawn({
    cmd: ["/bin/sh", E2E, K3DX_BINARY, box.k3d],
    env: { PATH: "/usr/bin:/bin", FAKE_K3D_STATE: box.state, TMPDIR: box.env.TMPDIR!, ...env },
    cwd: box.root,
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { stdout, stderr, code };
}

test("passes against the stand-in: the registry is created, shared and removed by the mirror's hooks", async () => {
  const result = await e2e();
  expect(result.stdout).not.toContain("FAILED");
  expect(result.stdout).toEndWith("e2e: every check passed\n");
  expect(result.code).toBe(0);
  const argv = readCalls(box.state).map((call) => call.argv.join(" "));
  // The hand-back reached k3d: the clusters use the registry.
  expect(argv.filter((line) => /^cluster create k3dx-e2e-(one|two) --wait --registry-use k3d-mirror:5000 --registry-config \S+\/plugins\/local\/mirror\/registries\.yaml$/.test(line))).toHaveLength(2);
  expect(argv.filter((line) => line.startsWith("registry create mirror"))).toHaveLength(1);
  expect(argv.filter((line) => line === "registry delete k3d-mirror")).toHaveLength(1);
}, 60_000);

test("fails, naming the checks, when no hook fires", async () => {
  const result = await e2e({ K3DX_NO_HOOKS: "1" });
  expect(result.code).toBe(1);
  expect(result.stdout).toContain("FAILED registry k3d-mirror exists");
  expect(result.stdout).toContain("FAILED the hook's summary line");
  expect(result.stdout).toMatch(/e2e: \d+ checks failed\n$/);
}, 60_000);

test("usage: two executables", async () => {
  const proc = Bun.spawnSync({ cmd: ["/bin/sh", E2E, K3DX_BINARY], stdout: "pipe", stderr: "pipe" });
  expect(proc.exitCode).toBe(2);
  expect(proc.stderr.toString()).toBe("usage: sh scripts/e2e.sh K3DX_BINARY REAL_K3D\n");
});
