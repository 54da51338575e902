/**
 * Why an archive cannot be unpacked. The readers throw it with the reason alone;
 * `unpackFile` adds the archive's name and turns it into the user's one error line.
 */
export class ArchiveError extends Error {
  override name = "ArchiveError";
}
