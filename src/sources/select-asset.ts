/**
 * Choosing the one release asset for a platform, from names alone (a pure function).
 *
 * Candidates: every asset except checksum, signature and metadata files, and except
 * those naming another OS or another arch. Among them, by rank:
 *   1. names with the OS and the arch;
 *   2. on Apple silicon, names with the OS and `arm`: macOS never ran on 32-bit ARM, so
 *      an author who wrote `darwin-arm` meant arm64 (on Linux `arm` is 32-bit, refused);
 *   3. on macOS, names with the OS and "universal"/"all" (runs on both arches);
 *   4. names with the OS and no arch at all;
 *   5. names with neither (a platform-independent script), in a release whose names
 *      never mention a platform;
 *   6. on Apple silicon, names with the OS and amd64: it runs under Rosetta 2, which the
 *      choice says in a note. (No such fallback elsewhere: Linux has no emulation to count on.)
 * Ties in the best rank are broken, in order, by
 *   -. on a musl Linux (Alpine), a name with `musl` first: it is built for that C library;
 *   a. fewer variant words (`musl` elsewhere, `debug`, `gnu` on Windows — the MinGW build
 *      beside the MSVC one, …): the plain build is the default one;
 *   b. the kind: an archive k3dx unpacks, then a bare executable, then anything else;
 *   c. fewer words in the name (`_v3`-style micro-architecture builds lose to the base).
 * A tie that survives all of that is an error naming the contenders.
 */
import { kindFromName } from "../archive/archive-kind.ts";
import { K3dxError } from "../errors.ts";
import { LISTED_NAMES_MAX } from "../limits.ts";
import { listedNames, printable } from "../platform/printable.ts";
import { UNIVERSAL_DARWIN, nameTokens, platformWords, type Platform, type PlatformWords } from "./platform.ts";

const NOT_PLUGINS = [
  /\.(sha256|sha256sum|sha256sums|sha512|sha512sum|sha1|md5|sig|asc|pem|crt|cert|key|pub|json|jsonl|ya?ml|txt|md|sbom|spdx|cdx|intoto|bundle|att)$/i,
  /(^|[-_.])(sbom|checksums?|sha256sums|sha512sums|shasums)([-_.]|$)/i,
];

const VARIANTS = new Set(["debug", "dbg", "symbols", "dsym", "pdb", "unstripped"]);

/**
 * The chosen name is printed (progress line, messages, receipt): one that would act on
 * the terminal (control characters, ESC, bidi marks) is no candidate.
 */
function printsAsItself(name: string): boolean {
  return name !== "" && printable(name) === name;
}

export function isMetadataAssetName(name: string): boolean {
  return NOT_PLUGINS.some((pattern) => pattern.test(name));
}

/** The chosen asset, and what the user should know about it (it runs under emulation). */
export interface AssetChoice<T> {
  asset: T;
  note?: string;
}

export function selectReleaseAsset<T extends { name: string }>(assets: readonly T[], platform: Platform, release = "the release"): T {
  return chooseReleaseAsset(assets, platform, release).asset;
}

export function chooseReleaseAsset<T extends { name: string }>(assets: readonly T[], platform: Platform, release = "the release"): AssetChoice<T> {
  const read = assets.filter((asset) => printsAsItself(asset.name) && !isMetadataAssetName(asset.name)).map((asset) => readAssetName(asset));
  // A name without any platform word is a platform-independent build only in a release
  // whose names never mention platforms; elsewhere it is an installer script or docs.
  const platformIndependent = read.every((entry) => entry.words.os.size === 0 && entry.words.arch.size === 0);
  const musl = platform.libc === "musl";
  const scored = read.flatMap((entry) => {
    const rank = rankFor(entry, platform);
    if (rank === undefined || (rank === RANK.platformFree && !platformIndependent)) return [];
    // On musl a `musl` build is preferred, not a variant; elsewhere it is one more variant word.
    const variants = entry.variants + (entry.musl && !musl ? 1 : 0) + (entry.gnu && platform.os === "windows" ? 1 : 0);
    return [{ ...entry, rank, libc: musl && !entry.musl ? 1 : 0, variants }];
  });
  const shown = platformLabel(platform);
  if (scored.length === 0) {
    throw new K3dxError(`no asset of ${release} is for ${shown} (K3DX_OS/K3DX_ARCH choose another platform); ${assetList(assets)}`);
  }
  for (const key of ["rank", "libc", "variants", "kind", "wordCount"] as const) {
    const best = Math.min(...scored.map((entry) => entry[key]));
    scored.splice(0, scored.length, ...scored.filter((entry) => entry[key] === best));
  }
  if (scored.length > 1) {
    throw new K3dxError(`cannot choose between assets of ${release} for ${shown}: ${listedNames(scored.map((entry) => entry.asset.name), LISTED_NAMES_MAX)}`);
  }
  const chosen = scored[0]!;
  return chosen.rank === RANK.rosetta ? { asset: chosen.asset, note: rosettaNote(chosen.asset.name, release) } : { asset: chosen.asset };
}

function rosettaNote(name: string, release: string): string {
  return `${release} has no build for darwin/arm64: ${printable(name)} is for darwin/amd64 and runs under Rosetta 2 (if macOS says "bad CPU type", install it with: softwareupdate --install-rosetta)`;
}

interface ReadName<T> {
  asset: T;
  words: PlatformWords;
  universal: boolean;
  /** The name says `musl`. */
  musl: boolean;
  /** The name says `gnu` (on Windows: the MinGW build, beside an MSVC one). */
  gnu: boolean;
  /** The arch word is exactly `arm` (what some authors call Apple silicon). */
  bareArm: boolean;
  /** Variant words other than `musl` and `gnu`. */
  variants: number;
  kind: number;
  wordCount: number;
}

function readAssetName<T extends { name: string }>(asset: T): ReadName<T> {
  const tokens = nameTokens(asset.name);
  const words = platformWords(tokens);
  // A Windows executable is a Windows asset even when its name does not say so.
  if (words.os.size === 0 && /\.exe$/i.test(asset.name)) words.os.add("windows");
  const kind = kindFromName(asset.name);
  return {
    asset,
    words,
    universal: tokens.some((token) => UNIVERSAL_DARWIN.includes(token)),
    musl: tokens.includes("musl"),
    gnu: tokens.includes("gnu"),
    bareArm: tokens.includes("arm"),
    variants: tokens.filter((token) => VARIANTS.has(token)).length,
    kind: kind === "tar.gz" || kind === "tar" || kind === "zip" ? 0 : kind === undefined || kind === "executable" ? 1 : 2,
    wordCount: tokens.length,
  };
}

/** The ranks of the header comment, best first. */
const RANK = { exact: 1, appleArm: 2, universal: 3, osOnly: 4, platformFree: 5, rosetta: 6 } as const;

/** The rank of a name for the platform; undefined when the name is for another platform. */
function rankFor(entry: ReadName<unknown>, platform: Platform): number | undefined {
  const { os, arch } = entry.words;
  if (os.size > 1 || arch.size > 1) return undefined;
  if (os.size === 0) return arch.size === 0 ? RANK.platformFree : undefined; // an arch without an OS says too little
  if (!os.has(platform.os)) return undefined;
  if (arch.size === 0) return entry.universal && platform.os === "darwin" ? RANK.universal : RANK.osOnly;
  if (arch.has(platform.arch)) return RANK.exact;
  const appleSilicon = platform.os === "darwin" && platform.arch === "arm64";
  if (appleSilicon && arch.has("arm") && entry.bareArm) return RANK.appleArm;
  if (appleSilicon && arch.has("amd64")) return RANK.rosetta;
  return undefined;
}

/** `linux/amd64`, `linux/amd64 (musl)`. */
export function platformLabel(platform: Platform): string {
  return `${platform.os}/${platform.arch}${platform.libc ? ` (${platform.libc})` : ""}`;
}

function assetList(assets: readonly { name: string }[]): string {
  if (assets.length === 0) return "it has no assets";
  return `its assets: ${listedNames(assets.map((asset) => asset.name), LISTED_NAMES_MAX)}`;
}
