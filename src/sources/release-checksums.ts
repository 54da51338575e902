/**
 * Checksums a release publishes for its assets, in the forms release tools write them:
 *
 *   checksums.txt, <project>_<version>_checksums.txt (goreleaser), SHA256SUMS:
 *       <hex>  <name>        sha256sum text mode
 *       <hex> *<name>        sha256sum binary mode
 *       SHA256 (<name>) = <hex>    BSD / `shasum --tag`
 *   <asset>.sha256, <asset>.sha256sum:
 *       <hex>                optionally followed by the name
 *
 * Read strictly, the way `sha256sum -c` reads them in the download folder: a line counts
 * for the asset when its name is exactly the asset's (a leading `./` aside), so
 * `evil/x.tar.gz` says nothing about `x.tar.gz`. Digests that are not SHA-256 (an MD5 or
 * SHA-512 line beside the SHA-256 one) are passed over. Every checksum file the release
 * has is consulted, and any disagreement about the asset, within one file or between
 * two, is an error rather than a choice. A release whose checksum files do not mention
 * the asset is an error too, not a pass: it promised checksums and did not deliver one.
 */
import { K3dxError } from "../errors.ts";
import { printable } from "../platform/printable.ts";
import type { ExpectedDigest } from "./digest.ts";

export interface ChecksumEntry {
  digest: string;
  name?: string;
}

/** A checksum file's name and what it holds. */
export interface ChecksumFile {
  name: string;
  text: string;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Every checksum file of the release that may cover `assetName`: its own, then the lists. */
export function findChecksumAssets<T extends { name: string }>(assetName: string, assets: readonly T[]): T[] {
  return assets.filter((asset) => isOwnChecksumFile(asset.name, assetName) || /(^|[-_.])checksums\.txt$|^sha256sums(\.txt)?$/i.test(asset.name));
}

export function parseChecksums(text: string): ChecksumEntry[] {
  const entries: ChecksumEntry[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const bsd = /^SHA256 \((.+)\) = ([0-9a-fA-F]+)$/.exec(line);
    const gnu = /^([0-9a-fA-F]{32,})(?:\s+\*?(.+))?$/.exec(line);
    if (bsd) entries.push({ digest: bsd[2]!.toLowerCase(), name: bsd[1] });
    else if (gnu) entries.push({ digest: gnu[1]!.toLowerCase(), name: gnu[2] });
  }
  return entries;
}

/**
 * The one SHA-256 the release's checksum files give the asset, and which files give it;
 * an error when none gives one, or when they give more than one.
 */
export function digestForAsset(files: readonly ChecksumFile[], assetName: string): ExpectedDigest {
  const vouching = files.flatMap((file) => {
    const digest = digestInFile(file, assetName);
    return digest === undefined ? [] : [{ file: file.name, digest }];
  });
  const shown = printable(assetName);
  if (vouching.length === 0) {
    const names = files.map((file) => printable(file.name)).join(", ");
    throw new K3dxError(`${names} ${files.length === 1 ? "does" : "do"} not list ${shown}, so the download cannot be verified; nothing was installed (the release is incomplete: tell its author)`);
  }
  const disagreeing = vouching.find((entry) => entry.digest !== vouching[0]!.digest);
  if (disagreeing) {
    throw new K3dxError(
      `the release's checksum files disagree about ${shown}: ${printable(vouching[0]!.file)} gives ${vouching[0]!.digest}, ${printable(disagreeing.file)} gives ${disagreeing.digest}; nothing was installed`,
    );
  }
  return { sha256: vouching[0]!.digest, from: vouching.map((entry) => printable(entry.file)).join(", ") };
}

/** The SHA-256 one file gives the asset, or undefined when it does not list it. */
function digestInFile(file: ChecksumFile, assetName: string): string | undefined {
  const entries = parseChecksums(file.text);
  // `<asset>.sha256` often holds the bare digest, without a name; a list never does.
  const bare = isOwnChecksumFile(file.name, assetName) && entries.length === 1 && entries[0]!.name === undefined;
  const listed = bare ? entries : entries.filter((entry) => entry.name !== undefined && listedName(entry.name) === assetName);
  const sha256 = new Set(listed.map((entry) => entry.digest).filter((digest) => SHA256_HEX.test(digest)));
  if (sha256.size > 1) {
    throw new K3dxError(`${printable(file.name)} lists ${printable(assetName)} with different digests (${[...sha256].join(", ")}); nothing was installed`);
  }
  if (sha256.size === 0 && listed.length > 0) {
    const length = listed[0]!.digest.length;
    throw new K3dxError(`${printable(file.name)} gives ${printable(assetName)} a digest that is not SHA-256 (${length} hex digits); k3dx verifies SHA-256 only`);
  }
  return sha256.values().next().value;
}

function isOwnChecksumFile(fileName: string, assetName: string): boolean {
  const name = fileName.toLowerCase();
  return name === `${assetName.toLowerCase()}.sha256` || name === `${assetName.toLowerCase()}.sha256sum`;
}

/** A name as a list writes it, read as `sha256sum -c` would look it up in the download folder. */
function listedName(listed: string): string {
  const name = listed.trim();
  return name.startsWith("./") ? name.slice(2) : name;
}
