/**
 * Installing a plugin (SPEC §6), as the steps that keep a failure harmless:
 *
 *   stage → fetch (download, verify, unpack) → find its metadata → choose its executable
 *   → write plugin.yaml and receipt.yaml → [lock the store] check collisions → place it [unlock]
 *
 * Everything up to the lock happens in a private staging folder beside the final one;
 * a failure there deletes the staging folder and has touched nothing else. `upgrade`
 * runs the same steps, replacing the plugin in place.
 *
 * SIGINT, SIGTERM or SIGHUP stop it the same way, up to the lock: the download or the
 * INFO question is ended, the staging folder deleted, and the command ends with
 * 128 + the signal's number. Once the store is locked, the few renames that place the
 * plugin run to their end (they are synchronous: no signal handler runs in between).
 */
import { resolve } from "node:path";
import type { Env } from "../process/env.ts";
import { fetchPlugin } from "../sources/fetch-plugin.ts";
import type { SourceSpec } from "../sources/parse-source.ts";
import { dirName, joinPath } from "../platform/paths.ts";
import { listInstalledPlugins, readInstalledPlugin } from "../plugins/installed-plugins.ts";
import { LOCAL_OWNER, localPluginFolder, pluginFolder, pluginsRoot } from "../plugins/store-layout.ts";
import type { InstalledPlugin, PluginMetadata, Receipt } from "../plugins/types.ts";
import { chooseExecutable } from "./choose-executable.ts";
import { discoverMetadata } from "./discover-metadata.ts";
import { placePlugin } from "./place-plugin.ts";
import { planPlacement } from "./plan-placement.ts";
import { InterruptedError, watchInterrupts } from "../process/interrupts.ts";
import { withStoreLock } from "./store-lock.ts";
import { createStaging, pluginRootOf, removeIfEmpty, writeStoreFiles } from "./staging.ts";

/** What the install needs from the world, read once by the command. */
export interface InstallContext {
  /** $K3DX_HOME, absolute. */
  home: string;
  /** The user's environment, for downloads (tokens, proxies) and the INFO protocol. */
  env: Env;
  /** Real k3d (K3D_BINARY for the INFO protocol); "" when none was found. */
  k3dBinary: string;
  wrapperPath: string;
  depth: number;
  /** Show download progress (stderr is a terminal). */
  progress: boolean;
}

export interface InstallRequest {
  source: SourceSpec;
  /** `--sha256`: the digest the download must have. */
  sha256?: string;
  /** `--name`. */
  nameOverride?: string;
  /** Replace the plugin already in the target folder (upgrade, --force). */
  replaceCurrent: boolean;
  /** Replace a plugin of the same name installed from elsewhere (--force). */
  replaceSameName: boolean;
}

export interface InstallOutcome {
  /** `unchanged`: that plugin from that source was already there. */
  kind: "installed" | "replaced" | "unchanged";
  plugin: InstalledPlugin;
  /** What it replaced, if anything. */
  previous?: InstalledPlugin;
  /** What the user should know: the asset runs under emulation; why the plugin got default metadata. */
  notes: string[];
}

export async function installPlugin(request: InstallRequest, ctx: InstallContext): Promise<InstallOutcome> {
  const interrupts = watchInterrupts();
  try {
    return await install(request, ctx, interrupts.abortSignal);
  } catch (error) {
    // Whatever failed once the signal came (an aborted download, a killed question) failed because of it.
    if (interrupts.received) throw new InterruptedError(interrupts.received, "nothing was installed or changed");
    throw error;
  } finally {
    interrupts.stop();
  }
}

async function install(request: InstallRequest, ctx: InstallContext, abort: AbortSignal): Promise<InstallOutcome> {
  const { source } = request;
  const knownTarget = source.kind === "github" ? pluginFolder(ctx.home, source.owner, source.repo) : undefined;
  // A GitHub plugin's folder is known before anything is downloaded: skip the download
  // when that very source is installed already.
  if (knownTarget && !request.replaceCurrent) {
    const current = readInstalledPlugin(knownTarget);
    const sameName = request.nameOverride === undefined || current?.metadata.name === request.nameOverride;
    if (current && sameName && current.receipt?.source === receiptSource(source)) return { kind: "unchanged", plugin: current, notes: [] };
  }

  // Staged in the folder the plugin will live in, so that placing it is one rename.
  const ownerDir = knownTarget ? dirName(knownTarget) : joinPath(pluginsRoot(ctx.home), LOCAL_OWNER);
  const staging = createStaging(ownerDir);
  try {
    const fetched = await fetchPlugin(source, staging.fetchInto, { env: ctx.env, sha256: request.sha256, progress: ctx.progress });
    const root = pluginRootOf(fetched.dir);
    const { metadata, note } = await discoverMetadata({
      root,
      defaultName: fetched.defaultName,
      nameOverride: request.nameOverride,
      run: { env: ctx.env, k3dBinary: ctx.k3dBinary, wrapperPath: ctx.wrapperPath, depth: ctx.depth, abort },
    });
    const executable = chooseExecutable(root, metadata.name);
    const receipt: Receipt = {
      source: receiptSource(source),
      kind: source.kind,
      tag: fetched.tag,
      pinned: source.kind === "github" && source.tag !== undefined,
      assetUrl: fetched.assetUrl,
      sha256: fetched.sha256,
      installedAt: new Date().toISOString(),
      executable,
    };
    writeStoreFiles(root, metadata, receipt);
    const target = knownTarget ?? localPluginFolder(ctx.home, metadata.name);
    const notes = [fetched.note, note].filter((text): text is string => text !== undefined);
    // The last moment to stop: from here on the store changes.
    abort.throwIfAborted();
    return await withStoreLock(ctx.home, () => commit({ request, ctx, root, target, metadata, receipt, notes }), { abort });
  } finally {
    staging.remove();
    // A failed first install leaves no empty folders behind either.
    removeIfEmpty(ownerDir);
    removeIfEmpty(pluginsRoot(ctx.home));
  }
}

interface Commit {
  request: InstallRequest;
  ctx: InstallContext;
  root: string;
  target: string;
  metadata: PluginMetadata;
  receipt: Receipt;
  notes: string[];
}

function commit({ request, ctx, root, target, metadata, receipt, notes }: Commit): InstallOutcome {
  const executable = joinPath(target, receipt.executable);
  const links = { name: metadata.name, events: metadata.hooks.map((hook) => hook.event), executable };
  const plan = planPlacement({
    home: ctx.home,
    store: listInstalledPlugins(ctx.home),
    target,
    metadata,
    receipt,
    links,
    replaceCurrent: request.replaceCurrent,
    replaceSameName: request.replaceSameName,
  });
  if (plan.kind === "unchanged") return { kind: "unchanged", plugin: plan.current, notes: [] };
  placePlugin({
    home: ctx.home,
    staged: root,
    target,
    links,
    current: plan.current,
    displaced: plan.displaced,
  });
  const plugin: InstalledPlugin = { metadata, receipt, dir: target, executable };
  const previous = plan.current ?? plan.displaced;
  return { kind: previous ? "replaced" : "installed", plugin, previous, notes };
}

/**
 * The source as the receipt keeps it, enough to install it again from anywhere:
 * `owner/repo[@tag]`, an absolute path, or the URL.
 */
export function receiptSource(source: SourceSpec): string {
  switch (source.kind) {
    case "github":
      return `${source.owner}/${source.repo}${source.tag === undefined ? "" : `@${source.tag}`}`;
    case "local":
      return resolve(source.path);
    case "url":
      return source.url;
  }
}
