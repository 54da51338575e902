/**
 * Every cap k3dx applies, in one place: what it reads from others (plugins, hooks, servers,
 * archives) is bounded, so no input can make k3dx use unbounded memory, descriptors, disk
 * or time. Each number has its reason; the code reads them from here, and the README's
 * "Limits" table quotes them (test/docs/limits.test.ts keeps the two in step).
 *
 * This file imports nothing: it sits below every folder, the start-up path included.
 */

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

// ── Plugin names ───────────────────────────────────────────────────────────────────────

/**
 * The longest plugin name, in bytes (a name is ASCII, so also in characters). A PATH
 * plugin is the file `k3d-<name>` (on Windows plus `.exe`, `.cmd`, `.bat` or `.ps1`), and
 * no common file system takes a file name over 255 bytes (NAME_MAX; NTFS: 255 units):
 * 255 − 4 − 4. Lookup stops building names at this length, so the words after a plugin
 * noun cost time in proportion to their number, and at most 124 of them (one letter and
 * a `-` each) can be part of a name.
 */
export const PLUGIN_NAME_MAX_BYTES = 247;

// ── Handing arguments back ($K3D_RESULT) ───────────────────────────────────────────────

/**
 * The most a plugin or pre-hook may write to $K3D_RESULT. It is a command line, and a
 * command line beyond this cannot be run on every system anyway (macOS's ARG_MAX is 1 MiB
 * for arguments and environment together; Linux's 2 MiB). Only this many bytes (+1, to
 * tell) are ever read.
 */
export const HAND_BACK_MAX_BYTES = 1 * MiB;

/** Arguments in one hand-back. k3d command lines have tens; past this, a config file is the tool. */
export const HAND_BACK_MAX_ARGS = 10_000;

/** Plugin calls deep, through hand-backs and plugins calling the wrapper (K3DX_DEPTH): a loop ends here. */
export const HAND_BACK_MAX_DEPTH = 8;

// ── Hooks ──────────────────────────────────────────────────────────────────────────────

/** Seconds a hook may run unless K3DX_HOOK_TIMEOUT or its plugin.yaml says otherwise. */
export const DEFAULT_HOOK_TIMEOUT_SECONDS = 300;

/**
 * The longest any timeout a user sets may be (hook timeouts, K3DX_STALL_TIMEOUT,
 * K3DX_DOWNLOAD_TIMEOUT): 24 days. A timer cannot wait longer — one of 2^31 ms (24.8 days)
 * or more fires at once — so a larger value is taken as this one.
 */
export const TIMEOUT_MAX_SECONDS = 24 * 24 * 60 * 60;

/**
 * Hooks running at once, at most, however many events × clusters × hooks a command
 * fires: beyond this they only compete for the same cores and the same docker daemon.
 */
export const HOOK_FAN_OUT_MAX = 64;

/**
 * Hooks running at once where the descriptor limit cannot be read (macOS, Windows):
 * macOS starts programs with a soft limit of 256 descriptors.
 */
export const HOOK_FAN_OUT_WITHOUT_LIMIT = 32;

/**
 * Descriptors a running hook holds in k3dx, measured on Linux with Bun 1.4.4: its stdout
 * and stderr pipes, its stdin (a memory file holding the JSON document) and a pidfd —
 * plus, briefly while it starts, the child's ends of the pipes.
 */
export const DESCRIPTORS_PER_HOOK = 6;

/** Descriptors kept free for k3dx itself while hooks run (stdio, the event loop, k3d, result files). */
export const DESCRIPTORS_RESERVED = 32;

/**
 * Seconds that undoing a create may take after Ctrl-C (or SIGTERM, SIGHUP): asking k3d
 * about the cluster and running the undo-cluster-create hooks, which then get SIGKILL.
 * Enough for a few docker calls (removing a container or a volume takes about a second);
 * short enough for someone who pressed Ctrl-C to wait for, and far inside systemd's 90 s.
 * A further signal ends the undo at once: a second Ctrl-C, or the SIGTERM a CI runner
 * sends after its SIGINT (GitHub Actions: 7.5 s later).
 */
export const UNDO_AFTER_INTERRUPT_SECONDS = 10;

/** A hook's output line longer than this is split (memory stays bounded whatever a hook prints). */
export const HOOK_LINE_MAX_BYTES = 64 * KiB;

// ── Questions to plugins (INFO, COMPLETE) ──────────────────────────────────────────────

/** What a plugin may print in answer to `metadata` or `__complete`: far more than any metadata or candidate list. */
export const PLUGIN_ANSWER_MAX_BYTES = 1 * MiB;

/** Seconds a plugin has to print its metadata during install (SPEC §6). */
export const INFO_TIMEOUT_SECONDS = 5;

/** Milliseconds a plugin has to answer Tab (SPEC §8); past it there are no candidates rather than a hang. */
export const COMPLETION_TIMEOUT_MS = 1000;

// ── Downloads ──────────────────────────────────────────────────────────────────────────

/** A plugin download (archive or executable). No plugin comes near it; a server sending more must not fill the disk. */
export const DOWNLOAD_MAX_BYTES = 1 * GiB;

/**
 * K3DX_STALL_TIMEOUT's default, in seconds: the window of the throughput rule. Waiting
 * for the server's answer, a window without a byte gives up; receiving the body, a
 * window bringing less than DOWNLOAD_MIN_BYTES_PER_WINDOW does.
 */
export const DEFAULT_STALL_SECONDS = 30;

/**
 * The least a download must bring in each stall window while the body arrives: 1 KiB in
 * 30 s is 34 bytes a second, far below any working link, and far above a server that
 * dribbles a byte at a time to hold the install forever.
 */
export const DOWNLOAD_MIN_BYTES_PER_WINDOW = 1 * KiB;

/**
 * K3DX_DOWNLOAD_TIMEOUT's default, in seconds: one download, retries included, must end
 * within an hour (a 1 GiB plugin at 300 kB/s). Whatever a server does, an install ends.
 */
export const DEFAULT_DOWNLOAD_TIMEOUT_SECONDS = 60 * 60;

/** A release's JSON: one with hundreds of assets is a few hundred kB. */
export const RELEASE_JSON_MAX_BYTES = 10 * MiB;

/** A checksum file: one for a big release is a few kB; anything near this is not one. */
export const CHECKSUM_FILE_MAX_BYTES = 1 * MiB;

/** Redirects followed for one request (GitHub uses one, to its storage host). */
export const REDIRECTS_MAX = 5;

/** The longest Retry-After k3dx sits through without telling the user. */
export const RETRY_AFTER_MAX_MS = 10_000;

// ── Unpacking ──────────────────────────────────────────────────────────────────────────

/**
 * What a plugin may unpack to: bytes of file data in all (for a tar, the whole
 * uncompressed stream). Far above any real plugin; it stops an archive bomb before it
 * fills the disk.
 */
export const UNPACK_MAX_BYTES = 1 * GiB;

/** Files, folders and links a plugin may unpack to, the folders implied by paths included. */
export const UNPACK_MAX_ENTRIES = 20_000;

/** A pax or GNU long-name record of a tar is read into memory; real ones are a few hundred bytes. */
export const TAR_HEADER_RECORD_MAX_BYTES = 1 * MiB;

/** A zip's central directory is read whole; real ones take about 100 bytes an entry. */
export const ZIP_DIRECTORY_MAX_BYTES = 64 * MiB;

/** A link's target is a path, and no system takes a path longer than this (PATH_MAX). */
export const LINK_TARGET_MAX_BYTES = 4096;

// ── Project plugin sets (k3d-plugins.yaml, k3d-plugins.lock) ─────────────────────────────
// A project file and its lock come from a repository a user cloned: whoever wrote them,
// they must not take the machine, the disk or the GitHub rate limit with them.

/** A team's set is a handful of plugins; a list past this is a mistake or an attack (each costs API calls: 60 an hour without a token). */
export const PROJECT_PLUGINS_MAX = 100;

/** k3d-plugins.yaml holds a line or two per plugin: 1 MiB is thousands of times that. */
export const PROJECT_FILE_MAX_BYTES = 1 * MiB;

/** k3d-plugins.lock holds about 1 kB per plugin (seven platforms): 4 MiB covers PROJECT_PLUGINS_MAX many times over. */
export const LOCK_FILE_MAX_BYTES = 4 * MiB;

/**
 * Downloads (and API calls) running at once for one command. Parallel downloads hide
 * each other's latency; past a few, they only share the same bandwidth, open more
 * sockets and look like abuse to a rate limiter.
 */
export const PARALLEL_FETCHES_MAX = 4;

// ── Searching GitHub (`k3d plugin search`) ─────────────────────────────────────────────

/** Repositories shown at most: one page of GitHub's search API, which gives no more per request. */
export const SEARCH_MAX_RESULTS = 100;

/** GitHub's search refuses a query longer than this. */
export const SEARCH_QUERY_MAX_LENGTH = 256;

/** A page of 100 repositories is a few hundred kB of JSON; an answer past this is not one. */
export const SEARCH_JSON_MAX_BYTES = 5 * MiB;

/** Latest-release lookups of the results running at once: each is an API call (rate limit). */
export const SEARCH_RELEASE_LOOKUPS_AT_ONCE = 8;

// ── Messages ───────────────────────────────────────────────────────────────────────────

/** Names listed in one error line (assets of a release) before "… N more": the line stays readable. */
export const LISTED_NAMES_MAX = 30;

/** YAML alias expansions in a hand-written file: enough for any real one; past it, an attack ("billion laughs"). */
export const YAML_ALIASES_MAX = 100;
