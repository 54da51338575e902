/**
 * How much a plugin may unpack to. A plugin is a program and a few files; these bounds
 * are far above any real one, and stop an archive bomb (a small download that unpacks to
 * gigabytes, or to millions of files) before it fills the disk or the inode table.
 */
import { UNPACK_MAX_BYTES, UNPACK_MAX_ENTRIES } from "../limits.ts";
import { bytesText } from "../platform/sizes.ts";
import { ArchiveError } from "./archive-error.ts";

export interface UnpackLimits {
  /** Bytes of file data in all (for a tar: the whole uncompressed tar stream). */
  maxBytes: number;
  /** Files, folders and links in all, the folders an entry's path implies included. */
  maxEntries: number;
}

export const DEFAULT_UNPACK_LIMITS: UnpackLimits = { maxBytes: UNPACK_MAX_BYTES, maxEntries: UNPACK_MAX_ENTRIES };

export function tooManyBytes(limits: UnpackLimits): ArchiveError {
  return new ArchiveError(`it unpacks to more than ${bytesText(limits.maxBytes)}, k3dx's limit for a plugin`);
}

export function tooManyEntries(limits: UnpackLimits): ArchiveError {
  return new ArchiveError(`it holds more than ${limits.maxEntries} files, folders and links, k3dx's limit for a plugin`);
}
