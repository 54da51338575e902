/**
 * Helpers around the stand-in k3d (test/fixtures/fake-k3d.ts): install it on a PATH folder,
 * read what it was called with, and seed clusters without going through the CLI.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  type CallRecord,
  type ClusterSpec,
  type SignalRecord,
  type StoredCluster,
  createClusterState,
  defaultClusterSpec,
} from "../fixtures/fake-k3d.ts";

export type { CallRecord, ClusterView, K3dNode, SignalRecord, StoredCluster } from "../fixtures/fake-k3d.ts";

/** One invocation of the stand-in, as recorded in calls.jsonl. */
export type Call = CallRecord;

export const FAKE_K3D_SCRIPT = resolve(import.meta.dir, "..", "fixtures", "fake-k3d.ts");

/** Single-quotes a word for /bin/sh. */
function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Writes `binDir/k3d`, a /bin/sh launcher that execs Bun on the stand-in with absolute paths
 * (so it works whatever PATH the wrapper runs with), and returns its path. FAKE_K3D_STATE
 * defaults to `stateDir`; an explicit FAKE_K3D_STATE in the environment wins. `version`
 * is the k3d release it plays (FAKE_K3D_VERSION), written into the launcher: a k3d of
 * another version is another file, as it would be for real (k3dx caches the version per file).
 */
export function installFakeK3d(binDir: string, stateDir: string, version = "v5.9.0"): string {
  mkdirSync(binDir, { recursive: true });
  mkdirSync(stateDir, { recursive: true });
  const launcher = join(binDir, "k3d");
  // --no-env-file: Bun would otherwise load a .env from the caller's working directory.
  writeFileSync(
    launcher,
    [
      "#!/bin/sh",
      `: "\${FAKE_K3D_STATE:=${resolve(stateDir).replace(/(["\\$`])/g, "\\$1")}}"`,
      `FAKE_K3D_VERSION=${shellQuote(version)}`,
      "export FAKE_K3D_STATE FAKE_K3D_VERSION",
      `exec ${shellQuote(process.execPath)} --no-env-file ${shellQuote(FAKE_K3D_SCRIPT)} "$@"`,
      "",
    ].join("\n"),
  );
  chmodSync(launcher, 0o755);
  return launcher;
}

function readLogLines(stateDir: string): Record<string, unknown>[] {
  const file = join(stateDir, "calls.jsonl");
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The invocations of the stand-in, oldest first ([] when it never ran). */
export function readCalls(stateDir: string): Call[] {
  return readLogLines(stateDir).filter((line): line is Record<string, unknown> & Call => Array.isArray(line.argv));
}

/** The signals that interrupted a FAKE_K3D_SLEEP, oldest first. */
export function readSignals(stateDir: string): SignalRecord[] {
  return readLogLines(stateDir).filter((line): line is Record<string, unknown> & SignalRecord => typeof line.signal === "string");
}

/** What a seeded cluster looks like; everything is optional (one running server with a load balancer). */
export interface SeedOptions {
  servers?: number;
  agents?: number;
  /** An existing network to join (k3d's `--network`); default `k3d-<name>`. */
  network?: string;
  noLoadbalancer?: boolean;
  /** false seeds a stopped cluster. Default true. */
  running?: boolean;
  registriesUsed?: string[];
  image?: string;
}

/**
 * Seeds a cluster in the stand-in's state exactly as `k3d cluster create` would have left it,
 * without a process or a recorded call. Throws if the cluster exists.
 */
export function writeCluster(stateDir: string, name: string, opts: SeedOptions = {}): StoredCluster {
  const spec: ClusterSpec = {
    ...defaultClusterSpec(name),
    ...(opts.servers !== undefined ? { servers: opts.servers } : {}),
    ...(opts.agents !== undefined ? { agents: opts.agents } : {}),
    ...(opts.network !== undefined ? { network: opts.network } : {}),
    ...(opts.noLoadbalancer !== undefined ? { noLoadbalancer: opts.noLoadbalancer } : {}),
    ...(opts.running !== undefined ? { running: opts.running } : {}),
    ...(opts.registriesUsed !== undefined ? { registriesUsed: opts.registriesUsed } : {}),
    ...(opts.image !== undefined ? { image: opts.image } : {}),
  };
  const cluster = createClusterState(stateDir, spec);
  if (!cluster) throw new Error(`fake k3d: cluster '${name}' exists already in ${stateDir}`);
  return cluster;
}

/**
 * Dates a registry in the stand-in's state back, as if Docker had made it at `created`:
 * its `created` in `k3d registry list -o json` says so. Throws if there is no such registry.
 */
export function setRegistryCreated(stateDir: string, containerName: string, created: Date): void {
  const file = join(stateDir, "registries", `${containerName}.json`);
  const registry = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  writeFileSync(file, `${JSON.stringify({ ...registry, created: created.toISOString() }, null, 2)}\n`);
}
