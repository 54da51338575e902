/** Why a program could not be started, as one line and the shell's status (127 missing, 126 not runnable). */
import { K3dxError } from "../errors.ts";

export function execFailure(file: string, error: unknown): K3dxError {
  const code = (error as { code?: string }).code;
  if (code === "ENOENT") return new K3dxError(`cannot run ${file}: no such file`, 127);
  if (code === "EACCES") return new K3dxError(`cannot run ${file}: permission denied (is it executable?)`, 126);
  if (code === "ENOEXEC") return new K3dxError(`cannot run ${file}: not an executable format (a script needs a #! line)`, 126);
  return new K3dxError(`cannot run ${file}: ${(error as Error).message ?? error}`, 126);
}
