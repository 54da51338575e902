/**
 * A private temporary folder for the length of one operation, removed when it ends —
 * also when a signal (Ctrl-C, a CI runner's SIGTERM, a closed terminal) ends it: the
 * folder is removed and the command exits with 128 + the signal's number.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { K3dxError } from "../errors.ts";

const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;

export async function withScratchFolder<T>(prefix: string, work: (dir: string) => Promise<T>): Promise<T> {
  let dir: string;
  try {
    dir = mkdtempSync(join(tmpdir(), prefix));
  } catch (error) {
    throw new K3dxError(`cannot create a temporary folder in ${tmpdir()}: ${(error as Error).message}; set TMPDIR to a writable folder`);
  }
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const handlers = Object.entries(SIGNALS).map(([signal, number]) => {
    const handler = () => {
      remove();
      process.exit(128 + number);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  try {
    return await work(dir);
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler);
    remove();
  }
}
