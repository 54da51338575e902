/** The per-plugin lock: mutual exclusion, release on failure, stale locks, a bounded wait. */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lockPathFor, withPluginLock } from "../../src/plugins/install/plugin-lock.ts";

let root: string;
let pluginDir: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "k3dx-lock-"));
  mkdirSync(join(root, "owner"));
  pluginDir = join(root, "owner", "repo");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("withPluginLock", () => {
  test("the lock is a dot-file beside the plugin folder, holding our pid, gone afterwards", async () => {
    const lock = lockPathFor(pluginDir);
    expect(lock).toBe(join(root, "owner", ".repo.lock"));
    const seen = await withPluginLock(pluginDir, () => readFileSync(lock, "utf8"));
    expect(seen).toBe(`${process.pid}\n`);
    expect(existsSync(lock)).toBe(false);
  });

  test("two holders never overlap", async () => {
    const events: string[] = [];
    const hold = (name: string) =>
      withPluginLock(pluginDir, async () => {
        events.push(`${name} in`);
        await Bun.sleep(30);
        events.push(`${name} out`);
      }, { pollMs: 5 });
    await Promise.all([hold("a"), hold("b")]);
    expect(events).toHaveLength(4);
    expect(events[0]!.replace(" in", "")).toBe(events[1]!.replace(" out", ""));
    expect(events[2]!.replace(" in", "")).toBe(events[3]!.replace(" out", ""));
  });

  test("the lock is released when the work throws", async () => {
    await expect(withPluginLock(pluginDir, () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(existsSync(lockPathFor(pluginDir))).toBe(false);
  });

  test("a lock left by a dead process is taken over", async () => {
    const dead = Bun.spawnSync(["true"]).pid;
    writeFileSync(lockPathFor(pluginDir), `${dead}\n`);
    expect(await withPluginLock(pluginDir, () => "ran", { waitMs: 200 })).toBe("ran");
  });

  test("a live holder makes us wait a bounded time, then fail with a clear line", async () => {
    writeFileSync(lockPathFor(pluginDir), `${process.pid}\n`);
    const started = Date.now();
    await expect(withPluginLock(pluginDir, () => "ran", { waitMs: 150, pollMs: 10 })).rejects.toThrow(
      new RegExp(`another k3d plugin command \\(pid ${process.pid}\\) is changing this plugin .* delete .*\\.repo\\.lock`),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    // Not ours to remove.
    expect(existsSync(lockPathFor(pluginDir))).toBe(true);
  });
});
