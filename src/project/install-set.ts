/**
 * Installing several plugins in one command (`install A B C`, `install` from
 * k3d-plugins.yaml):
 *
 *   every plugin fetched, verified and described in parallel (at most a few at once)
 *   → consent, one plugin at a time, in the order given → placed under the store lock
 *
 * The store lock serialises only the placing, so a slow download never holds it. Two
 * ways to end:
 *   - each for itself: a plugin is placed as soon as it is consented; one failing or
 *     declined leaves the others installed;
 *   - all or nothing (`--locked`): nothing is placed until every plugin is staged and
 *     consented; then all are placed under one lock, and if one placement fails, those
 *     placed before it are rolled back. One failure anywhere: nothing is installed.
 */
import { K3dxError } from "../errors.ts";
import {
  CancelledError,
  prepareInstall,
  placeStaged,
  previewPlacement,
  type InstallContext,
  type InstallOutcome,
  type InstallRequest,
  type PreparedInstall,
  type StagedInstall,
} from "../install/install-plugin.ts";
import { withStoreLock } from "../install/store-lock.ts";
import type { InstalledPlugin } from "../plugins/types.ts";
import type { Limiter } from "./limiter.ts";

export interface SetMember {
  /** How the user named it: the source as given. */
  label: string;
  /** The request; a promise, so that resolving it (locking a new entry) runs in parallel too. */
  request: () => Promise<InstallRequest>;
}

export type MemberResult = { label: string; fetched?: InstalledPlugin } & (
  | { kind: "done"; outcome: InstallOutcome }
  | { kind: "failed"; error: unknown }
  | { kind: "declined" }
  /** All or nothing, and another plugin failed or was declined: this one was not placed. */
  | { kind: "held-back" }
);

export interface SetOptions {
  ctx: InstallContext;
  limit: Limiter;
  /** Asked for each staged plugin, one at a time, in the members' order; false declines it. */
  confirm?: (staged: StagedInstall) => Promise<boolean>;
  allOrNothing: boolean;
}

/** One result per member, in the members' order. A cancelled question (Ctrl-C) is thrown, after every staging folder is gone. */
export async function installSet(members: SetMember[], options: SetOptions): Promise<MemberResult[]> {
  const { ctx, limit } = options;
  const prepared = members.map(async (member): Promise<PreparedInstall> => {
    const request = await member.request();
    return limit(() => prepareInstall(request, ctx));
  });
  // Awaited one by one below; a rejection must not count as unhandled before its turn.
  for (const promise of prepared) promise.catch(() => {});
  return options.allOrNothing ? allOrNothing(members, prepared, options) : eachForItself(members, prepared, options);
}

async function eachForItself(members: SetMember[], prepared: Promise<PreparedInstall>[], options: SetOptions): Promise<MemberResult[]> {
  const placing: Promise<MemberResult>[] = [];
  for (const [index, member] of members.entries()) {
    const label = member.label;
    let staged: StagedInstall;
    try {
      const ready = await prepared[index]!;
      if (ready.kind === "unchanged") {
        placing.push(Promise.resolve({ label, kind: "done", outcome: ready.outcome, fetched: ready.outcome.plugin }));
        continue;
      }
      staged = ready;
    } catch (error) {
      placing.push(Promise.resolve({ label, kind: "failed", error }));
      continue;
    }
    const fetched = staged.plugin;
    let consented: boolean;
    try {
      // A plugin that cannot be placed fails before it is asked about.
      consented = previewPlacement(staged, options.ctx) === "unchanged" || (await ask(options, staged));
    } catch (error) {
      staged.discard();
      if (error instanceof CancelledError) {
        await discardAll(prepared.slice(index + 1));
        await Promise.allSettled(placing);
        throw error;
      }
      placing.push(Promise.resolve({ label, kind: "failed", error, fetched }));
      continue;
    }
    if (!consented) {
      staged.discard();
      placing.push(Promise.resolve({ label, kind: "declined", fetched }));
      continue;
    }
    // Placed while the next plugin is asked about; the store lock orders the placements.
    placing.push(
      withStoreLock(options.ctx.home, () => placeStaged(staged, options.ctx).commit())
        .then((outcome): MemberResult => ({ label, kind: "done", outcome, fetched }))
        .catch((error): MemberResult => ({ label, kind: "failed", error, fetched }))
        .finally(() => staged.discard()),
    );
  }
  return Promise.all(placing);
}

async function allOrNothing(members: SetMember[], prepared: Promise<PreparedInstall>[], options: SetOptions): Promise<MemberResult[]> {
  const settled = await Promise.allSettled(prepared);
  const ready = settled.map((result) => (result.status === "fulfilled" ? result.value : undefined));
  const staged = ready.filter((item): item is StagedInstall => item?.kind === "staged");
  try {
    const results: MemberResult[] = settled.map((result, index) => {
      const label = members[index]!.label;
      if (result.status === "rejected") return { label, kind: "failed", error: result.reason };
      if (result.value.kind === "unchanged") return { label, kind: "done", outcome: result.value.outcome, fetched: result.value.outcome.plugin };
      return { label, kind: "held-back", fetched: result.value.plugin };
    });
    if (results.some((result) => result.kind === "failed")) return results;

    for (const [index, item] of ready.entries()) {
      if (item?.kind !== "staged") continue;
      try {
        if (previewPlacement(item, options.ctx) === "unchanged") continue;
      } catch (error) {
        results[index] = { label: members[index]!.label, kind: "failed", error, fetched: item.plugin };
        return results;
      }
      if (!(await ask(options, item))) {
        results[index] = { label: members[index]!.label, kind: "declined", fetched: item.plugin };
        return results;
      }
    }

    return await withStoreLock(options.ctx.home, () => {
      const placed: { index: number; commit(): InstallOutcome; rollback(): void }[] = [];
      for (const [index, item] of ready.entries()) {
        if (item?.kind !== "staged") continue;
        try {
          placed.push({ index, ...placeStaged(item, options.ctx) });
        } catch (error) {
          for (const done of placed.reverse()) done.rollback();
          results[index] = { label: members[index]!.label, kind: "failed", error, fetched: item.plugin };
          return results;
        }
      }
      for (const { index, commit } of placed) {
        const fetched = (ready[index] as StagedInstall).plugin;
        results[index] = { label: members[index]!.label, kind: "done", outcome: commit(), fetched };
      }
      return results;
    });
  } finally {
    for (const item of staged) item.discard();
  }
}

async function ask(options: SetOptions, staged: StagedInstall): Promise<boolean> {
  return options.confirm ? options.confirm(staged) : true;
}

async function discardAll(prepared: Promise<PreparedInstall>[]): Promise<void> {
  for (const result of await Promise.allSettled(prepared)) {
    if (result.status === "fulfilled" && result.value.kind === "staged") result.value.discard();
  }
}

/** The error of a failed member as one line, naming the member. */
export function failureLine(label: string, error: unknown): string {
  const message = error instanceof K3dxError ? error.message : `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
  return `${label}: ${message}`;
}
