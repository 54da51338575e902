/**
 * SHA-256 digests: reading the user's --sha256, hashing a file, and the comparison that
 * stands between a download and an install.
 */
import { K3dxError } from "../errors.ts";
import { printable, quoted } from "../platform/printable.ts";

/** A digest k3dx was told to expect, and who said so (for the mismatch message). */
export interface ExpectedDigest {
  sha256: string;
  from: string;
}

/** --sha256 as typed: any case, optionally prefixed `sha256:` (as Docker and OCI write it). */
export function readSha256Option(text: string): string {
  const hex = text.trim().replace(/^sha256:/i, "").toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new K3dxError(`--sha256 must be a SHA-256 digest (64 hex digits), not ${quoted(text)}`, 2);
  return hex;
}

export function checkDigests(name: string, actual: string, expected: readonly ExpectedDigest[]): void {
  for (const { sha256, from } of expected) {
    if (sha256 !== actual) {
      throw new K3dxError(`checksum mismatch for ${printable(name)}: expected ${sha256} (${from}), got ${actual}; nothing was installed`);
    }
  }
}

/** Streams the file through the hasher: a plugin binary need not fit in memory twice. */
export async function sha256OfFile(path: string): Promise<string> {
  const hasher = new Bun.CryptoHasher("sha256");
  for await (const chunk of Bun.file(path).stream()) hasher.update(chunk);
  return hasher.digest("hex");
}
