/**
 * The store lock: mutual exclusion for every command that changes the store, release on
 * failure, stale locks taken over one at a time, a bounded wait.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installPlugin, type InstallContext } from "../../src/install/install-plugin.ts";
import { removePlugin } from "../../src/install/remove-plugin.ts";
import { withStoreLock } from "../../src/install/store-lock.ts";
import { readInstalledPlugin } from "../../src/plugins/installed-plugins.ts";
import { storeLockPath } from "../../src/plugins/store-layout.ts";
import { processIdentity } from "../../src/process/process-identity.ts";

let root: string;
let home: string;
let lock: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "k3dx-lock-"));
  home = join(root, "home");
  mkdirSync(join(home, "plugins"), { recursive: true });
  lock = storeLockPath(home);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const deadPid = () => Bun.spawnSync(["true"]).pid;

/** Holds the store lock until the returned function is called. */
function holdLock(): { release: () => Promise<void> } {
  let done!: () => void;
  const held = withStoreLock(home, () => new Promise<void>((resolve) => (done = resolve)));
  return {
    release: async () => {
      done();
      await held;
    },
  };
}

describe("withStoreLock", () => {
  test("the lock is plugins/.store.lock, holding our pid and identity, gone afterwards", async () => {
    expect(lock).toBe(join(home, "plugins", ".store.lock"));
    const seen = await withStoreLock(home, () => readFileSync(lock, "utf8"));
    expect(seen).toBe(`${process.pid} ${processIdentity(process.pid)}\n`);
    expect(seen).toMatch(/^\d+ linux:[0-9a-f-]+:\d+\n$/);
    expect(existsSync(lock)).toBe(false);
    // Nothing else is left beside it: the draft it was linked from is gone too.
    expect(readdirSync(join(home, "plugins"))).toEqual([]);
  });

  test("two holders never overlap", async () => {
    const events: string[] = [];
    const hold = (name: string) =>
      withStoreLock(home, async () => {
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
    await expect(withStoreLock(home, () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(existsSync(lock)).toBe(false);
  });

  test("a store whose plugins/ folder is gone (its last plugin was just removed) is locked all the same", async () => {
    rmSync(join(home, "plugins"), { recursive: true });
    expect(await withStoreLock(home, () => existsSync(lock))).toBe(true);
  });

  test("a lock left by a dead process is taken over", async () => {
    writeFileSync(lock, `${deadPid()}\n`);
    expect(await withStoreLock(home, () => "ran", { waitMs: 200 })).toBe("ran");
  });

  test("a live holder makes us wait a bounded time, then fail with a clear line", async () => {
    writeFileSync(lock, `${process.pid}\n`);
    const started = Date.now();
    await expect(withStoreLock(home, () => "ran", { waitMs: 150, pollMs: 10 })).rejects.toThrow(
      new RegExp(`another k3d plugin command \\(pid ${process.pid}\\) holds the plugin store's lock ${lock} .* delete ${lock} if no 'k3d plugin' command is running`),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    // Not ours to remove.
    expect(existsSync(lock)).toBe(true);
  });
});

describe("stale locks that a pid alone cannot tell", () => {
  const ago = (ms: number) => new Date(Date.now() - ms);

  test("an empty lock (a writer that died, or a full disk, in older versions) is taken over once it is 5 s old", async () => {
    writeFileSync(lock, "");
    utimesSync(lock, ago(6_000), ago(6_000));
    expect(await withStoreLock(home, () => "ran", { waitMs: 300, pollMs: 10 })).toBe("ran");
    expect(existsSync(lock)).toBe(false);
  });

  test("a fresh empty lock may be a writer at work: it is waited for", async () => {
    writeFileSync(lock, "");
    await expect(withStoreLock(home, () => "ran", { waitMs: 150, pollMs: 10 })).rejects.toThrow(/another k3d plugin command holds the plugin store's lock/);
  });

  test("a lock whose pid now belongs to another process (reused after a reboot) is taken over", async () => {
    // Our own pid, alive, but with a start time that is not ours: the lock's writer is gone.
    const [, bootId] = processIdentity(process.pid)!.split(":");
    writeFileSync(lock, `${process.pid} linux:${bootId}:1\n`);
    expect(await withStoreLock(home, () => "ran", { waitMs: 300, pollMs: 10 })).toBe("ran");
  });

  test("a lock from an earlier boot is taken over, whatever its pid", async () => {
    writeFileSync(lock, `1 linux:00000000-0000-0000-0000-000000000000:1\n`);
    expect(await withStoreLock(home, () => "ran", { waitMs: 300, pollMs: 10 })).toBe("ran");
  });

  test("a lock held by a live process with its own identity is respected", async () => {
    writeFileSync(lock, `1 ${processIdentity(1)}\n`);
    await expect(withStoreLock(home, () => "ran", { waitMs: 150, pollMs: 10 })).rejects.toThrow(/\(pid 1\) holds the plugin store's lock/);
  });
});

describe("taking over a stale lock", () => {
  // A takeover that deletes a lock it read as stale must be alone: otherwise, between its
  // read and its delete, another command can take the stale lock over and a third take
  // the store, and the delete removes that third command's live lock.
  test("while another command is taking it over, the stale lock is left to that command", async () => {
    writeFileSync(lock, `${deadPid()}\n`);
    writeFileSync(`${lock}.takeover`, `${process.pid}\n`);
    await expect(withStoreLock(home, () => "ran", { waitMs: 150, pollMs: 10 })).rejects.toThrow(/holds the plugin store's lock/);
    expect(existsSync(lock)).toBe(true);
  });

  test("a takeover guard left by a process killed during its takeover is removed after a few seconds", async () => {
    writeFileSync(lock, `${deadPid()}\n`);
    writeFileSync(`${lock}.takeover`, `${deadPid()}\n`);
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${lock}.takeover`, old, old);
    expect(await withStoreLock(home, () => "ran", { waitMs: 500, pollMs: 10 })).toBe("ran");
    expect(existsSync(`${lock}.takeover`)).toBe(false);
  });
});

describe("commands that change the store hold its lock", () => {
  const context = (): InstallContext => ({ home, env: { PATH: process.env.PATH }, k3dBinary: "", wrapperPath: "/bin/false", depth: 0, progress: false });

  function pluginSource(name: string, yaml: string): string {
    const dir = join(root, "src", name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "plugin.yaml"), yaml);
    writeFileSync(join(dir, `k3d-${name}`), "#!/bin/sh\n");
    chmodSync(join(dir, `k3d-${name}`), 0o755);
    return dir;
  }

  const install = (path: string) => installPlugin({ source: { kind: "local", path, text: path }, replaceCurrent: false, replaceSameName: false }, context());

  // Two installs into different folders (a uniqueness check across the store) must not
  // interleave their check and their rename: the lock is the store's, not the folder's.
  test("an install waits for the lock before it checks collisions and places the plugin", async () => {
    const source = pluginSource("tool", "name: tool\n");
    const held = holdLock();
    let finished = false;
    const pending = install(source).then(() => (finished = true));
    await Bun.sleep(300);
    expect(finished).toBe(false);
    expect(readInstalledPlugin(join(home, "plugins", "local", "tool"))).toBeUndefined();
    await held.release();
    await pending;
    expect(readInstalledPlugin(join(home, "plugins", "local", "tool"))?.metadata.name).toBe("tool");
  });

  test("a remove waits for the lock too", async () => {
    await install(pluginSource("tool", "name: tool\n"));
    const plugin = readInstalledPlugin(join(home, "plugins", "local", "tool"))!;
    const held = holdLock();
    const pending = removePlugin(home, plugin);
    await Bun.sleep(300);
    expect(existsSync(plugin.dir)).toBe(true);
    await held.release();
    await pending;
    expect(existsSync(plugin.dir)).toBe(false);
  });
});
