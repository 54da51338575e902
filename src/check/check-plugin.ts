/**
 * `k3d plugin check SOURCE`: what `install` would do with a source, short of installing
 * it — for a GitHub release, on every platform k3dx is released for:
 *
 *   the release → per platform, the asset install would choose and the checksum that
 *   vouches for it → one asset downloaded, verified and unpacked in a scratch folder →
 *   its metadata validated and its executable found
 *
 * What is downloaded: the release's JSON, every checksum file that covers a chosen asset
 * (each once), and one asset: this machine's (K3DX_OS/K3DX_ARCH), else the first release
 * platform's that has one. Other assets are judged by name and checksum only. Nothing is
 * written to the store and nothing downloaded is run: a plugin without a plugin.yaml
 * would be asked for its metadata at install (`<exe> metadata`, INFO), and check only
 * says so. A path or URL source is one set of files for every platform: it is fetched
 * the way install fetches it and judged the same way.
 */
import { readFileSync } from "node:fs";
import { K3dxError } from "../errors.ts";
import { chooseExecutable } from "../install/choose-executable.ts";
import { pluginRootOf } from "../install/staging.ts";
import { fetchRelease, githubAccess, type ReleaseAsset } from "../net/github-api.ts";
import { baseName, joinPath } from "../platform/paths.ts";
import { findPluginExecutable } from "../plugins/installed-plugins.ts";
import { parseMetadataText } from "../plugins/metadata-schema.ts";
import { METADATA_FILE } from "../plugins/store-layout.ts";
import type { PluginMetadata } from "../plugins/types.ts";
import type { Env } from "../process/env.ts";
import { fetchPlugin, type FetchedPlugin } from "../sources/fetch-plugin.ts";
import { fetchReleaseAsset, readChecksumFile } from "../sources/github-source.ts";
import type { SourceSpec } from "../sources/parse-source.ts";
import { targetPlatform, type Platform } from "../sources/platform.ts";
import { RELEASE_PLATFORMS } from "../sources/release-platforms.ts";
import { surveyRelease, type PlatformSurvey } from "../sources/release-survey.ts";
import { stagingIn } from "../sources/staging.ts";
import { withScratchFolder } from "./scratch-folder.ts";

export interface CheckContext {
  /** Tokens, proxies, K3DX_GITHUB_API, K3DX_OS/K3DX_ARCH/K3DX_LIBC, network settings. */
  env: Env;
  /** Show the download's progress (stderr is a terminal). */
  progress: boolean;
}

/** One release platform: what install would take there, and whether it could verify it. */
export interface PlatformCheck {
  /** `darwin-arm64`, `linux-amd64-musl`, …: as k3dx's own release assets name them. */
  platform: string;
  os: string;
  arch: string;
  libc: string | null;
  asset: string | null;
  /** Why no asset (the release's assets are listed in it). */
  problem: string | null;
  /** What the user should know about the asset (Rosetta 2). */
  note: string | null;
  /** The SHA-256 the release's checksum files give the asset, and which files. */
  sha256: string | null;
  checksumFrom: string | null;
  /** Why install would stop at the checksum files. */
  checksumProblem: string | null;
}

export interface MetadataCheck {
  /** What was read: an asset's name, a path, a URL. */
  from: string;
  /** The release platform whose asset was read (GitHub sources). */
  platform: string | null;
  /** Where the metadata comes from at install: the plugin.yaml shipped, or the INFO protocol. */
  kind: "plugin.yaml" | "info" | null;
  metadata: PluginMetadata | null;
  /** The file install would run, inside the plugin folder. */
  executable: string | null;
  /** The file install would run on Windows, where only .exe, .cmd, .bat and .ps1 files run; null: none. */
  windowsExecutable: string | null;
  /** SHA-256 of what was read, and who vouched for it. */
  sha256: string | null;
  verifiedBy: string | null;
  problem: string | null;
}

export interface CheckReport {
  source: string;
  kind: SourceSpec["kind"];
  /** GitHub: the release install resolves. */
  release: { repository: string; tag: string; assets: string[] } | null;
  /** GitHub: every release platform; null for a path or URL (the same files everywhere). */
  platforms: PlatformCheck[] | null;
  metadata: MetadataCheck;
  /** What would make install fail somewhere: each one line. */
  problems: string[];
  /** What install would do that the author may not mean (no checksums to verify against). */
  warnings: string[];
  ok: boolean;
}

export async function checkPlugin(source: SourceSpec, ctx: CheckContext): Promise<CheckReport> {
  // Checked before anything is fetched: a bad K3DX_OS is bad usage, not a finding.
  const here = targetPlatform(ctx.env);
  return withScratchFolder("k3dx-check-", (scratch) => (source.kind === "github" ? checkRelease(source, here, scratch, ctx) : checkFiles(source, scratch, ctx)));
}

type GithubSource = Extract<SourceSpec, { kind: "github" }>;

async function checkRelease(source: GithubSource, here: Platform, scratch: string, ctx: CheckContext): Promise<CheckReport> {
  const access = githubAccess(ctx.env);
  const release = await fetchRelease(source.owner, source.repo, source.tag, access);
  const repository = `${source.owner}/${source.repo}`;
  const survey = await surveyRelease(release.assets, RELEASE_PLATFORMS, (file) => readChecksumFile(file, release, access), `release ${repository}@${release.tag}`);
  const platforms = survey.map(platformCheck);

  const read = platformToRead(survey, here);
  const metadata = read
    ? await readMetadata(read.asset.name, read.platform.id, () => {
        const expected = read.checksum.kind === "published" ? [{ sha256: read.checksum.sha256, from: read.checksum.from }] : [];
        return fetchReleaseAsset({ source, release, asset: read.asset, expected, staging: stagingIn(scratch), access, progress: ctx.progress });
      }, read.checksum.kind === "published" ? read.checksum.from : null)
    : emptyMetadata("", null, "no release platform has an asset, so there is no metadata to read");

  // A platform that takes the very asset that was read is judged by its files too: Windows runs none without an extension.
  for (const row of platforms) {
    if (read && row.asset === read.asset.name && row.os === "windows" && metadata.executable && !metadata.windowsExecutable) {
      row.problem = NO_WINDOWS_EXECUTABLE;
    }
  }
  const problems = [
    ...platforms.flatMap((row) => (row.problem ? [`${row.platform}: ${row.problem}`] : [])),
    ...platforms.flatMap((row) => (row.checksumProblem ? [`${row.platform}: install would stop at the checksums: ${row.checksumProblem}`] : [])),
    ...(metadata.problem ? [`metadata: ${metadata.problem}`] : []),
  ];
  const unverified = [...new Set(platforms.filter((row) => row.asset && !row.sha256 && !row.checksumProblem).map((row) => row.asset!))];
  const warnings = unverified.map((asset) => `no checksum file covers ${asset}: install cannot verify it (publish checksums.txt)`);
  return {
    source: source.text,
    kind: "github",
    release: { repository, tag: release.tag, assets: release.assets.map((asset) => asset.name) },
    platforms,
    metadata,
    problems,
    warnings,
    ok: problems.length === 0,
  };
}

async function checkFiles(source: Exclude<SourceSpec, GithubSource>, scratch: string, ctx: CheckContext): Promise<CheckReport> {
  const from = source.kind === "local" ? source.path : source.url;
  const metadata = await readMetadata(from, null, () => fetchPlugin(source, scratch, { env: ctx.env, progress: ctx.progress }), null);
  const problems = metadata.problem ? [`metadata: ${metadata.problem}`] : [];
  const warnings = [
    ...(metadata.executable && !metadata.windowsExecutable ? [`on Windows ${NO_WINDOWS_EXECUTABLE}`] : []),
    ...(source.kind === "url" ? [`a URL publishes no checksum: users can pin the download with install --sha256 ${metadata.sha256 ?? "HEX"}`] : []),
  ];
  return { source: source.text, kind: source.kind, release: null, platforms: null, metadata, problems, warnings, ok: problems.length === 0 };
}

function platformCheck(survey: PlatformSurvey): PlatformCheck {
  const { platform } = survey;
  const row: PlatformCheck = {
    platform: platform.id,
    os: platform.os,
    arch: platform.arch,
    libc: platform.libc ?? null,
    asset: null,
    problem: null,
    note: null,
    sha256: null,
    checksumFrom: null,
    checksumProblem: null,
  };
  if ("problem" in survey) return { ...row, problem: survey.problem };
  const { checksum } = survey;
  return {
    ...row,
    asset: survey.asset.name,
    note: survey.note ?? null,
    sha256: checksum.kind === "published" ? checksum.sha256 : null,
    checksumFrom: checksum.kind === "published" ? checksum.from : null,
    checksumProblem: checksum.kind === "problem" ? checksum.message : null,
  };
}

const NO_WINDOWS_EXECUTABLE = "install would find nothing to run: Windows runs only .exe, .cmd, .bat and .ps1 files (a shell script needs a .cmd beside it that runs it with sh)";

type Chosen = Extract<PlatformSurvey, { asset: ReleaseAsset }>;

/** This machine's asset when it has one (install here would take it), else the first platform's that has one. */
function platformToRead(survey: PlatformSurvey[], here: Platform): Chosen | undefined {
  const chosen = survey.filter((row): row is Chosen => "asset" in row);
  const mine = chosen.find((row) => row.platform.os === here.os && row.platform.arch === here.arch && row.platform.libc === here.libc);
  return mine ?? chosen[0];
}

/** Fetches the files as install would, and reads their metadata and executable as install would — without running anything. */
async function readMetadata(from: string, platform: string | null, fetch: () => Promise<FetchedPlugin>, verifiedBy: string | null): Promise<MetadataCheck> {
  let fetched: FetchedPlugin;
  try {
    fetched = await fetch();
  } catch (error) {
    if (error instanceof K3dxError) return emptyMetadata(from, platform, error.message);
    throw error;
  }
  const result = { ...emptyMetadata(from, platform, null), sha256: fetched.sha256, verifiedBy };
  try {
    const root = pluginRootOf(fetched.dir);
    const yaml = readText(joinPath(root, METADATA_FILE));
    const windowsExecutable = (name: string) => {
      const found = findPluginExecutable(root, name, undefined, true);
      return found === undefined ? null : baseName(found);
    };
    if (yaml === undefined) {
      // Install would run the executable to ask; check never runs what it downloaded.
      return { ...result, kind: "info", executable: chooseExecutable(root, fetched.defaultName), windowsExecutable: windowsExecutable(fetched.defaultName) };
    }
    const metadata = parseMetadataText(yaml, { where: METADATA_FILE });
    return { ...result, kind: "plugin.yaml", metadata, executable: chooseExecutable(root, metadata.name), windowsExecutable: windowsExecutable(metadata.name) };
  } catch (error) {
    if (error instanceof K3dxError) return { ...result, problem: error.message };
    throw error;
  }
}

function emptyMetadata(from: string, platform: string | null, problem: string | null): MetadataCheck {
  return { from, platform, kind: null, metadata: null, executable: null, windowsExecutable: null, sha256: null, verifiedBy: null, problem };
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}
