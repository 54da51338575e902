/**
 * One entry point for every kind of plugin file: an archive is unpacked through the
 * checked EntryWriter, a bare executable is copied in with mode 0755. Any failure is one
 * line naming the file and the reason; the caller removes the half-filled folder.
 */
import { chmodSync, closeSync, copyFileSync, mkdirSync, openSync, readSync } from "node:fs";
import { K3dxError } from "../errors.ts";
import { joinPath } from "../platform/paths.ts";
import { ArchiveError } from "./archive-error.ts";
import { SUPPORTED_KINDS_TEXT, isWindowsScriptName, kindFromBytes, kindFromName, looksExecutable, type ArchiveKind } from "./archive-kind.ts";
import { EXECUTABLE_MODE, EntryWriter } from "./entry-writer.ts";
import { unpackTarGz, unpackTar } from "./unpack-tar.ts";
import type { UnpackLimits } from "./unpack-limits.ts";
import { unpackZip } from "./unpack-zip.ts";

export interface UnpackRequest {
  /** The file to unpack: a download, or the user's own file (only ever read). */
  file: string;
  /** Its published name: it decides the kind, and errors show it. */
  name: string;
  /** A new folder to unpack into. */
  dir: string;
  /** The file name a bare executable gets in `dir`. */
  executableName: string;
  /** How much an archive may unpack to; the defaults when left out. */
  limits?: UnpackLimits;
}

export async function unpackFile(request: UnpackRequest): Promise<ArchiveKind> {
  // A download streamed just before leaves its chunks as garbage the collector has not
  // reclaimed yet. Collected now, they do not stack under the unpack's own chunks: peak
  // memory stays about one phase's worth (a few ms, against ~10 MB less on a big plugin).
  Bun.gc(true);
  try {
    const head = readHead(request.file);
    const kind = decideKind(request.name, head);
    const writer = new EntryWriter(request.dir, request.limits);
    if (kind === "tar.gz") await unpackTarGz(Bun.file(request.file).stream(), writer);
    else if (kind === "tar") await unpackTar(Bun.file(request.file).stream(), writer);
    else if (kind === "zip") await unpackZip(request.file, writer);
    else placeExecutable(request, head);
    return kind;
  } catch (error) {
    if (error instanceof K3dxError) throw error;
    const reason = error instanceof ArchiveError ? error.message : `${(error as Error).message}`;
    throw new K3dxError(`cannot unpack ${request.name}: ${reason}; nothing was installed`);
  }
}

function decideKind(name: string, head: Uint8Array): ArchiveKind {
  if (head.length === 0) throw new ArchiveError("the file is empty");
  const kind = kindFromName(name) ?? kindFromBytes(head);
  if (typeof kind === "object") {
    throw new ArchiveError(`${kind.unsupported} files are not supported (k3dx installs ${SUPPORTED_KINDS_TEXT})`);
  }
  // A name that promises an archive over bytes that are not one is usually an error page.
  if ((kind === "tar.gz" || kind === "zip") && kindFromBytes(head) !== kind) {
    throw new ArchiveError(`its content is not ${kind === "zip" ? "a zip archive" : "gzip data"}`);
  }
  return kind;
}

function placeExecutable(request: UnpackRequest, head: Uint8Array): void {
  if (!looksExecutable(head) && !isWindowsScriptName(request.name)) {
    throw new ArchiveError(`it is neither an archive nor a program (no ELF, Mach-O or PE header, no #! line)`);
  }
  mkdirSync(request.dir, { recursive: true });
  const target = joinPath(request.dir, request.executableName);
  copyFileSync(request.file, target);
  chmodSync(target, EXECUTABLE_MODE);
}

/** The first 512 bytes: enough for every magic number, and the tar header's `ustar`. */
function readHead(path: string): Uint8Array {
  const fd = openSync(path, "r");
  try {
    const head = new Uint8Array(512);
    return head.subarray(0, readSync(fd, head, 0, head.length, 0));
  } finally {
    closeSync(fd);
  }
}
