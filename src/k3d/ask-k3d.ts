/**
 * Asking real k3d a question (`cluster list -o json`, `version -o json`): its stdout is
 * the answer; stdin is not given (it may hold a config meant for the command itself) and
 * its log lines on stderr are not the user's business.
 */
export interface K3dAnswer {
  status: number;
  stdout: string;
}

export async function askK3d(k3d: string, args: string[], env: Record<string, string | undefined>): Promise<K3dAnswer> {
  try {
    const proc = Bun.spawn({ cmd: [k3d, ...args], env, stdin: "ignore", stdout: "pipe", stderr: "ignore" });
    const [stdout, status] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
    return { status, stdout };
  } catch {
    return { status: 127, stdout: "" };
  }
}

