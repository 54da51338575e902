/**
 * checksums.txt exactly as `sha256sum FILE… | sort -k2` writes it: the lowercase hex
 * digest, two spaces (text mode), the file name; one line each, sorted by name. This is
 * what k3d's own releases publish and what `sha256sum -c` and install.sh read.
 */

export interface Checksum {
  name: string;
  sha256: string;
}

/** SHA-256 of a file, streamed: release binaries are ~100 MB each. */
export async function sha256OfFile(path: string): Promise<string> {
  const hasher = new Bun.CryptoHasher("sha256");
  for await (const chunk of Bun.file(path).stream()) hasher.update(chunk);
  return hasher.digest("hex");
}

export function checksumsText(checksums: readonly Checksum[]): string {
  return [...checksums]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(({ name, sha256 }) => `${sha256}  ${name}\n`)
    .join("");
}
