/**
 * Black-box: hook timeouts from what a user wrote. A timer of 2^31 ms or more fires at
 * once, so a huge timeout must be capped rather than time every hook out immediately;
 * and a value that is not seconds is said in one line, never silently replaced.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { localSource } from "../commands/plugin-sources.ts";
import { runK3dx, type Sandbox } from "../helpers/sandbox.ts";
import { callsWith, hookSandbox, installHookPlugin, recordingHook } from "./hook-world.ts";

let box: Sandbox;
let env: Record<string, string>;
beforeEach(() => ({ box, env } = hookSandbox()));
afterEach(() => box.cleanup());

describe("a timeout beyond what a timer can wait", () => {
  test("K3DX_HOOK_TIMEOUT=99999999 lets a 1 s hook finish (capped, not wrapped to 1 ms)", async () => {
    recordingHook(box, "pre-cluster-create", "slow", "sleep 1");
    const result = await runK3dx(box, ["cluster", "create", "dev"], { env: { ...env, K3DX_HOOK_TIMEOUT: "99999999" } });
    expect(result.stderr).toMatch(/^k3dx: pre-cluster-create slow ok in 1\.\d\ds$/m);
    expect(result.stderr).not.toContain("TimeoutOverflowWarning");
    expect(result.code).toBe(0);
    expect(callsWith(box, "create")).toHaveLength(1);
  });

  test("a plugin.yaml timeout of 99999999 s is capped too", async () => {
    installHookPlugin(box, "patient", "name: patient\nhooks:\n  - { event: pre-cluster-create, timeout: 99999999 }\n", "sleep 1\n", ["pre-cluster-create"]);
    const result = await runK3dx(box, ["cluster", "create", "dev"], { env });
    expect(result.stderr).toMatch(/^k3dx: pre-cluster-create patient ok in 1\.\d\ds$/m);
    expect(result.code).toBe(0);
  });

  test("'plugin hooks' shows the timeout that applies: the cap, 2073600 s (24 days)", async () => {
    installHookPlugin(box, "patient", "name: patient\nhooks:\n  - { event: pre-cluster-create, timeout: 99999999 }\n", "exit 0\n", ["pre-cluster-create"]);
    const result = await runK3dx(box, ["plugin", "hooks", "pre-cluster-create"], { env });
    expect(result.stdout).toMatch(/^pre-cluster-create\s+patient\s+2073600s\s+fail\s/m);
  });

  test("install's consent, its summary and 'plugin info' show the same capped timeout as 'plugin hooks'", async () => {
    const source = localSource(box, "patient", "patient", { yaml: "name: patient\nhooks:\n  - { event: pre-cluster-create, timeout: 1e300 }\n" });
    const installed = await runK3dx(box, ["plugin", "install", source], { env });
    expect(installed.stderr).toContain("pre-cluster-create  before every 'k3d cluster create'; up to 2073600 s;");
    expect(installed.stdout).toContain("hooks:   pre-cluster-create (2073600 s)\n");
    const info = await runK3dx(box, ["plugin", "info", "patient"], { env });
    expect(info.stdout).toContain("hooks:      pre-cluster-create (2073600 s)\n");
    expect((await runK3dx(box, ["plugin", "hooks"], { env })).stdout).toMatch(/^pre-cluster-create\s+patient\s+2073600s\s/m);
  });
});

describe("a K3DX_HOOK_TIMEOUT that is not seconds", () => {
  test("5m: one line says the value has no unit and what to write; the default applies", async () => {
    recordingHook(box, "pre-cluster-create", "quick");
    const result = await runK3dx(box, ["cluster", "create", "dev"], { env: { ...env, K3DX_HOOK_TIMEOUT: "5m" } });
    expect(result.code).toBe(0);
    expect(result.stderr).toStartWith(
      "k3dx: K3DX_HOOK_TIMEOUT=5m is not a number of seconds: the value has no unit (for 5m, write 300); using the default, 300 s\n",
    );
    expect(callsWith(box, "create")).toHaveLength(1);
  });

  test("0, negative or words: said, not silently replaced", async () => {
    recordingHook(box, "pre-cluster-start", "quick");
    for (const value of ["0", "-5", "forever"]) {
      const result = await runK3dx(box, ["plugin", "trigger", "pre-cluster-start", "dev"], { env: { ...env, K3DX_HOOK_TIMEOUT: value } });
      expect(result.stderr.split("\n")[0]).toMatch(new RegExp(`^k3dx: K3DX_HOOK_TIMEOUT=${value} is not a number of seconds( above 0)?; using the default, 300 s$`));
    }
  });

  test("no line when every hook has its own timeout, so the setting is not used", async () => {
    installHookPlugin(box, "own", "name: own\nhooks:\n  - { event: pre-cluster-create, timeout: 10 }\n", "exit 0\n", ["pre-cluster-create"]);
    const result = await runK3dx(box, ["cluster", "create", "dev"], { env: { ...env, K3DX_HOOK_TIMEOUT: "5m" } });
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain("K3DX_HOOK_TIMEOUT");
  });

  test("a plain k3d command never reads it", async () => {
    const result = await runK3dx(box, ["cluster", "list"], { env: { ...env, K3DX_HOOK_TIMEOUT: "5m" } });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
  });
});
