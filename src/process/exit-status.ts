/** How a finished program's end is reported: the shell's convention. */

/** A program's exit code, or 128 + the number of the signal that killed it. */
export function exitStatus(exitCode: number | null, signalCode: string | number | null): number {
  if (exitCode !== null) return exitCode;
  return 128 + (typeof signalCode === "number" ? signalCode : signalNumber(signalCode));
}

/** The platform's number for a signal name (SIGUSR1 is 10 on Linux, 30 on macOS); 0 if unknown. */
export function signalNumber(signal: string | null): number {
  if (!signal) return 0;
  const { constants } = require("node:os") as typeof import("node:os");
  return (constants.signals as Record<string, number | undefined>)[signal] ?? 0;
}
