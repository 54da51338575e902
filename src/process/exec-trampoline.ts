/**
 * The exec trampoline (see spawn-exact.ts): this executable, started by k3dx to become
 * another program with exact bytes. It reads the spec from the descriptor it was given,
 * closes it, and execs; it never returns. A failure is one `k3dx:` line and the shell's
 * status (127: no such program, 126: cannot run it), which the parent reports as the
 * program's own exit status.
 */
import { closeSync, readFileSync } from "node:fs";
import { K3dxError, reportError } from "../errors.ts";
import { execBytes } from "./exec.ts";
import { TRAMPOLINE_VARIABLE, type TrampolineSpec } from "./exec-trampoline-spec.ts";

export function runTrampoline(env: Record<string, string | undefined>): number {
  const fd = Number(env[TRAMPOLINE_VARIABLE]);
  let spec: TrampolineSpec;
  try {
    spec = JSON.parse(readFileSync(fd, "utf8")) as TrampolineSpec;
    closeSync(fd);
  } catch (error) {
    return reportError(new K3dxError(`exec trampoline: cannot read its spec from descriptor ${fd}: ${(error as Error).message}`, 126), false);
  }
  const bytes = (text: string) => Buffer.from(text, "base64");
  const file = bytes(spec.file);
  try {
    execBytes(file, spec.argv.map(bytes), spec.env.map(bytes), spec.keep);
  } catch (error) {
    return reportError(error, false);
  }
  return 126;
}
