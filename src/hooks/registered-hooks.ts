/**
 * The hooks of an event with everything needed to run them: the timeout and onError of
 * the installed plugin a hook belongs to (the installer names each link after its
 * plugin), else those of a user's script's `k3dx-hook:` line (hook-header.ts), else
 * K3DX_HOOK_TIMEOUT (or 300 s) and "fail". onError is the behaviour that applies
 * (hook-settings.ts): `warn` only counts for post- events; a failed pre-hook always stops
 * the command. Timeouts are capped (platform/seconds.ts), whichever of them applies.
 */
import type { SecondsSetting } from "../platform/seconds.ts";
import { hookFolder } from "../plugins/store-layout.ts";
import { listInstalledPlugins } from "../plugins/installed-plugins.ts";
import type { InstalledPlugin, LifecycleEvent } from "../plugins/types.ts";
import { scanHookFolder, skippedNote, type HookFile, type SkippedHookEntry } from "./hook-folder.ts";
import { printable } from "../platform/printable.ts";
import { readHookHeader, type HookHeader } from "./hook-header.ts";
import { effectiveSettings } from "./hook-settings.ts";

export interface RegisteredHook extends HookFile {
  timeoutSeconds: number;
  /** What a failure does: always "fail" for a pre- event. */
  onError: "fail" | "warn";
  /** The plugin's metadata (or the script's header) says onError: warn for a pre- event, where warn has no effect. */
  warnIgnored: boolean;
  /** Where timeout and onError came from: the plugin's metadata, the script's `k3dx-hook:` line, or (absent) neither. */
  settingsFrom?: "plugin" | "header" | "defaults";
  /** What is wrong with the script's `k3dx-hook:` line, if anything. */
  headerProblems?: string[];
  /** Its timeout is the default (K3DX_HOOK_TIMEOUT or 300 s): neither its plugin nor its header sets one. */
  defaultTimeout?: boolean;
  /** The installed plugin it runs, if it is one (by name). */
  plugin: string | undefined;
  /** K3D_PLUGIN_DIR: the plugin's install folder, else the hooks folder. */
  pluginDir: string;
}

export interface EventHooks {
  /** Per event asked for, in name order. */
  hooks: Map<LifecycleEvent, RegisteredHook[]>;
  skipped: SkippedHookEntry[];
  /**
   * Lines to say before the hooks run: a K3DX_HOOK_TIMEOUT that could not be used when
   * some hook would have used it, entries a user probably meant to run, and `k3dx-hook:`
   * lines with a mistake (that hook runs, with the defaults for what was wrong).
   */
  warnings: string[];
}

/** Scans the events' folders; plugin metadata is read only when some hook is there. */
export function loadEventHooks(home: string, events: LifecycleEvent[], defaultTimeout: SecondsSetting): EventHooks {
  const scans = events.map((event) => scanHookFolder(home, event));
  const anyHook = scans.some((scan) => scan.hooks.length > 0);
  const plugins = anyHook ? listInstalledPlugins(home) : [];
  const hooks = new Map(events.map((event, i) => [event, registerHooks(scans[i]!.hooks, plugins, home, defaultTimeout.seconds)]));
  const skipped = scans.flatMap((scan) => scan.skipped);
  const registered = [...hooks.values()].flat();
  const timeoutProblem = defaultTimeout.problem && registered.some((hook) => hook.defaultTimeout) ? [defaultTimeout.problem] : [];
  const header = registered.flatMap((hook) => (hook.headerProblems ?? []).map((problem) => headerWarning(hook, problem)));
  return { hooks, skipped, warnings: [...timeoutProblem, ...skippedWarnings(skipped), ...header] };
}

/**
 * Hook files + the installed plugins → how each hook is to be run. A hook of no installed
 * plugin is a user's script: `readHeader` reads its `k3dx-hook:` line (pure with a stub).
 */
export function registerHooks(
  files: HookFile[],
  plugins: InstalledPlugin[],
  home: string,
  defaultTimeoutSeconds: number,
  readHeader: (path: string) => HookHeader = readHookHeader,
): RegisteredHook[] {
  return files.map((file) => {
    const plugin = plugins.find((candidate) => candidate.metadata.name === file.name);
    const header = plugin ? undefined : readHeader(file.path);
    const asked = plugin ? (plugin.metadata.hooks.find((hook) => hook.event === file.event) ?? {}) : header!.settings;
    const headerAsks = header !== undefined && (asked.timeout !== undefined || asked.onError !== undefined);
    return {
      ...file,
      ...effectiveSettings(file.event, asked, defaultTimeoutSeconds),
      settingsFrom: plugin ? "plugin" : headerAsks ? "header" : "defaults",
      headerProblems: header?.problems ?? [],
      defaultTimeout: asked.timeout === undefined,
      plugin: plugin?.metadata.name,
      pluginDir: plugin?.dir ?? hookFolder(home, file.event),
    };
  });
}

/** `hook …/pre-cluster-create/mine: its k3dx-hook: line: timeout=soon must be …; the default applies`. */
export function headerWarning(hook: RegisteredHook, problem: string): string {
  return `hook ${printable(hook.path)}: its k3dx-hook: line: ${printable(problem)}; the default applies`;
}

/** A line for each entry a user probably meant to run (dot-files are skipped on purpose). */
export function skippedWarnings(skipped: SkippedHookEntry[]): string[] {
  return skipped.flatMap((entry) => {
    const note = skippedNote(entry);
    return note ? [`skipping hook ${entry.path}: ${note}`] : [];
  });
}
