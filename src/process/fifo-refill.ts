/**
 * Writing bytes back into a named pipe that k3dx drained (a config `-c /path/fifo` it had
 * to read first), for the program that opens it next. Opening a pipe for writing blocks
 * until a reader comes, which would freeze k3dx if the program never opens it (it failed
 * earlier): so the pipe is opened without blocking, again every few milliseconds, until
 * the reader is there or `until` settles.
 */
import { closeSync, constants, openSync, writeSync } from "node:fs";

const RETRY_MS = 10;

export async function refillFifo(path: string, bytes: Uint8Array, until: Promise<unknown>): Promise<void> {
  let over = false;
  void until.finally(() => (over = true));
  let fd: number | undefined;
  while (!over && fd === undefined) {
    try {
      fd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
    } catch (error) {
      // ENXIO: no reader yet. Anything else: the pipe is gone or not ours to write.
      if ((error as NodeJS.ErrnoException).code !== "ENXIO") return;
      await Bun.sleep(RETRY_MS);
    }
  }
  if (fd === undefined) return;
  try {
    for (let written = 0; written < bytes.length && !over; ) {
      try {
        written += writeSync(fd, bytes, written, bytes.length - written);
      } catch (error) {
        // The pipe is full (EAGAIN): the reader is reading; come back.
        if ((error as NodeJS.ErrnoException).code !== "EAGAIN") return;
        await Bun.sleep(RETRY_MS);
      }
    }
  } finally {
    closeSync(fd);
  }
}
