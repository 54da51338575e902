/**
 * Other tools' plugin manifests, recognised so that an author who copied one is told what
 * went wrong in one sentence rather than by a list of unknown fields. Helm's plugin.yaml
 * has the same file name as ours; krew's manifest and kubectl-style files name the
 * program to run in `command:`, where ours names the k3d noun the plugin answers.
 */

/** Where the schema is explained, for messages printed far from this repository. */
export const AUTHORS_GUIDE_URL = "https://github.com/k3dx/k3dx/blob/main/docs/plugin-authors.md#metadata-pluginyaml-and-info";

/** Helm plugin.yaml fields k3dx's schema has no use for (Helm 3 and 4). */
const HELM_FIELDS = ["usage", "platformCommand", "platformHooks", "ignoreFlags", "useTunnel", "downloaders", "runtimeConfig", "runtime"];
/** Helm's `hooks:` is a mapping of its own lifecycle, not a list of k3d events. */
const HELM_HOOKS = ["install", "update", "delete"];

/** What the file looks like, e.g. `a Helm plugin manifest (usage:, platformCommand:)`; undefined when it looks like ours. */
export function foreignManifestKind(raw: unknown): string | undefined {
  if (!isRecord(raw)) return undefined;
  if ((typeof raw.apiVersion === "string" && raw.apiVersion.startsWith("krew.")) || (raw.kind === "Plugin" && isRecord(raw.spec))) {
    return "a krew plugin manifest (apiVersion, kind: Plugin, spec:)";
  }
  const helm = Object.keys(raw).filter((field) => HELM_FIELDS.includes(field)).map((field) => `${field}:`);
  if (isRecord(raw.hooks) && HELM_HOOKS.some((hook) => hook in (raw.hooks as Record<string, unknown>))) helm.push("hooks: install/update/delete");
  if (helm.length > 0) return `a Helm plugin manifest (${helm.join(", ")})`;
  if (typeof raw.command === "string" && namesAProgram(raw.command)) return `a manifest that names the program to run in command: (${JSON.stringify(raw.command)}), kubectl- or Helm-style`;
  return undefined;
}

/** The headline over the located problems of a foreign manifest. */
export function foreignManifestHeadline(where: string, kind: string): string {
  return (
    `${where} looks like ${kind}, not a k3dx plugin.yaml. Its fields are name, version, description, long, ` +
    `command (the k3d noun the plugin answers, not the program to run), hooks (k3d lifecycle events) and k3d; see ${AUTHORS_GUIDE_URL}`
  );
}

/** `./bin/tool`, `$HELM_PLUGIN_DIR/run.sh`, `tool --flag`: a program, not a noun. */
export function namesAProgram(command: string): boolean {
  return /[/\\$\s]/.test(command) || command.startsWith(".") || /\.(sh|bash|py|rb|pl|js|exe|cmd|bat|ps1)$/i.test(command);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
