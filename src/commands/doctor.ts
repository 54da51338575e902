/**
 * `k3d plugin doctor` (SPEC §5): real k3d and its version, the wrapper and whether PATH
 * finds it, PATH plugins that never run, the plugin store read strictly, and the hook
 * folders. One line per finding; exit 1 if any is a problem (no error line: the
 * findings are the report).
 */
import { defineCommand } from "citty";
import { resolve } from "node:path";
import { checkHookFolders } from "../doctor/check-hooks.ts";
import { checkK3d } from "../doctor/check-k3d.ts";
import { checkPathPlugins } from "../doctor/check-path-plugins.ts";
import { checkProject } from "../doctor/check-project.ts";
import { checkStore } from "../doctor/check-store.ts";
import { repairStore } from "../doctor/repair-store.ts";
import { watchInterrupts } from "../process/interrupts.ts";
import { formatFinding, summarize } from "../doctor/finding.ts";
import { listInstalledPlugins } from "../plugins/installed-plugins.ts";
import { commandContext } from "./context.ts";
import { strictArgs } from "./strict-args.ts";

export default defineCommand({
  meta: { name: "doctor", description: "Check real k3d, the wrapper on PATH, PATH plugins, installed plugins and hook links" },
  args: {},
  setup: strictArgs(),
  async run() {
    const ctx = commandContext();
    const home = resolve(ctx.settings.home);
    // A signal while k3d is asked for its version ends that question, and doctor, at once.
    const interrupts = watchInterrupts();
    const k3d = await checkK3d(ctx, interrupts.abortSignal);
    const repaired = await repairStore(home, interrupts.abortSignal);
    interrupts.stop();
    if (interrupts.received) {
      process.exitCode = interrupts.exitStatus();
      return;
    }
    const findings = [
      ...k3d.findings,
      ...repaired,
      ...checkPathPlugins(ctx.env.PATH, ctx.selfPath, listInstalledPlugins(home)),
      ...checkStore(home, k3d.version),
      ...checkHookFolders(home),
      ...checkProject(process.cwd(), home, ctx.env),
    ];
    process.stdout.write(findings.map(formatFinding).join("\n") + `\n${summarize(findings)}\n`);
    if (findings.some((finding) => finding.severity === "problem")) process.exitCode = 1;
  },
});
