/**
 * `k3d-plugins.yaml` (SPEC §9): the plugins a project's repository asks for, found in the
 * current folder or the nearest parent, written by people and so read with positions:
 *
 *   plugins:
 *     - source: acme/k3d-mirror          # OWNER/REPO, OWNER/REPO@TAG, https://…, or a path
 *     - source: acme/k3d-dns@v1.2.0
 *       name: dns                        # optional: install under this name (--name)
 *     - source: ./tools/k3d-hello        # relative to this file, wherever k3d runs
 *
 * Every problem is reported with its line and column, all of them at once.
 */
import { readFileSync, realpathSync, statSync, type Stats } from "node:fs";
import * as v from "valibot";
import { K3dxError } from "../errors.ts";
import { dirName, joinPath } from "../platform/paths.ts";
import { nameProblem } from "../plugins/metadata-schema.ts";
import { isPathForm, parseSource, type SourceSpec } from "../sources/parse-source.ts";
import { delimiter, resolve } from "node:path";
import { currentUser, writableByOthers } from "../platform/file-owner.ts";
import { throwSchemaIssues } from "../yaml/schema-errors.ts";
import { readYamlDocument } from "../yaml/yaml-document.ts";
import { PROJECT_FILE_MAX_BYTES, PROJECT_PLUGINS_MAX } from "../limits.ts";

export const PROJECT_FILE = "k3d-plugins.yaml";

/** One plugin the file asks for. */
export interface ProjectEntry {
  /** The source as written in the file: what the lock records. */
  source: string;
  /** `name:`, installed as with `--name`. */
  name?: string;
  /** The source read; a path is resolved against the file's folder. */
  spec: SourceSpec;
}

export interface ProjectFile {
  /** Absolute path of k3d-plugins.yaml. */
  path: string;
  /** Its folder: where relative paths start and the lock lives. */
  dir: string;
  entries: ProjectEntry[];
}

/** The k3d-plugins.yaml of `cwd` or its nearest parent, or undefined when there is none. */
export function findProjectFile(cwd: string): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirName(dir)) {
    const candidate = joinPath(dir, PROJECT_FILE);
    if (exists(candidate)) return candidate;
    if (dirName(dir) === dir) return undefined;
  }
}

/**
 * Whose project files k3dx reads. k3d-plugins.yaml is looked for up to the root, so it
 * may sit in a folder others share (`/srv/shared/`, a world-writable temp folder): like
 * git's safe.directory, k3dx reads a project file or lock only when the user alone could
 * have written it (platform/file-owner.ts), or when `K3DX_TRUST_PROJECT` names its folder.
 */
export interface ProjectTrust {
  /** Undefined where files have no Unix owners (Windows): nothing to check. */
  user: ReturnType<typeof currentUser>;
  /** K3DX_TRUST_PROJECT's folders (several joined like PATH), absolute. */
  trusted: string[];
}

export function projectTrust(env: Record<string, string | undefined>): ProjectTrust {
  const trusted = (env.K3DX_TRUST_PROJECT ?? "").split(delimiter).filter(Boolean).map((folder) => resolve(folder));
  return { user: currentUser(env), trusted };
}

/** One line: whose the file is, why that matters, and the two ways on. */
function checkTrust(path: string, stat: Stats, trust: ProjectTrust): void {
  if (!trust.user) return;
  const why = writableByOthers(stat, trust.user);
  if (!why) return;
  const dir = dirName(path);
  const trusted = new Set(trust.trusted.flatMap((folder) => [folder, realOrSelf(folder)]));
  if (trusted.has(dir) || trusted.has(realOrSelf(dir))) return;
  const yours = why.startsWith("it is owned by") ? "" : `'chmod go-w ${path}' makes it yours alone, or `;
  throw new K3dxError(
    `refusing ${path}: ${why}, and it chooses plugins that run on your machine; ${yours}if you trust it, set K3DX_TRUST_PROJECT=${dir}`,
  );
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Reads and checks the file; every problem in one K3dxError, each with its line. */
export function readProjectFile(path: string, trust: ProjectTrust): ProjectFile {
  const dir = dirName(path);
  const doc = readYamlDocument(readLimitedText(path, PROJECT_FILE_MAX_BYTES, trust), path);
  const result = v.safeParse(projectSchema(dir), doc.value);
  if (!result.success) throwSchemaIssues(result.issues, doc, path);
  const entries = result.output.plugins.map((entry) => ({
    source: entry.source,
    ...(entry.name === undefined ? {} : { name: entry.name }),
    spec: readProjectSource(entry.source, dir),
  }));
  return { path, dir, entries };
}

/** The key an entry is known by in the lock: its source as written, and its name. */
export function entryKey(entry: { source: string; name?: string }): string {
  return entry.name === undefined ? entry.source : `${entry.source} (name: ${entry.name})`;
}

/**
 * A source as `plugin install` reads it, except that a path need not exist yet: the file
 * is read by `list` and `doctor` too, which report a missing folder rather than fail.
 */
export function readProjectSource(text: string, dir: string): SourceSpec {
  if (isPathForm(text)) return { kind: "local", path: resolve(dir, text), text };
  return parseSource(text, dir);
}

function projectSchema(dir: string) {
  const entry = v.strictObject(
    {
      source: v.pipe(
        v.string("must be a string: OWNER/REPO[@TAG], ./PATH or an https:// URL"),
        v.nonEmpty("must not be empty"),
        v.rawCheck(({ dataset, addIssue }) => {
          if (!dataset.typed) return;
          try {
            readProjectSource(dataset.value, dir);
          } catch (error) {
            if (!(error instanceof K3dxError)) throw error;
            addIssue({ message: error.message });
          }
        }),
      ),
      name: v.optional(
        v.pipe(
          v.string("must be a string"),
          v.rawCheck(({ dataset, addIssue }) => {
            const problem = dataset.typed ? nameProblem(dataset.value) : undefined;
            if (problem) addIssue({ message: problem });
          }),
        ),
      ),
    },
    (issue) => fieldMessage(issue, "an entry has source and name", "must be a mapping such as {source: acme/k3d-mirror}"),
  );
  return v.strictObject(
    {
      plugins: v.pipe(
        v.array(entry, "must be a list of {source, name}"),
        v.maxLength(PROJECT_PLUGINS_MAX, `lists more than ${PROJECT_PLUGINS_MAX} plugins; k3dx installs at most ${PROJECT_PLUGINS_MAX} from one file`),
        v.rawCheck(sameTargetTwice((earlier) => `installs into the same place as plugins[${earlier}]; list each plugin once`)),
      ),
    },
    (issue) => fieldMessage(issue, "the file has plugins:", "must be a mapping with a plugins: list"),
  );
}

/** strictObject reports an unknown field, a missing one and a non-mapping through one message. */
export function fieldMessage(issue: v.BaseIssue<unknown>, fields: string, notMapping: string): string {
  if (issue.expected === "never") return `is not a known field (${fields})`;
  if (issue.received === "undefined") return "is required";
  return notMapping;
}

type RawEntry = { source: string; name?: string };

/**
 * Two entries that would install into the same place: the same source and name, the same
 * GitHub repository (its store folder is plugins/OWNER/REPO), or the same name. Both the
 * file and the lock refuse them, at the later entry's source (`message` says why, given
 * the index of the earlier one): neither may let the last entry silently win.
 */
export function sameTargetTwice(message: (earlier: number) => string) {
  return <T extends RawEntry>({ dataset, addIssue }: v.RawCheckContext<T[]>): void => {
    if (!dataset.typed) return;
    const seen = new Map<string, number>();
    dataset.value.forEach((entry, index) => {
      const marks = [`key ${entryKey(entry)}`, ...(entry.name === undefined ? [] : [`name ${entry.name}`])];
      const spec = safeSpec(entry.source);
      if (spec?.kind === "github") marks.push(`repo ${spec.owner.toLowerCase()}/${spec.repo.toLowerCase()}`);
      const earlier = marks.map((mark) => seen.get(mark)).find((at) => at !== undefined);
      if (earlier !== undefined) {
        addIssue({
          message: message(earlier),
          path: [
            { type: "array", origin: "value", input: dataset.value, key: index, value: entry },
            { type: "object", origin: "value", input: entry, key: "source", value: entry.source },
          ],
        });
      }
      for (const mark of marks) if (!seen.has(mark)) seen.set(mark, index);
    });
  };
}

function safeSpec(source: string): SourceSpec | undefined {
  try {
    return readProjectSource(source, "/");
  } catch {
    return undefined;
  }
}

function exists(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch {
    // ELOOP, EACCES: something is there, and reading it will say what is wrong.
    return true;
  }
}

/**
 * The file's text; a folder, an unreadable or an oversized file is one clear line, and
 * with `trust`, so is a file someone else could have written.
 */
export function readLimitedText(path: string, maxBytes: number, trust?: ProjectTrust): string {
  let stat;
  try {
    stat = statSync(path);
  } catch (error) {
    throw new K3dxError(`cannot read ${path}: ${(error as Error).message}`);
  }
  if (!stat.isFile()) throw new K3dxError(`${path} is not a file`);
  if (trust) checkTrust(path, stat, trust);
  if (stat.size > maxBytes) throw new K3dxError(`${path} is ${stat.size} bytes; k3dx reads at most ${maxBytes} (a plugin list is a few hundred)`);
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new K3dxError(`cannot read ${path}: ${(error as Error).message}`);
  }
}
