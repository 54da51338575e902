/**
 * The plugin store's data, as plain types. plugin.yaml is validated strictly by
 * `metadata-schema.ts` on install; the start-up path reads it leniently (see
 * `installed-plugins.ts`) because a store we wrote ourselves was valid when written.
 */

/**
 * The lifecycle events: `pre-`/`post-` of five verbs (SPEC §4), then the two that clean up
 * (SPEC §9): `undo-cluster-create` after a create that did not complete, and
 * `cluster-gc`, about every live cluster at once.
 */
export const LIFECYCLE_EVENTS = [
  "pre-cluster-create",
  "post-cluster-create",
  "pre-cluster-delete",
  "post-cluster-delete",
  "pre-cluster-start",
  "post-cluster-start",
  "pre-cluster-stop",
  "post-cluster-stop",
  "pre-cluster-restart",
  "post-cluster-restart",
  "undo-cluster-create",
  "cluster-gc",
] as const;
export type LifecycleEvent = (typeof LIFECYCLE_EVENTS)[number];

export interface HookSpec {
  event: LifecycleEvent;
  /** Seconds; undefined means K3DX_HOOK_TIMEOUT or the 300 s default. */
  timeout?: number;
  /** `warn`: a failing post-hook (or one fired by `plugin gc`, `plugin trigger`) is reported but does not fail the command. */
  onError: "fail" | "warn";
}

/** plugin.yaml */
export interface PluginMetadata {
  name: string;
  version?: string;
  description?: string;
  long?: string;
  /** The noun it answers; "" for a hooks-only plugin. */
  command: string;
  hooks: HookSpec[];
  /** Semver range of real k3d versions it supports. */
  k3d?: string;
}

/** receipt.yaml: how and when a plugin was installed. */
export interface Receipt {
  /** What the user asked for: `owner/repo[@tag]`, a path, or a URL. */
  source: string;
  kind: "github" | "local" | "url";
  /** The release tag installed (GitHub sources). */
  tag?: string;
  /** Installed as `owner/repo@tag`: `upgrade` leaves it alone unless --force. */
  pinned: boolean;
  /** Where the bytes came from. */
  assetUrl?: string;
  /** SHA-256 (hex) of what was downloaded or read. */
  sha256: string;
  /** ISO 8601 time of the install. */
  installedAt: string;
  /** The executable's file name inside the plugin folder. */
  executable: string;
}

export interface InstalledPlugin {
  metadata: PluginMetadata;
  receipt: Receipt | undefined;
  /** The install folder: `$K3DX_HOME/plugins/OWNER/REPO` or `plugins/local/NAME`. */
  dir: string;
  /** Absolute path of its executable, when one was found. */
  executable: string | undefined;
}
