/**
 * Reading the plugin store: every `plugins/OWNER/REPO` folder with a plugin.yaml.
 * This runs on the dispatch path of unknown nouns and completion, so it uses Bun's
 * built-in YAML parser and a lenient reading instead of loading valibot.
 */
import { readdirSync, readFileSync } from "node:fs";
import { commandNameOfFile, isExecutableFile } from "../platform/executable.ts";
import { IS_WINDOWS, joinPath } from "../platform/paths.ts";
import { METADATA_FILE, RECEIPT_FILE, isPlainName, pluginsRoot } from "./store-layout.ts";
import { LIFECYCLE_EVENTS, type HookSpec, type InstalledPlugin, type LifecycleEvent, type PluginMetadata, type Receipt } from "./types.ts";

export function listInstalledPlugins(home: string): InstalledPlugin[] {
  const plugins: InstalledPlugin[] = [];
  for (const owner of subfolders(pluginsRoot(home))) {
    for (const repo of subfolders(joinPath(pluginsRoot(home), owner))) {
      const plugin = readInstalledPlugin(joinPath(pluginsRoot(home), owner, repo));
      if (plugin) plugins.push(plugin);
    }
  }
  // Code-unit order, the one rule for names everywhere (hook folders, doctor), not the locale's.
  return plugins.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
}

/** One plugin folder, or undefined when it holds no readable plugin.yaml. */
export function readInstalledPlugin(dir: string): InstalledPlugin | undefined {
  const metadata = readYamlFile(joinPath(dir, METADATA_FILE));
  if (!isRecord(metadata) || typeof metadata.name !== "string") return undefined;
  const raw = readYamlFile(joinPath(dir, RECEIPT_FILE));
  const receipt = isRecord(raw) ? (raw as unknown as Receipt) : undefined;
  const normalized = normalizeMetadata(metadata);
  return { metadata: normalized, receipt, dir, executable: findPluginExecutable(dir, normalized.name, receipt?.executable) };
}

/** The installed plugins that answer a command (hooks-only plugins answer none), for completion and help. */
export function pluginsWithCommand(plugins: InstalledPlugin[]): InstalledPlugin[] {
  return plugins.filter((plugin) => plugin.metadata.command !== "");
}

/**
 * The plugin's executable: the receipt's, else `k3d-<name>`, else `<name>`, else the
 * only executable file in the folder (SPEC §6). The receipt's is a file name in the
 * folder, as the strict reader (receipt.ts) demands: an edited receipt must not make
 * `k3d NOUN` and the hooks run a program from elsewhere (`../../../../bin/sh`).
 */
export function findPluginExecutable(dir: string, name: string, fromReceipt?: string, windows = IS_WINDOWS): string | undefined {
  if (fromReceipt && isPlainName(fromReceipt)) {
    const path = joinPath(dir, fromReceipt);
    if (isExecutableFile(path, windows)) return path;
  }
  const files = filesIn(dir).filter((file) => isExecutableFile(joinPath(dir, file), windows));
  for (const wanted of [`k3d-${name}`, name]) {
    const hit = files.find((file) => commandNameOfFile(file, windows) === wanted);
    if (hit) return joinPath(dir, hit);
  }
  return files.length === 1 ? joinPath(dir, files[0]!) : undefined;
}

function normalizeMetadata(raw: Record<string, unknown>): PluginMetadata {
  const name = String(raw.name);
  return {
    name,
    version: raw.version === undefined ? undefined : String(raw.version),
    description: typeof raw.description === "string" ? raw.description : undefined,
    long: typeof raw.long === "string" ? raw.long : undefined,
    command: typeof raw.command === "string" ? raw.command : name,
    hooks: Array.isArray(raw.hooks) ? raw.hooks.map(normalizeHook).filter((h): h is HookSpec => h !== undefined) : [],
    k3d: typeof raw.k3d === "string" ? raw.k3d : undefined,
  };
}

function normalizeHook(raw: unknown): HookSpec | undefined {
  const entry = typeof raw === "string" ? { event: raw } : isRecord(raw) ? raw : undefined;
  if (!entry || !(LIFECYCLE_EVENTS as readonly unknown[]).includes(entry.event)) return undefined;
  return {
    event: entry.event as LifecycleEvent,
    timeout: typeof entry.timeout === "number" && entry.timeout > 0 ? entry.timeout : undefined,
    onError: entry.onError === "warn" ? "warn" : "fail",
  };
}

export function readYamlFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  try {
    return Bun.YAML.parse(text);
  } catch {
    return undefined;
  }
}

function subfolders(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}

function filesIn(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => !name.startsWith(".") && name !== METADATA_FILE && name !== RECEIPT_FILE);
  } catch {
    return [];
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
