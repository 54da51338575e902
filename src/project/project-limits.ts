/**
 * The caps of project plugin sets, each with its reason. A project file and its lock
 * come from a repository a user cloned: whoever wrote them, they must not take the
 * machine, the disk or the GitHub rate limit with them.
 */

/** A team's set is a handful of plugins; a list past this is a mistake or an attack (each costs API calls: 60 an hour without a token). */
export const MAX_PROJECT_PLUGINS = 100;

/** k3d-plugins.yaml holds a line or two per plugin: 1 MiB is thousands of times that. */
export const MAX_PROJECT_FILE_BYTES = 1024 * 1024;

/** k3d-plugins.lock holds about 1 kB per plugin (seven platforms): 4 MiB covers MAX_PROJECT_PLUGINS many times over. */
export const MAX_LOCK_FILE_BYTES = 4 * 1024 * 1024;

/**
 * Downloads (and API calls) running at once for one command. Parallel downloads hide
 * each other's latency; past a few, they only share the same bandwidth, open more
 * sockets and look like abuse to a rate limiter.
 */
export const MAX_PARALLEL_FETCHES = 4;
