/**
 * How spawn-exact.ts asks this executable to be an exec trampoline, and what it hands it.
 * Both the argv marker and the variable must be there, so no command line a user types
 * turns k3dx into one. Kept apart from the trampoline itself: main.ts checks for it on
 * every call and must load nothing more.
 */

/** argv[1] of a trampoline call. */
export const TRAMPOLINE_MARKER = "--k3dx-exec-trampoline";
/** The variable holding the descriptor number of the spec. */
export const TRAMPOLINE_VARIABLE = "K3DX_EXEC_SPEC_FD";

/** What the trampoline execs, as base64 of the exact bytes. */
export interface TrampolineSpec {
  /** The program's path. */
  file: string;
  argv: string[];
  /** `NAME=value` entries. */
  env: string[];
  /** Descriptors (above 2) to keep open across the exec; the spec's own is not among them. */
  keep: number[];
}

/** Whether this run is a trampoline call (`args`: argv after the program name). */
export function isTrampolineCall(args: readonly string[], env: Record<string, string | undefined>): boolean {
  return args.length === 1 && args[0] === TRAMPOLINE_MARKER && env[TRAMPOLINE_VARIABLE] !== undefined;
}
