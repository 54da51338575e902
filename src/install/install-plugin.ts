/**
 * Installing a plugin (SPEC §6), as the steps that keep a failure harmless:
 *
 *   stage → fetch (download, verify, unpack) → find its metadata → choose its executable
 *   → write plugin.yaml and receipt.yaml → [consent] → [lock the store] check collisions
 *   → place it [unlock]
 *
 * Everything up to the lock happens in a private staging folder beside the final one;
 * a failure there deletes the staging folder and has touched nothing else. `upgrade`
 * runs the same steps, replacing the plugin in place. `prepareInstall` and
 * `placeStaged` are the two halves, for installing several plugins at once.
 *
 * SIGINT, SIGTERM or SIGHUP stop it the same way, up to the lock: the download or the
 * INFO question is ended, the staging folder deleted, and the command ends with
 * 128 + the signal's number. Once the store is locked, the few renames that place the
 * plugin run to their end (they are synchronous: no signal handler runs in between).
 */
import { resolve } from "node:path";
import { K3dxError } from "../errors.ts";
import type { Env } from "../process/env.ts";
import { fetchPlugin } from "../sources/fetch-plugin.ts";
import type { SourceSpec } from "../sources/parse-source.ts";
import { dirName, joinPath } from "../platform/paths.ts";
import { listInstalledPlugins, readInstalledPlugin } from "../plugins/installed-plugins.ts";
import { LOCAL_OWNER, localPluginFolder, pluginFolder, pluginsRoot } from "../plugins/store-layout.ts";
import type { InstalledPlugin, Receipt } from "../plugins/types.ts";
import { chooseExecutable } from "./choose-executable.ts";
import { discoverMetadata } from "./discover-metadata.ts";
import { placePluginReversibly } from "./place-plugin.ts";
import { planPlacement, type PlacementPlan } from "./plan-placement.ts";
import type { HookLinkSet } from "./hook-links.ts";
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
  /** `--sha256`, or the lock's digest for this platform: the digest the download must have. */
  sha256?: string;
  /** Who asked for `sha256`, for the mismatch message (default `--sha256`). */
  sha256From?: string;
  /** GitHub: install this release, while the receipt keeps `source` (an unpinned source stays unpinned). */
  releaseTag?: string;
  /** GitHub: the asset the lock names for this platform; the release choosing another fails the install. */
  asset?: string;
  /** `--name`. */
  nameOverride?: string;
  /** Replace the plugin already in the target folder (upgrade, --force). */
  replaceCurrent: boolean;
  /** Replace a plugin of the same name installed from elsewhere (--force). */
  replaceSameName: boolean;
  /** Replace the plugin from the same source when its bytes differ from these (a project install). */
  replaceChanged?: boolean;
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

/** A plugin fetched, verified and described in its staging folder: everything but the placing. */
export interface StagedInstall {
  kind: "staged";
  request: InstallRequest;
  /** The plugin as it will be once placed (`dir` is its final folder). */
  plugin: InstalledPlugin;
  /** The staged plugin folder. */
  root: string;
  /** What the user should know: the asset runs under emulation; why the plugin got default metadata. */
  notes: string[];
  /** Deletes the staging folder (and store folders a failed first install created). */
  discard(): void;
}

export type PreparedInstall = { kind: "unchanged"; outcome: InstallOutcome } | StagedInstall;

/** Declining a plugin's hooks at the consent question. */
export class DeclinedError extends K3dxError {
  constructor(name: string) {
    super(`${name} was not installed: its hooks were declined`);
  }
}

/** Ctrl-C at the consent question: the whole command stops, with the status Ctrl-C gives. */
export class CancelledError extends K3dxError {
  constructor(what: "installed" | "upgraded" = "installed") {
    super(`cancelled: nothing more was ${what}`, 130);
  }
}

/**
 * The whole transaction for one plugin. `confirm` is asked once the plugin is staged
 * (so what it is shown is what would be placed) and before the store is touched.
 */
export async function installPlugin(
  request: InstallRequest,
  ctx: InstallContext,
  confirm?: (staged: StagedInstall) => Promise<boolean>,
): Promise<InstallOutcome> {
  const interrupts = watchInterrupts();
  const abort = interrupts.abortSignal;
  try {
    const prepared = await prepareInstall(request, ctx, abort);
    if (prepared.kind === "unchanged") return prepared.outcome;
    try {
      const preview = previewPlacement(prepared, ctx);
      if (preview === "place" && confirm && !(await confirm(prepared))) throw new DeclinedError(prepared.plugin.metadata.name);
      // The last moment to stop: from here on the store changes.
      abort.throwIfAborted();
      return await withStoreLock(ctx.home, () => placeStaged(prepared, ctx).commit(), { abort });
    } finally {
      prepared.discard();
    }
  } catch (error) {
    // Whatever failed once the signal came (an aborted download, a killed question) failed because of it.
    if (interrupts.received) throw new InterruptedError(interrupts.received, "nothing was installed or changed");
    throw error;
  } finally {
    interrupts.stop();
  }
}

/** Steps up to the lock: stage, fetch, metadata, executable, store files. */
export async function prepareInstall(request: InstallRequest, ctx: InstallContext, abort?: AbortSignal): Promise<PreparedInstall> {
  const { source } = request;
  const knownTarget = source.kind === "github" ? pluginFolder(ctx.home, source.owner, source.repo) : undefined;
  // A GitHub plugin's folder is known before anything is downloaded: skip the download
  // when that very source is installed already (with the very bytes asked for, if any).
  if (knownTarget && !request.replaceCurrent) {
    const current = readInstalledPlugin(knownTarget);
    const sameName = request.nameOverride === undefined || current?.metadata.name === request.nameOverride;
    const sameBytes = !request.replaceChanged || (request.sha256 !== undefined && current?.receipt?.sha256 === request.sha256);
    if (current && sameName && sameBytes && current.receipt?.source === receiptSource(source)) return { kind: "unchanged", outcome: { kind: "unchanged", plugin: current, notes: [] } };
  }

  // Staged in the folder the plugin will live in, so that placing it is one rename.
  const ownerDir = knownTarget ? dirName(knownTarget) : joinPath(pluginsRoot(ctx.home), LOCAL_OWNER);
  const staging = createStaging(ownerDir);
  const discard = () => {
    staging.remove();
    // A failed first install leaves no empty folders behind either.
    removeIfEmpty(ownerDir);
    removeIfEmpty(pluginsRoot(ctx.home));
  };
  try {
    const fetchSource = source.kind === "github" && request.releaseTag !== undefined ? { ...source, tag: request.releaseTag } : source;
    const fetched = await fetchPlugin(fetchSource, staging.fetchInto, {
      env: ctx.env,
      sha256: request.sha256,
      sha256From: request.sha256From,
      asset: request.asset,
      progress: ctx.progress,
    });
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
    const plugin: InstalledPlugin = { metadata, receipt, dir: target, executable: joinPath(target, executable) };
    const notes = [fetched.note, note].filter((text): text is string => text !== undefined);
    return { kind: "staged", request, plugin, root, notes, discard };
  } catch (error) {
    discard();
    throw error;
  }
}

/**
 * The collision checks against the store as it is now, without the lock: a plugin that
 * cannot be placed fails before anyone is asked about it, and one already there as it
 * is ("unchanged") is not asked about. `placeStaged` checks again under the lock.
 */
export function previewPlacement(staged: StagedInstall, ctx: InstallContext): "unchanged" | "place" {
  return planFor(staged, ctx).kind;
}

/**
 * Steps under the lock: check collisions against the store as it is now, then place the
 * plugin, keeping the way back open until `commit()`. Callers hold the store's lock.
 */
export function placeStaged(staged: StagedInstall, ctx: InstallContext): { commit(): InstallOutcome; rollback(): void } {
  const { plugin, root, notes } = staged;
  const plan = planFor(staged, ctx);
  if (plan.kind === "unchanged") return { commit: () => ({ kind: "unchanged", plugin: plan.current, notes: [] }), rollback() {} };
  const placed = placePluginReversibly({ home: ctx.home, staged: root, target: plugin.dir, links: linksOfStaged(staged), current: plan.current, displaced: plan.displaced });
  const previous = plan.current ?? plan.displaced;
  return {
    commit() {
      placed.commit();
      return { kind: previous ? "replaced" : "installed", plugin, previous, notes };
    },
    rollback: placed.rollback,
  };
}

function planFor(staged: StagedInstall, ctx: InstallContext): PlacementPlan {
  const { request, plugin } = staged;
  return planPlacement({
    home: ctx.home,
    store: listInstalledPlugins(ctx.home),
    target: plugin.dir,
    metadata: plugin.metadata,
    receipt: plugin.receipt!,
    links: linksOfStaged(staged),
    replaceCurrent: request.replaceCurrent,
    replaceSameName: request.replaceSameName,
    replaceChanged: request.replaceChanged,
  });
}

function linksOfStaged({ plugin }: StagedInstall): HookLinkSet {
  return { name: plugin.metadata.name, events: plugin.metadata.hooks.map((hook) => hook.event), executable: plugin.executable! };
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
