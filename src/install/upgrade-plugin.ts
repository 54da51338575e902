/**
 * Upgrading one installed plugin (SPEC §5): a GitHub plugin to its latest release,
 * unless it is pinned (`@TAG`) and not forced; a path or URL plugin only with --force,
 * by installing again from the same source. The install itself is `installPlugin`,
 * replacing the plugin in place: a failure leaves the old version and its hooks as they
 * were, and so does declining the new version's hooks at `confirm` (consent).
 */
import { latestReleaseTag } from "../sources/fetch-plugin.ts";
import { parseSource } from "../sources/parse-source.ts";
import { readReceipt } from "../plugins/receipt.ts";
import type { InstalledPlugin } from "../plugins/types.ts";
import { DeclinedError, installPlugin, type InstallContext, type InstallOutcome, type StagedInstall } from "./install-plugin.ts";

export type UpgradeResult =
  | { kind: "upgraded"; outcome: InstallOutcome }
  /** The new version's hooks were declined: the installed version stays, untouched. */
  | { kind: "declined"; next: StagedInstall["plugin"] }
  | { kind: "up-to-date"; tag: string | undefined }
  /** Not upgraded, and why (pinned; installed from a path or URL). */
  | { kind: "skipped"; reason: string };

/** `confirm`: asked about the staged new version before it replaces the installed one (consent). */
export async function upgradePlugin(
  plugin: InstalledPlugin,
  force: boolean,
  ctx: InstallContext,
  confirm?: (staged: StagedInstall) => Promise<boolean>,
): Promise<UpgradeResult> {
  const receipt = readReceipt(plugin.dir);
  // Decided from the receipt first: parsing a path source checks that it still exists,
  // which a plugin that is only being skipped must not need.
  if (receipt.kind !== "github" && !force) {
    return { kind: "skipped", reason: `installed from ${receipt.source}, which has no releases to compare; --force installs it again from there` };
  }
  const source = parseSource(receipt.source, "/");
  if (source.kind !== "github") return reinstall(plugin, source, ctx, confirm);
  if (receipt.pinned && !force) {
    return { kind: "skipped", reason: `pinned to ${receipt.tag ?? source.tag} (installed as ${receipt.source}); --force upgrades it anyway` };
  }
  const latest = await latestReleaseTag(source.owner, source.repo, ctx.env);
  if (latest === receipt.tag) return { kind: "up-to-date", tag: latest };
  // Unpinned: install "the latest" again, so the receipt keeps following releases.
  // Pinned and forced: pin the release it moves to.
  const next = receipt.pinned ? { ...source, tag: latest, text: `${source.owner}/${source.repo}@${latest}` } : { ...source, tag: undefined };
  return reinstall(plugin, next, ctx, confirm);
}

async function reinstall(
  plugin: InstalledPlugin,
  source: Parameters<typeof installPlugin>[0]["source"],
  ctx: InstallContext,
  confirm: ((staged: StagedInstall) => Promise<boolean>) | undefined,
): Promise<UpgradeResult> {
  let next: StagedInstall["plugin"] | undefined;
  const asked = confirm && (async (staged: StagedInstall) => ((next = staged.plugin), confirm(staged)));
  try {
    // The name it is known by stays: hook links, `exec` and scripts use it (and it may
    // have been chosen with --name).
    const outcome = await installPlugin({ source, nameOverride: plugin.metadata.name, replaceCurrent: true, replaceSameName: false }, ctx, asked);
    return { kind: "upgraded", outcome };
  } catch (error) {
    if (error instanceof DeclinedError && next) return { kind: "declined", next };
    throw error;
  }
}
