/**
 * Doctor: the wrapper and real k3d. Which real k3d is used and its version; whether
 * `k3d` on PATH is this wrapper (otherwise plain `k3d` commands bypass plugins and hooks).
 */
import { locateRealK3d } from "../k3d/find-real-k3d.ts";
import type { DispatchContext } from "../context.ts";
import { askK3d } from "../k3d/ask-k3d.ts";
import { isSupported, k3dRelease, tooOldMessage } from "../k3d/k3d-release.ts";
import { versionFromText } from "../k3d/k3d-version.ts";
import { fileIdentity, isWrapper, sameFile } from "../k3d/wrapper-identity.ts";
import { executableFileNames, isExecutableFile } from "../platform/executable.ts";
import { dirName, joinPath, pathFolders } from "../platform/paths.ts";
import { WRAPPER_VERSION } from "../version.ts";
import { ok, problem, warning, type Finding } from "./finding.ts";

export interface K3dCheck {
  findings: Finding[];
  /** Real k3d's version (`v5.9.0`), when it could be read. */
  version: string | undefined;
}

/** `abort`: ends the version question (k3dx received a signal). */
export async function checkK3d(ctx: DispatchContext, abort?: AbortSignal): Promise<K3dCheck> {
  const findings = [ok(`k3dx v${WRAPPER_VERSION}: ${ctx.selfPath}`), wrapperOnPath(ctx)];
  let k3d: string;
  try {
    k3d = locateRealK3d(ctx);
  } catch (error) {
    findings.push(problem((error as Error).message));
    return { findings, version: undefined };
  }
  const how = ctx.settings.k3dOverride ? "from K3DX_K3D" : "from PATH";
  // The text form: every k3d release answers it, `-o json` only v5.5.0 and newer.
  const answer = await askK3d(k3d, ["version"], ctx.env, abort);
  const version = answer.status === 0 ? versionFromText(answer.stdout) : "";
  if (!version) findings.push(problem(`real k3d ${k3d} (${how}) did not answer 'k3d version' as k3d does (exit ${answer.status}); is it k3d?`));
  else if (!isSupported(k3dRelease(version))) findings.push(problem(`real k3d ${k3d} (${how}): ${tooOldMessage(version)}`));
  else findings.push(ok(`real k3d ${version}: ${k3d} (${how})`));
  return { findings, version: version || undefined };
}

/** Is the first `k3d` on PATH this wrapper? */
function wrapperOnPath(ctx: DispatchContext): Finding {
  const self = fileIdentity(ctx.selfPath);
  const first = pathFolders(ctx.env.PATH)
    .flatMap((folder) => executableFileNames("k3d").map((name) => joinPath(folder, name)))
    .find((path) => isExecutableFile(path));
  const advice = `put ${dirName(ctx.selfPath)} (or a link to the wrapper named k3d) earlier on PATH`;
  if (!first) return warning(`no k3d on PATH: plain 'k3d' commands will not find k3dx; ${advice}`);
  if (sameFile(fileIdentity(first), self)) return ok(`'k3d' on PATH is this wrapper: ${first}`);
  if (isWrapper(first, ctx.selfPath)) return warning(`'k3d' on PATH is another k3dx, not this one: ${first}`);
  return warning(`'k3d' on PATH is real k3d (${first}), not k3dx: plain 'k3d' commands bypass plugins and hooks; ${advice}`);
}
