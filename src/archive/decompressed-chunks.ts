/**
 * The chunks a decompressing stream produces, with the decompressor's own error turned
 * into a reason a user can read. Leaving the loop early (a limit is hit, an entry is
 * refused) cancels the stream, so not one more byte is decompressed.
 */
import { ArchiveError } from "./archive-error.ts";

/** `corrupt` starts the error: `its gzip data is corrupt or cut short` + ` (the decompressor's reason)`. */
export async function* decompressedChunks(stream: ReadableStream<Uint8Array>, corrupt: string): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const next = await reader.read().catch((error: Error) => {
        throw new ArchiveError(`${corrupt} (${error.message})`);
      });
      if (next.done) return;
      yield next.value;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}
