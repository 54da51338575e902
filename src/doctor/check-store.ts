/**
 * Doctor: every folder of the plugin store, read strictly (the start-up path reads it
 * leniently and would silently skip what is wrong): metadata against the schema, the
 * receipt, the executable, the hook links its metadata asks for, the k3d versions it
 * supports, commands answered twice, and folders left by an interrupted command.
 */
import { readdirSync, readFileSync, realpathSync } from "node:fs";
import { findPluginExecutable } from "../plugins/installed-plugins.ts";
import { hookEntryPath } from "../install/hook-links.ts";
import { parseMetadataText } from "../plugins/metadata-schema.ts";
import { readReceipt } from "../plugins/receipt.ts";
import { k3dVersionSatisfies } from "../plugins/semver-range.ts";
import { METADATA_FILE, pluginsRoot } from "../plugins/store-layout.ts";
import type { PluginMetadata } from "../plugins/types.ts";
import { IS_WINDOWS, joinPath } from "../platform/paths.ts";
import { isRunning } from "../process/process-identity.ts";
import { ok, problem, warning, type Finding } from "./finding.ts";

export function checkStore(home: string, k3dVersion: string | undefined): Finding[] {
  const findings: Finding[] = [];
  const valid: { metadata: PluginMetadata; dir: string }[] = [];
  for (const owner of entries(pluginsRoot(home)).filter((entry) => entry.isDirectory())) {
    const ownerDir = joinPath(pluginsRoot(home), owner.name);
    for (const entry of entries(ownerDir)) {
      const dir = joinPath(ownerDir, entry.name);
      if (!entry.isDirectory()) continue; // locks and stray files
      if (entry.name.startsWith(".")) {
        findings.push(leftoverFinding(dir, entry.name));
        continue;
      }
      const checked = checkPluginFolder(home, dir, k3dVersion);
      findings.push(...checked.findings);
      if (checked.metadata) valid.push({ metadata: checked.metadata, dir });
    }
  }
  return [...findings, ...commandsAnsweredTwice(valid)];
}

/**
 * A dot-folder the repair at the top of doctor (recover-store.ts) did not put right: the
 * staging folder of an install still running, or something it cannot tell the story of.
 */
function leftoverFinding(dir: string, name: string): Finding {
  const staging = /^\.staging-(\d+)-/.exec(name);
  if (staging && isRunning(Number(staging[1]))) return ok(`${dir} belongs to an install running now (pid ${staging[1]})`);
  return warning(`${dir} is left over from an interrupted install, upgrade or remove; delete it when no 'k3d plugin' command is running`);
}

function checkPluginFolder(home: string, dir: string, k3dVersion: string | undefined): { findings: Finding[]; metadata?: PluginMetadata } {
  const text = readText(joinPath(dir, METADATA_FILE));
  if (text === undefined) return { findings: [problem(`${dir} holds no ${METADATA_FILE}, so it is not a plugin; remove the folder or install the plugin again`)] };
  let metadata: PluginMetadata;
  try {
    metadata = parseMetadataText(text, { where: joinPath(dir, METADATA_FILE) });
  } catch (error) {
    return { findings: [problem((error as Error).message)] };
  }
  const name = metadata.name;
  const findings: Finding[] = [];
  let receiptExecutable: string | undefined;
  try {
    receiptExecutable = readReceipt(dir).executable;
  } catch (error) {
    findings.push(problem((error as Error).message));
  }
  const executable = findPluginExecutable(dir, name, receiptExecutable);
  if (!executable) {
    findings.push(problem(`plugin ${name}: no executable in ${dir}${receiptExecutable ? ` (expected ${receiptExecutable})` : ""}; install it again`));
  } else {
    const links = { name, events: metadata.hooks.map((hook) => hook.event), executable };
    for (const event of links.events) {
      const path = hookEntryPath(home, event, links);
      const registered = realPath(path);
      // Windows hook entries are copies, not links: there, being there is all we can check.
      if (registered === undefined || (!IS_WINDOWS && registered !== realPath(executable))) {
        findings.push(problem(`plugin ${name}: its ${event} hook is not registered (${path} ${registered ? "runs something else" : "is missing"}); install it again`));
      }
    }
  }
  if (metadata.k3d && k3dVersion && k3dVersionSatisfies(k3dVersion, metadata.k3d) === false) {
    findings.push(warning(`plugin ${name} supports k3d ${metadata.k3d}, but real k3d is ${k3dVersion}`));
  }
  if (findings.length === 0) findings.push(ok(`plugin ${name}${metadata.version ? ` ${metadata.version}` : ""}: ${dir}`));
  return { findings, metadata };
}

/** Only one plugin can answer a command: the first by name (SPEC §3 lookup order). */
function commandsAnsweredTwice(plugins: { metadata: PluginMetadata; dir: string }[]): Finding[] {
  const findings: Finding[] = [];
  const byCommand = new Map<string, string[]>();
  for (const { metadata } of plugins) {
    if (metadata.command === "") continue;
    byCommand.set(metadata.command, [...(byCommand.get(metadata.command) ?? []), metadata.name]);
  }
  for (const [command, names] of byCommand) {
    if (names.length > 1) findings.push(problem(`plugins ${names.sort().join(", ")} all answer 'k3d ${command}'; only ${names[0]} runs — remove the others`));
  }
  const byName = new Map<string, string[]>();
  for (const { metadata, dir } of plugins) byName.set(metadata.name, [...(byName.get(metadata.name) ?? []), dir]);
  for (const [name, dirs] of byName) {
    if (dirs.length > 1) findings.push(problem(`${dirs.length} plugins are named ${name} (${dirs.join(", ")}); remove all but one`));
  }
  return findings;
}

function entries(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return [];
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

function realPath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}
