/** Why a program could not be started, as one line and the shell's status (127 missing, 126 not runnable). */
import { K3dxError } from "../errors.ts";
import { Errno } from "./libc.ts";

export function execFailure(file: string, error: unknown): K3dxError {
  const code = (error as { code?: string }).code;
  if (code === "ENOENT") return new K3dxError(`cannot run ${file}: no such file`, 127);
  if (code === "EACCES") return new K3dxError(`cannot run ${file}: permission denied (is it executable?)`, 126);
  if (code === "ENOEXEC") return new K3dxError(`cannot run ${file}: not an executable format (a script needs a #! line)`, 126);
  if (code === "E2BIG") return new K3dxError(`cannot run ${file}: the arguments and environment are larger than the system allows (E2BIG)`, 126);
  return new K3dxError(`cannot run ${file}: ${(error as Error).message ?? error}`, 126);
}

/** The same, from an errno that libc's execve left. */
export function execFailureFromErrno(file: string, errno: number): K3dxError {
  const name = (Object.entries(Errno) as [string, number][]).find(([, value]) => value === errno)?.[0];
  if (name) return execFailure(file, { code: name, message: name });
  return new K3dxError(`cannot run ${file}: execve failed (errno ${errno})`, 126);
}
