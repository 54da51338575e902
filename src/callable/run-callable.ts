/**
 * Running a callable plugin (SPEC §3): the remaining arguments exactly as given, the
 * environment contract, the terminal inherited, and its exit status as ours. When it
 * exits 0 having written $K3D_RESULT, the arguments it handed back come out as data
 * for the dispatcher to run next.
 */
import { invocationFor } from "../platform/executable.ts";
import type { Callable } from "./find-callable.ts";
import { parseHandBack } from "./hand-back.ts";
import type { Env } from "../process/env.ts";
import { runChild } from "../process/run-child.ts";
import { pluginEnv } from "./plugin-env.ts";
import { createResultFolder, resultFolderRoots } from "./result-folder.ts";

export interface CallableRun {
  status: number;
  /** Arguments handed back for `k3d <args>`; empty when nothing more should run. */
  handBack: string[];
}

export interface RunCallableOptions {
  env: Env;
  /** $K3DX_HOME: where the $K3D_RESULT file goes when TMPDIR cannot take it. */
  home: string;
  k3dBinary: string;
  wrapperPath: string;
  depth: number;
}

export async function runCallable(callable: Callable, args: string[], options: RunCallableOptions): Promise<CallableRun> {
  const results = createResultFolder(resultFolderRoots(options.home));
  const resultFile = results.createFile(0);
  try {
    const env = pluginEnv(options.env, {
      command: "CALL",
      pluginName: callable.name,
      pluginDir: callable.dir,
      k3dBinary: options.k3dBinary,
      wrapperPath: options.wrapperPath,
      resultFile,
      depth: options.depth + 1,
    });
    const { cmd, windowsVerbatimArguments } = invocationFor(callable.executable, args);
    const status = await runChild(cmd, { env, windowsVerbatimArguments });
    if (status !== 0) return { status, handBack: [] };
    return { status, handBack: parseHandBack(results.read(resultFile), `plugin '${callable.name}'`) };
  } finally {
    results.remove();
  }
}
