/**
 * Errors a user can act on. Everything k3dx itself says on stderr is one line prefixed
 * `k3dx:`, so it is never mistaken for k3d's own output; stack traces only with --trace.
 */
export class K3dxError extends Error {
  constructor(
    message: string,
    /** 1 for failures, 2 for bad usage, 126 when a program cannot be run, 127 when it (or real k3d) cannot be found. */
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = "K3dxError";
  }
}

/** One line `k3dx: …`; a message of several lines (a list of problems) gets the prefix on each. */
export function printErrorLine(message: string): void {
  writeStderr(prefixLines(message));
}

export function prefixLines(message: string): string {
  return message
    .split("\n")
    .map((line) => `k3dx: ${line}\n`)
    .join("");
}

/**
 * Writes straight to file descriptor 2. Touching `process.stderr` makes Bun build Node's
 * stream machinery, which costs a compiled binary about 18 ms — too much for an error
 * that ends a k3d call.
 *
 * Every byte is written, as a blocking write would: a pipe takes 64 KiB at a time, and
 * once anything in the process made it non-blocking (Node's streams do, for stdout, and
 * `2>&1` shares the pipe), a write may take part of the line or fail with EAGAIN until
 * the reader catches up. Then we wait for the reader, as k3d would. If stderr is gone
 * (EPIPE, closed), there is no one left to tell.
 */
function writeStderr(text: string): void {
  const fs = require("node:fs") as typeof import("node:fs");
  const bytes = Buffer.from(text);
  let waitMs = 1;
  for (let written = 0; written < bytes.length; ) {
    try {
      written += fs.writeSync(2, bytes, written, bytes.length - written);
      waitMs = 1;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN") return;
      Bun.sleepSync(waitMs);
      waitMs = Math.min(waitMs * 2, 50);
    }
  }
}

/** Turns anything thrown into the exit status and one line (plus the stack with --trace). */
export function reportError(error: unknown, trace: boolean): number {
  if (error instanceof K3dxError) {
    printErrorLine(error.message);
    if (trace && error.stack) writeStderr(error.stack + "\n");
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  printErrorLine(`unexpected error: ${message}${trace ? "" : " (run with --trace for details)"}`);
  if (trace && error instanceof Error && error.stack) writeStderr(error.stack + "\n");
  return 1;
}
