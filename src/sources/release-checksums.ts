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
 * A file made for the one asset wins over a list. A list that does not mention the asset
 * is an error, not a pass: the release promised checksums and did not deliver one.
 */
import { K3dxError } from "../errors.ts";

export interface ChecksumEntry {
  digest: string;
  name?: string;
}

/** The release's checksum file that covers `assetName`, most specific first. */
export function findChecksumAsset<T extends { name: string }>(assetName: string, assets: readonly T[]): T | undefined {
  const own = [`${assetName}.sha256`, `${assetName}.sha256sum`].map((name) => name.toLowerCase());
  return (
    assets.find((asset) => own.includes(asset.name.toLowerCase())) ??
    assets.find((asset) => /(^|[-_.])checksums\.txt$/i.test(asset.name)) ??
    assets.find((asset) => /^sha256sums(\.txt)?$/i.test(asset.name))
  );
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

/** The SHA-256 the checksum file gives for the asset; an error when it gives none. */
export function digestForAsset(text: string, checksumFile: string, assetName: string): string {
  const entries = parseChecksums(text);
  const named = entries.find((entry) => entry.name !== undefined && sameFile(entry.name, assetName));
  // `<asset>.sha256` often holds the bare digest, without a name; a list never does.
  const ownFile = checksumFile.toLowerCase().startsWith(`${assetName.toLowerCase()}.sha256`);
  const entry = named ?? (ownFile && entries.length === 1 && entries[0]!.name === undefined ? entries[0] : undefined);
  if (!entry) {
    throw new K3dxError(`${checksumFile} does not list ${assetName}, so the download cannot be verified; nothing was installed (the release is incomplete: tell its author)`);
  }
  if (entry.digest.length !== 64) {
    throw new K3dxError(`${checksumFile} gives ${assetName} a digest that is not SHA-256 (${entry.digest.length} hex digits); k3dx verifies SHA-256 only`);
  }
  return entry.digest;
}

/** Names in lists may carry a folder (`dist/x`, `./x`); the asset name never does. */
function sameFile(listed: string, assetName: string): boolean {
  const name = listed.trim();
  return name === assetName || name.slice(Math.max(name.lastIndexOf("/"), name.lastIndexOf("\\")) + 1) === assetName;
}
