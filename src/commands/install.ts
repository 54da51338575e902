/**
 * `k3d plugin install [SOURCE…] [--force] [--sha256 HEX] [--name NAME] [--locked] [--yes]`
 * (SPEC §5, §6, §9): one source, several at once, or, with none, every plugin of the
 * nearest k3d-plugins.yaml as its lock says.
 */
import { defineCommand } from "citty";
import { existsSync } from "node:fs";
import { K3dxError, printErrorLine } from "../errors.ts";
import { nameProblem } from "../plugins/metadata-schema.ts";
import { installContextFrom } from "../install/install-context.ts";
import { installPlugin, type InstallContext, type InstallOutcome } from "../install/install-plugin.ts";
import { installProject } from "../project/install-project.ts";
import { failureLine, installSet, type MemberResult } from "../project/install-set.ts";
import { createLimiter } from "../project/limiter.ts";
import { LOCK_FILE, lockPath } from "../project/lock-file.ts";
import { findProjectFile, PROJECT_FILE, projectTrust, readProjectFile } from "../project/project-file.ts";
import { PARALLEL_FETCHES_MAX } from "../limits.ts";
import { isEnabled } from "../settings.ts";
import { readSha256Option } from "../sources/digest.ts";
import { parseSource } from "../sources/parse-source.ts";
import { consentAsker, hasTerminalToAsk } from "./consent.ts";
import { commandContext, type CommandContext } from "./context.ts";
import { k3dRangeWarning } from "./k3d-range-warning.ts";
import { commandOf, hooksOf, sourceOf, titleOf } from "./describe-plugin.ts";
import { strictArgs } from "./strict-args.ts";
import { counted } from "../platform/counted.ts";

export default defineCommand({
  meta: {
    name: "install",
    description: "Install plugins from GitHub releases (OWNER/REPO[@TAG]), https:// URLs or local paths; with no source, those of k3d-plugins.yaml",
  },
  args: {
    source: {
      type: "positional",
      description: "OWNER/REPO, OWNER/REPO@TAG, https://…, or a path to an executable, folder or archive; several at once, or none for k3d-plugins.yaml",
      required: false,
      valueHint: "SOURCE…",
    },
    force: { type: "boolean", description: "Replace an installed plugin of the same name (or reinstall this one)" },
    sha256: { type: "string", description: "The SHA-256 the download must have (hex; one SOURCE only)", valueHint: "HEX" },
    name: { type: "string", description: "Install under this name instead of the plugin's own (one SOURCE only)", valueHint: "NAME" },
    locked: {
      type: "boolean",
      description: "Install exactly what k3d-plugins.lock says, or nothing (the default when CI=true and a lock exists)",
      negativeDescription: "Install k3d-plugins.yaml and bring the lock to it, even when CI=true",
    },
    yes: { type: "boolean", alias: "y", description: "Do not ask before installing a plugin with hooks" },
  },
  setup: strictArgs({ variadic: true }),
  async run({ args, rawArgs }) {
    const ctx = commandContext();
    const sources = args._ as string[];
    if (saysBoth(rawArgs, "locked")) throw new K3dxError("--locked and --no-locked contradict each other; give one. Run 'k3d plugin install --help' for usage.", 2);
    const install = installContextFrom(ctx);
    const confirm = consentAsker({
      yes: Boolean(args.yes),
      interactive: hasTerminalToAsk(),
      defaultTimeoutSeconds: ctx.settings.hookTimeout.seconds,
    });
    if (sources.length === 0) return installFromProjectFile(ctx, install, { locked: args.locked, force: Boolean(args.force), sha256: args.sha256, name: args.name, confirm });
    if (args.locked) throw new K3dxError(`--locked installs ${PROJECT_FILE} as ${LOCK_FILE} says, and takes no SOURCE. Run 'k3d plugin install --help' for usage.`, 2);
    if (sources.length > 1 && (args.sha256 !== undefined || args.name !== undefined)) {
      throw new K3dxError("--sha256 and --name apply to one SOURCE; install the others separately. Run 'k3d plugin install --help' for usage.", 2);
    }
    const sha256 = args.sha256 === undefined ? undefined : readSha256Option(args.sha256);
    if (args.name !== undefined) {
      const problem = nameProblem(args.name);
      if (problem) throw new K3dxError(`--name: ${problem}`, 2);
    }
    // Every source is read before anything is fetched: a typo fails the command, not one of its plugins.
    const specs = sources.map((source) => parseSource(source, process.cwd()));
    const force = Boolean(args.force);
    if (specs.length === 1) {
      const outcome = await installPlugin({ source: specs[0]!, sha256, nameOverride: args.name, replaceCurrent: force, replaceSameName: force }, install, confirm);
      for (const note of outcome.notes) printErrorLine(`note: ${note}`);
      process.stdout.write(report(outcome));
      const warning = outcome.kind === "unchanged" ? undefined : await k3dRangeWarning(outcome.plugin.metadata, install);
      if (warning) printErrorLine(warning);
      return;
    }
    // Several: no progress bars, whose redrawn lines would overwrite each other.
    const members = specs.map((spec, index) => ({
      label: sources[index]!,
      request: async () => ({ source: spec, replaceCurrent: force, replaceSameName: force }),
    }));
    const results = await installSet(members, { ctx: { ...install, progress: false }, limit: createLimiter(PARALLEL_FETCHES_MAX), confirm, allOrNothing: false });
    process.exitCode = summarize(results, counted(results.length, "plugin"));
  },
});

/** `--locked … --no-locked`: citty keeps the last, which hides a mistake (a CI script's flag against a user's). */
function saysBoth(rawArgs: string[], flag: string): boolean {
  const end = rawArgs.indexOf("--");
  const words = end < 0 ? rawArgs : rawArgs.slice(0, end);
  const yes = words.some((word) => word === `--${flag}` || word.startsWith(`--${flag}=`));
  const no = words.some((word) => word === `--no-${flag}` || word.startsWith(`--no-${flag}=`));
  return yes && no;
}

interface ProjectOptions {
  locked: boolean | undefined;
  force: boolean;
  sha256: string | undefined;
  name: string | undefined;
  confirm: ReturnType<typeof consentAsker>;
}

async function installFromProjectFile(ctx: CommandContext, install: InstallContext, options: ProjectOptions): Promise<void> {
  if (options.sha256 !== undefined || options.name !== undefined) {
    throw new K3dxError(`--sha256 and --name apply to one SOURCE; ${PROJECT_FILE} gives each plugin its name. Run 'k3d plugin install --help' for usage.`, 2);
  }
  const path = findProjectFile(process.cwd());
  if (!path) {
    throw new K3dxError(`name a SOURCE to install, or run this in a project with a ${PROJECT_FILE} (in this folder or a parent). Run 'k3d plugin install --help' for usage.`, 2);
  }
  const file = readProjectFile(path, projectTrust(ctx.env));
  // In CI a committed lock is the contract: CI=true installs it exactly, unless --no-locked.
  const locked = options.locked ?? (isEnabled(ctx.env.CI) && existsSync(lockPath(file.dir)));
  // An empty list still goes through: --locked checks the lock against it, and without
  // --locked the lock is brought to it.
  const result = await installProject(file, { ctx: { ...install, progress: false }, locked, force: options.force, confirm: options.confirm });
  for (const warning of result.warnings) printErrorLine(`warning: ${warning}`);
  if (file.entries.length === 0) process.stdout.write(`${path} lists no plugins: nothing to install\n`);
  const failed = file.entries.length === 0 ? 0 : summarize(result.results, `${path}: ${counted(result.results.length, "plugin")}`);
  if (locked) {
    if (failed) printErrorLine(`--locked: nothing was installed, as ${LOCK_FILE} asks for all of its plugins or none`);
  } else if (result.lockWritten !== undefined) {
    process.stdout.write(result.lockWritten ? `wrote ${result.lockPath} (${counted(result.lockedCount, "plugin")})\n` : `${result.lockPath} is up to date\n`);
  }
  process.exitCode = failed;
}

/** One line per plugin (results on stdout, failures on stderr), then the counts; returns the exit status. */
function summarize(results: MemberResult[], what: string): number {
  const counts = new Map<string, number>();
  const count = (word: string) => counts.set(word, (counts.get(word) ?? 0) + 1);
  for (const result of results) {
    switch (result.kind) {
      case "done": {
        const { outcome } = result;
        for (const note of outcome.notes) printErrorLine(`note: ${outcome.plugin.metadata.name}: ${note}`);
        process.stdout.write(outcomeLine(outcome));
        count(outcome.kind === "unchanged" ? "already installed" : outcome.kind);
        break;
      }
      case "failed":
        printErrorLine(failureLine(result.label, result.error));
        count("failed");
        break;
      case "declined":
        printErrorLine(`${result.label}: not installed: its hooks were declined`);
        count("declined");
        break;
      case "held-back":
        count("not installed");
        break;
    }
  }
  const order = ["installed", "replaced", "already installed", "failed", "declined", "not installed"];
  const parts = order.filter((word) => counts.has(word)).map((word) => `${counts.get(word)} ${word}`);
  process.stdout.write(`${what}: ${parts.join(", ")}\n`);
  return results.every((result) => result.kind === "done") ? 0 : 1;
}

function outcomeLine(outcome: InstallOutcome): string {
  const { plugin } = outcome;
  if (outcome.kind === "unchanged") return `${titleOf(plugin)} is already installed from ${sourceOf(plugin)}\n`;
  return `${placedLine(outcome)} (hooks: ${hooksOf(plugin.metadata)})\n`;
}

function report(outcome: InstallOutcome): string {
  const { plugin } = outcome;
  const name = plugin.metadata.name;
  if (outcome.kind === "unchanged") {
    return (
      `${titleOf(plugin)} is already installed from ${sourceOf(plugin)}; ` +
      (plugin.receipt?.kind === "github" ? `'k3d plugin upgrade ${name}' installs a newer release, ` : "") +
      `--force installs it again\n`
    );
  }
  return [placedLine(outcome), `  command: ${commandOf(plugin.metadata)}`, `  hooks:   ${hooksOf(plugin.metadata)}`, `  folder:  ${plugin.dir}`, ""].join("\n");
}

/** `installed mirror 1.0.0 from acme/k3d-mirror`, `replaced mirror 1.0.0 with mirror 1.1.0 from …`. */
function placedLine({ plugin, previous }: InstallOutcome): string {
  return `${previous ? `replaced ${titleOf(previous)} with` : "installed"} ${titleOf(plugin)} from ${sourceOf(plugin)}`;
}
