/**
 * The hooks of an event with everything needed to run them: the timeout and onError of
 * the installed plugin a hook belongs to (the installer names each link after its
 * plugin), else K3DX_HOOK_TIMEOUT (or 300 s) and "fail". onError is the behaviour that
 * applies: `warn` only counts for post- events; a failed pre-hook always stops the command.
 * Timeouts are capped (platform/seconds.ts), whichever of them applies.
 */
import { capSeconds, type SecondsSetting } from "../platform/seconds.ts";
import { hookFolder } from "../plugins/store-layout.ts";
import { listInstalledPlugins } from "../plugins/installed-plugins.ts";
import type { HookSpec, InstalledPlugin, LifecycleEvent } from "../plugins/types.ts";
import { scanHookFolder, skippedNote, type HookFile, type SkippedHookEntry } from "./hook-folder.ts";
import { isPreEvent } from "./lifecycle-events.ts";

export interface RegisteredHook extends HookFile {
  timeoutSeconds: number;
  /** What a failure does: always "fail" for a pre- event. */
  onError: "fail" | "warn";
  /** The plugin's metadata says onError: warn for a pre- event, where warn has no effect. */
  warnIgnored: boolean;
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
   * Lines to say before the hooks run: entries a user probably meant to run, and a
   * K3DX_HOOK_TIMEOUT that could not be used when some hook would have used it.
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
  const usesDefault = scans.some((scan) => scan.hooks.some((file) => specOf(file, plugins)?.timeout === undefined));
  const timeoutProblem = usesDefault && defaultTimeout.problem ? [defaultTimeout.problem] : [];
  return { hooks, skipped, warnings: [...timeoutProblem, ...skippedWarnings(skipped)] };
}

/** Pure: hook files + the installed plugins → how each hook is to be run. */
export function registerHooks(files: HookFile[], plugins: InstalledPlugin[], home: string, defaultTimeoutSeconds: number): RegisteredHook[] {
  return files.map((file) => {
    const plugin = pluginOf(file, plugins);
    const spec = specOf(file, plugins);
    const wantsWarn = spec?.onError === "warn";
    const pre = isPreEvent(file.event);
    return {
      ...file,
      timeoutSeconds: capSeconds(spec?.timeout ?? defaultTimeoutSeconds),
      onError: wantsWarn && !pre ? "warn" : "fail",
      warnIgnored: wantsWarn && pre,
      plugin: plugin?.metadata.name,
      pluginDir: plugin?.dir ?? hookFolder(home, file.event),
    };
  });
}

/** The installed plugin a hook belongs to: the installer names each link after its plugin. */
function pluginOf(file: HookFile, plugins: InstalledPlugin[]): InstalledPlugin | undefined {
  return plugins.find((candidate) => candidate.metadata.name === file.name);
}

/** What the plugin's metadata says about this hook, if it belongs to one. */
function specOf(file: HookFile, plugins: InstalledPlugin[]): HookSpec | undefined {
  return pluginOf(file, plugins)?.metadata.hooks.find((hook) => hook.event === file.event);
}

/** A line for each entry a user probably meant to run (dot-files are skipped on purpose). */
export function skippedWarnings(skipped: SkippedHookEntry[]): string[] {
  return skipped.flatMap((entry) => {
    const note = skippedNote(entry);
    return note ? [`skipping hook ${entry.path}: ${note}`] : [];
  });
}
