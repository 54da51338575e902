/**
 * `k3d plugin lock` (SPEC §9): writes k3d-plugins.lock beside the nearest
 * k3d-plugins.yaml, every plugin resolved anew (the latest release of an unpinned
 * source) for every platform k3dx is released for. Nothing is installed. The lock is
 * written whole or not at all: a plugin that cannot be locked leaves the old lock as it was.
 */
import { defineCommand } from "citty";
import { K3dxError, printErrorLine } from "../errors.ts";
import { printable } from "../platform/printable.ts";
import { failureLine } from "../project/install-set.ts";
import { createLimiter } from "../project/limiter.ts";
import { lockEntryFor } from "../project/lock-entry.ts";
import { LOCK_FILE, lockPath, writeLockFile, type LockEntry } from "../project/lock-file.ts";
import { entryKey, findProjectFile, PROJECT_FILE, projectTrust, readProjectFile } from "../project/project-file.ts";
import { PARALLEL_FETCHES_MAX } from "../limits.ts";
import { RELEASE_PLATFORMS } from "../sources/release-platforms.ts";
import { commandContext } from "./context.ts";
import { strictArgs } from "./strict-args.ts";
import { counted } from "../platform/counted.ts";

export default defineCommand({
  meta: { name: "lock", description: "Write k3d-plugins.lock: each plugin of k3d-plugins.yaml resolved for every platform, with its SHA-256" },
  args: {},
  setup: strictArgs(),
  async run() {
    const ctx = commandContext();
    const path = findProjectFile(process.cwd());
    // Bad usage (exit 2), as 'plugin install' with neither a SOURCE nor a project file is.
    if (!path) throw new K3dxError(`no ${PROJECT_FILE} in this folder or a parent; write one (see 'k3d plugin install --help') and run this again`, 2);
    const file = readProjectFile(path, projectTrust(ctx.env));
    const limit = createLimiter(PARALLEL_FETCHES_MAX);
    const settled = await Promise.allSettled(file.entries.map((entry) => lockEntryFor(entry, { env: ctx.env, limit })));
    const failures = settled.flatMap((result, index) => (result.status === "rejected" ? [failureLine(file.entries[index]!.source, result.reason)] : []));
    if (failures.length > 0) {
      for (const failure of failures) printErrorLine(failure);
      throw new K3dxError(`${LOCK_FILE} was not written: ${failures.length} of ${counted(file.entries.length, "plugin")} could not be locked`);
    }
    const locked = settled.map((result) => (result as PromiseFulfilledResult<Awaited<ReturnType<typeof lockEntryFor>>>).value);
    for (const warning of locked.flatMap((plugin) => plugin.warnings)) printErrorLine(`warning: ${warning}`);
    const entries = locked.map((plugin) => plugin.entry);
    const target = lockPath(file.dir);
    const written = writeLockFile(target, { entries });
    process.stdout.write(entries.map(describe).join(""));
    process.stdout.write(written ? `wrote ${target} (${counted(entries.length, "plugin")})\n` : `${target} is up to date (${counted(entries.length, "plugin")})\n`);
  },
});

/** `acme/k3d-dns@v1.2.0  v1.2.0, 6 of 7 platforms`, `./tools/k3d-hello  sha256 9b2e…`. */
function describe(entry: LockEntry): string {
  if (entry.kind === "digest") return `${printable(entryKey(entry))}  sha256 ${entry.sha256}\n`;
  const served = RELEASE_PLATFORMS.filter(({ id }) => entry.platforms[id] !== "none").length;
  return `${printable(entryKey(entry))}  ${printable(entry.tag)}, ${served} of ${RELEASE_PLATFORMS.length} platforms\n`;
}
