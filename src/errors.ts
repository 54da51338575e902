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
 */
function writeStderr(text: string): void {
  try {
    (require("node:fs") as typeof import("node:fs")).writeSync(2, text);
  } catch {
    process.stderr.write(text);
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
