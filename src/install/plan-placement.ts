/**
 * Deciding, under the store's lock, whether a staged plugin may take its place in the
 * store, and what it replaces (SPEC §6 "Safety"): names and commands are unique across
 * the store; builtins were already refused by the schema; `--force` replaces a plugin of
 * the same name, never one that merely answers the same command.
 */
import { existsSync } from "node:fs";
import { K3dxError } from "../errors.ts";
import { hooksRoot } from "../plugins/store-layout.ts";
import type { InstalledPlugin, PluginMetadata, Receipt } from "../plugins/types.ts";
import { foreignHookEntry, type HookLinkSet } from "./hook-links.ts";

export interface PlacementRequest {
  home: string;
  /** Every plugin in the store now. */
  store: InstalledPlugin[];
  target: string;
  metadata: PluginMetadata;
  receipt: Receipt;
  /** The hook links the plugin will have. */
  links: HookLinkSet;
  /** Replace the plugin in `target` (upgrade, --force). */
  replaceCurrent: boolean;
  /** Replace a plugin of the same name in another folder (--force). */
  replaceSameName: boolean;
  /**
   * Replace the plugin in `target` when it came from the same source (for GitHub: the
   * same repository, whatever tag it pins) but its bytes or receipt differ: a project
   * install brings the store to what k3d-plugins.lock says.
   */
  replaceChanged?: boolean;
}

export type PlacementPlan =
  /** The same plugin from the same source is already there: nothing to do. */
  | { kind: "unchanged"; current: InstalledPlugin }
  | { kind: "place"; current?: InstalledPlugin; displaced?: InstalledPlugin };

export function planPlacement(request: PlacementRequest): PlacementPlan {
  const { store, target, metadata, receipt } = request;
  const current = store.find((plugin) => plugin.dir === target);
  if (!current && existsSync(target) && !request.replaceCurrent) {
    throw new K3dxError(`${target} exists but holds no readable plugin; install with --force to replace it`);
  }
  if (current && !request.replaceCurrent) {
    const sameName = current.metadata.name === metadata.name;
    const sameSource = sameName && current.receipt?.source === receipt.source;
    // A project install brings a GitHub plugin to the lock whatever `@TAG` its receipt
    // names now (`upgrade --force` re-pins): the folder is that repository's, so the
    // plugin in it is the one the project asks for, at another release.
    const sameRepository = sameName && request.replaceChanged === true && current.receipt?.kind === "github" && receipt.kind === "github";
    const changed = request.replaceChanged === true && (current.receipt?.sha256 !== receipt.sha256 || current.receipt?.source !== receipt.source);
    if (sameSource && !changed) return { kind: "unchanged", current };
    if (!sameSource && !sameRepository) {
      throw new K3dxError(
        `${current.metadata.name} is already installed in ${target} from ${current.receipt?.source ?? "an unknown source"}; ` +
          `run 'k3d plugin upgrade ${current.metadata.name}', or install with --force to replace it`,
      );
    }
  }

  const others = store.filter((plugin) => plugin.dir !== target);
  const sameName = others.find((plugin) => plugin.metadata.name === metadata.name);
  if (sameName && !request.replaceSameName) {
    throw new K3dxError(
      `a plugin named ${metadata.name} is already installed from ${sourceOf(sameName)}; ` +
        `install with --force to replace it, or with --name NAME to install this one beside it`,
    );
  }
  const sameCommand = others.find((plugin) => plugin !== sameName && metadata.command !== "" && plugin.metadata.command === metadata.command);
  if (sameCommand) {
    throw new K3dxError(
      `the command 'k3d ${metadata.command}' already runs plugin ${sameCommand.metadata.name} (from ${sourceOf(sameCommand)}); ` +
        (metadata.command === metadata.name
          ? `remove that plugin first, or install this one with --name NAME`
          : `remove that plugin first (this one's plugin.yaml sets command: ${metadata.command}, which --name does not change)`),
    );
  }
  const foreign = foreignHookEntry(request.home, request.links);
  if (foreign) {
    throw new K3dxError(`${foreign} already exists and is not a hook link made by k3dx; move it out of ${hooksRoot(request.home)} and install again`);
  }
  return { kind: "place", current, displaced: sameName };
}

function sourceOf(plugin: InstalledPlugin): string {
  return plugin.receipt?.source ?? plugin.dir;
}
