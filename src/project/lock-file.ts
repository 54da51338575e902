/**
 * `k3d-plugins.lock` (SPEC §9), beside k3d-plugins.yaml: exactly what `k3d plugin
 * install` installs for each plugin of the file, on every platform k3dx is released for.
 *
 *   version: 1
 *   plugins:
 *     - source: acme/k3d-dns@v1.2.0       # as written in k3d-plugins.yaml
 *       name: dns                         # the file's name:, when it has one
 *       tag: v1.2.0                       # the release
 *       platforms:                        # all seven, always, in this order
 *         darwin-amd64:
 *           asset: k3d-dns_1.2.0_darwin_amd64.tar.gz
 *           sha256: 3f1c…
 *         …
 *         windows-amd64: none             # the release has no asset for it
 *     - source: ./tools/k3d-hello         # a path or URL: one digest
 *       sha256: 9b2e…                     # (a folder: as --sha256 defines it)
 *
 * The text is deterministic so that it diffs well: entries sorted by source (then name),
 * fields in a fixed order, no timestamps; writing the same lock again changes nothing.
 * k3dx writes it, but it lives in a repository where people merge and edit it, so it is
 * read strictly, with positions, like the file beside it.
 */
import { renameSync, rmSync, writeFileSync } from "node:fs";
import * as v from "valibot";
import { K3dxError } from "../errors.ts";
import { dirName, joinPath } from "../platform/paths.ts";
import { nameProblem } from "../plugins/metadata-schema.ts";
import { isValidTagName } from "../net/release-tag.ts";
import { RELEASE_PLATFORMS } from "../sources/release-platforms.ts";
import { locateIssues } from "../yaml/schema-errors.ts";
import { listProblems, readYamlDocument } from "../yaml/yaml-document.ts";
import { entryKey, fieldMessage, readLimitedText, readProjectSource, sameTargetTwice, type ProjectTrust } from "./project-file.ts";
import { LOCK_FILE_MAX_BYTES, PROJECT_PLUGINS_MAX } from "../limits.ts";

export const LOCK_FILE = "k3d-plugins.lock";
/** The format's version: a lock from a newer k3dx is refused rather than misread. */
export const LOCK_VERSION = 1;

/** What one platform installs: an asset and its digest, or nothing (`none`). */
export type LockedAsset = { asset: string; sha256: string } | "none";

export type LockEntry =
  /** A GitHub release: its tag, and per platform id (`linux-amd64`, …) the asset. */
  | { kind: "release"; source: string; name?: string; tag: string; platforms: Record<string, LockedAsset> }
  /** A path or URL: the digest of what it holds (the same on every platform). */
  | { kind: "digest"; source: string; name?: string; sha256: string };

export interface LockFile {
  entries: LockEntry[];
}

const HEADER =
  "# k3d-plugins.lock: what `k3d plugin install` installs for k3d-plugins.yaml, on every platform.\n" +
  "# Written by `k3d plugin lock` and `k3d plugin install`; commit it, and review changes like code.\n";

/** Said after anything wrong in the lock's text: k3dx wrote it, and can write it again. */
const REWRITE_HINT = "(run 'k3d plugin lock' to write it again from k3d-plugins.yaml)";

export function lockPath(projectDir: string): string {
  return joinPath(projectDir, LOCK_FILE);
}

/** The lock as text: sorted, fields in a fixed order, the same bytes for the same lock. */
export function lockText(lock: LockFile): string {
  const plugins = [...lock.entries].sort(byKey).map((entry) => {
    const name = entry.name === undefined ? {} : { name: entry.name };
    if (entry.kind === "digest") return { source: entry.source, ...name, sha256: entry.sha256 };
    const platforms = Object.fromEntries(
      RELEASE_PLATFORMS.map(({ id }) => {
        const locked = entry.platforms[id] ?? "none";
        return [id, locked === "none" ? "none" : { asset: locked.asset, sha256: locked.sha256 }];
      }),
    );
    return { source: entry.source, ...name, tag: entry.tag, platforms };
  });
  return HEADER + Bun.YAML.stringify({ version: LOCK_VERSION, plugins }, null, 2) + "\n";
}

/**
 * Writes the lock unless it already says exactly this (its time stays, and git sees no
 * change); returns whether it wrote. A temporary file renamed over the old one: a reader
 * never sees half a lock, and a full disk leaves the old one whole.
 */
export function writeLockFile(path: string, lock: LockFile): boolean {
  const text = lockText(lock);
  try {
    if (readLimitedText(path, LOCK_FILE_MAX_BYTES) === text) return false;
  } catch {
    // Missing or unreadable: written anew.
  }
  const temporary = joinPath(dirName(path), `.${LOCK_FILE}.${process.pid}.tmp`);
  try {
    // Never group- or world-writable, whatever the umask: the next read would refuse it
    // (project-file.ts ProjectTrust). A file left by a crash would keep its own mode.
    rmSync(temporary, { force: true });
    writeFileSync(temporary, text, { mode: 0o644 });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new K3dxError(`cannot write ${path}: ${(error as Error).message}`);
  }
  return true;
}

/** Reads and checks the lock; every problem in one K3dxError, each with its line. */
export function readLockFile(path: string, trust: ProjectTrust): LockFile {
  const text = readLimitedText(path, LOCK_FILE_MAX_BYTES, trust);
  let doc;
  try {
    doc = readYamlDocument(text, path);
  } catch (error) {
    // Not YAML at all (a merge conflict left in it, say): the way out is the same.
    if (error instanceof K3dxError) throw new K3dxError(`${error.message}\n${REWRITE_HINT}`);
    throw error;
  }
  const result = v.safeParse(lockSchema(dirName(path)), doc.value);
  if (!result.success) {
    const problems = locateIssues(result.issues, doc, path);
    throw new K3dxError(`${listProblems(`${path} is not a lock k3dx can read`, problems)}\n${REWRITE_HINT}`);
  }
  return {
    entries: result.output.plugins.map((raw): LockEntry => {
      const name = raw.name === undefined ? {} : { name: raw.name };
      if (raw.platforms !== undefined && raw.tag !== undefined) {
        return { kind: "release", source: raw.source, ...name, tag: raw.tag, platforms: raw.platforms };
      }
      return { kind: "digest", source: raw.source, ...name, sha256: raw.sha256! };
    }),
  };
}

function byKey(a: LockEntry, b: LockEntry): number {
  const [x, y] = [entryKey(a), entryKey(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

const sha256Schema = v.pipe(v.string("must be a string"), v.regex(/^[0-9a-f]{64}$/, "must be a SHA-256 digest: 64 lower-case hex digits"));

const lockedAssetSchema = v.union(
  [
    v.literal("none"),
    v.strictObject({
      asset: v.pipe(v.string("must be a string"), v.nonEmpty("must not be empty"), v.check((name) => !/[\\/\u0000-\u001f\u007f]/.test(name), "must be an asset's file name")),
      sha256: sha256Schema,
    }),
  ],
  "must be {asset, sha256}, or none when the release has no asset for the platform",
);

function lockSchema(dir: string) {
  const platforms = v.strictObject(
    Object.fromEntries(RELEASE_PLATFORMS.map(({ id }) => [id, lockedAssetSchema])) as Record<string, typeof lockedAssetSchema>,
    (issue) => {
      const ids = RELEASE_PLATFORMS.map(({ id }) => id).join(", ");
      return fieldMessage(issue, `expected every platform k3dx is released for: ${ids}`, `must be a mapping of every platform k3dx is released for: ${ids}`);
    },
  );
  const entry = v.pipe(
    v.strictObject(
      {
        source: v.pipe(v.string("must be a string"), v.nonEmpty("must not be empty")),
        name: v.optional(
          v.pipe(
            v.string("must be a string"),
            v.check((name) => nameProblem(name) === undefined, "is not a plugin name"),
          ),
        ),
        tag: v.optional(v.pipe(v.string("must be a string"), v.check(isValidTagName, "is not a release tag"))),
        sha256: v.optional(sha256Schema),
        platforms: v.optional(platforms),
      },
      (issue) => {
        const fields = "source, name, and tag and platforms (a release) or sha256 (a path or URL)";
        return fieldMessage(issue, `expected ${fields}`, `must be a mapping of ${fields}`);
      },
    ),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const problem = shapeProblem(dataset.value, dir);
      if (problem) addIssue({ message: problem });
    }),
  );
  return v.strictObject(
    {
      version: v.literal(LOCK_VERSION, (issue) => `is ${JSON.stringify(issue.input)}; this k3dx reads version ${LOCK_VERSION} (a newer k3dx wrote it?)`),
      plugins: v.pipe(
        v.array(entry, "must be a list of locked plugins"),
        v.maxLength(PROJECT_PLUGINS_MAX, `locks more than ${PROJECT_PLUGINS_MAX} plugins`),
        v.rawCheck(sameTargetTwice((earlier) => `locks the same plugin as plugins[${earlier}]; a lock has one entry per plugin`)),
      ),
    },
    (issue) => fieldMessage(issue, "expected version and plugins", "must be a mapping of version and plugins"),
  );
}

/** A release entry needs its tag and platforms, a path or URL its digest; not both. */
function shapeProblem(entry: { source: string; tag?: string; sha256?: string; platforms?: unknown }, dir: string): string | undefined {
  let kind: string;
  let pinnedTag: string | undefined;
  try {
    const spec = readProjectSource(entry.source, dir);
    kind = spec.kind;
    pinnedTag = spec.kind === "github" ? spec.tag : undefined;
  } catch (error) {
    if (!(error instanceof K3dxError)) throw error;
    return `source: ${error.message}`;
  }
  if (kind === "github") {
    if (entry.tag === undefined || entry.platforms === undefined || entry.sha256 !== undefined) return "a GitHub release is locked by tag and platforms (and no sha256)";
    if (pinnedTag !== undefined && pinnedTag !== entry.tag) return `locks tag ${entry.tag}, but the source pins ${pinnedTag}`;
    return undefined;
  }
  if (entry.sha256 === undefined || entry.tag !== undefined || entry.platforms !== undefined) return "a path or URL is locked by sha256 (and no tag or platforms)";
  return undefined;
}
