/**
 * A temporary K3DX_HOME for unit tests of the install transaction: staged plugin folders
 * and installed plugins laid out exactly as `k3d plugin install` leaves them.
 */
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { hookEntryPath } from "../../src/install/hook-links.ts";
import { placePlugin } from "../../src/install/place-plugin.ts";
import { writeStoreFiles } from "../../src/install/staging.ts";
import { readInstalledPlugin } from "../../src/plugins/installed-plugins.ts";
import type { InstalledPlugin, LifecycleEvent, PluginMetadata, Receipt } from "../../src/plugins/types.ts";

export interface StoreWorld {
  home: string;
  /** A complete staged plugin folder under plugins/OWNER/.staging-…, ready to place. */
  stage(owner: string, metadata: Partial<PluginMetadata> & { name: string }, body?: string): string;
  /** Installs directly through placePlugin, as a finished install would have. */
  install(owner: string, repo: string, metadata: Partial<PluginMetadata> & { name: string }, body?: string): InstalledPlugin;
  /** Every file, link (with its target) and folder under home, for before/after comparisons. */
  snapshot(): Record<string, string>;
  cleanup(): void;
}

export function receiptFor(source: string, executable: string): Receipt {
  return { source, kind: "local", pinned: false, sha256: "0".repeat(64), installedAt: new Date(0).toISOString(), executable };
}

export function createStoreWorld(): StoreWorld {
  const home = mkdtempSync(join(tmpdir(), "k3dx-store-"));
  let serial = 0;
  const stage: StoreWorld["stage"] = (owner, partial, body = "echo hi") => {
    const metadata: PluginMetadata = { command: partial.name, hooks: [], ...partial };
    const dir = join(home, "plugins", owner, `.staging-test${serial++}`, "unpacked");
    mkdirSync(dir, { recursive: true });
    const executable = `k3d-${metadata.name}`;
    writeFileSync(join(dir, executable), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, executable), 0o755);
    writeStoreFiles(dir, metadata, receiptFor(`./${metadata.name}-${body.length}`, executable));
    return dir;
  };
  return {
    home,
    stage,
    install(owner, repo, partial, body) {
      const staged = stage(owner, partial, body);
      const target = join(home, "plugins", owner, repo);
      const events = (partial.hooks ?? []).map((hook) => hook.event);
      placePlugin({ home, staged, target, links: { name: partial.name, events, executable: join(target, `k3d-${partial.name}`) } });
      rmSync(join(staged, ".."), { recursive: true, force: true });
      return readInstalledPlugin(target)!;
    },
    snapshot: () => treeSnapshot(home),
    cleanup: () => rmSync(home, { recursive: true, force: true }),
  };
}

/** Every file (mode and text), link (target and inode) and folder under `root`, by relative path. */
export function treeSnapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const key = relative(root, path);
      const stat = lstatSync(path);
      if (stat.isSymbolicLink()) out[key] = `link -> ${readlinkSync(path)} (ino ${stat.ino})`;
      else if (stat.isDirectory()) {
        out[key] = "dir";
        walk(path);
      } else out[key] = `file ${stat.mode.toString(8)} ${readFileSync(path, "utf8")}`;
    }
  };
  walk(root);
  return out;
}

export function hookPath(home: string, event: LifecycleEvent, name: string): string {
  return hookEntryPath(home, event, { name, events: [event], executable: `k3d-${name}` });
}
