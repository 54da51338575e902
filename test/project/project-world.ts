/**
 * A project for black-box tests of k3d-plugins.yaml: a sandbox, the GitHub-shaped
 * server with releases built for every platform, and a project folder (`proj/`) with a
 * local plugin in `proj/tools/`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildTarGz } from "../archive/archive-builders.ts";
import { localSource, metadataYaml } from "../commands/plugin-sources.ts";
import { startGithubServer, type FixtureAsset, type FixtureRelease, type GithubServer } from "../fixtures/github-server.ts";
import { createSandbox, runK3dx, type Sandbox } from "../helpers/sandbox.ts";

const sha256 = (bytes: Uint8Array | string) => new Bun.CryptoHasher("sha256").update(bytes).digest("hex");

/** The builds a release may have, by the lock's platform ids that take them. */
export const BUILDS = {
  linux_amd64: ["linux-amd64"],
  linux_amd64_musl: ["linux-amd64-musl"],
  linux_arm64: ["linux-arm64", "linux-arm64-musl"],
  darwin_amd64: ["darwin-amd64"],
  darwin_arm64: ["darwin-arm64"],
  windows_amd64: ["windows-amd64"],
} as const;
export type Build = keyof typeof BUILDS;

export interface ReleaseOptions {
  hooks?: string[];
  /** Publish checksums.txt (default true); without it, `lock` downloads every asset to hash it. */
  checksums?: boolean;
  builds?: Build[];
}

/** OWNER/k3d-NAME@TAG with one .tar.gz per build, each with its own bytes. */
export function platformRelease(owner: string, name: string, tag: string, options: ReleaseOptions = {}): FixtureRelease {
  const version = tag.replace(/^v/, "");
  const builds = options.builds ?? (Object.keys(BUILDS) as Build[]);
  const assets: FixtureAsset[] = builds.map((build) => ({
    name: `k3d-${name}_${version}_${build}.tar.gz`,
    body: buildTarGz([
      { name: `k3d-${name}`, data: `#!/bin/sh\necho "${name} ${tag} ${build}: $*"\n`, mode: 0o755 },
      { name: "plugin.yaml", data: metadataYaml(name, version, options.hooks ?? []) },
    ]),
  }));
  if (options.checksums !== false) {
    assets.push({ name: "checksums.txt", body: assets.map((asset) => `${sha256(asset.body)}  ${asset.name}\n`).join("") });
  }
  return { owner, repo: `k3d-${name}`, tag, assets };
}

/** What the lock should say for a release: per platform id, its asset and digest, or none. */
export function expectedPlatforms(release: FixtureRelease): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const ids of Object.values(BUILDS)) for (const id of ids) out[id] = "none";
  for (const [build, ids] of Object.entries(BUILDS)) {
    const asset = release.assets.find((candidate) => candidate.name.endsWith(`_${build}.tar.gz`));
    if (!asset) continue;
    for (const id of ids) out[id] = { asset: asset.name, sha256: sha256(asset.body) };
  }
  // A musl Linux without a musl build takes the plain one.
  if (out["linux-amd64-musl"] === "none") out["linux-amd64-musl"] = out["linux-amd64"];
  return out;
}

export interface ProjectWorld {
  box: Sandbox;
  server: GithubServer;
  /** The project folder, holding k3d-plugins.yaml. */
  proj: string;
  writeFile(text: string): void;
  k3dx(args: string[], env?: Record<string, string | undefined>, cwd?: string): ReturnType<typeof runK3dx>;
  lockPath: string;
  /** Every request either host has seen. */
  requestCount(): number;
  stop(): Promise<void>;
}

export function createProjectWorld(releases: FixtureRelease[]): ProjectWorld {
  const box = createSandbox();
  const server = startGithubServer({ releases });
  Object.assign(box.env, { K3DX_GITHUB_API: server.apiUrl, K3DX_OS: "linux", K3DX_ARCH: "amd64", K3DX_RETRIES: "0" });
  const proj = join(box.root, "proj");
  mkdirSync(join(proj, "tools"), { recursive: true });
  // Tests run with a clean environment: no CI=true from the machine running them.
  const clean = { CI: undefined };
  return {
    box,
    server,
    proj,
    lockPath: join(proj, "k3d-plugins.lock"),
    writeFile: (text) => writeFileSync(join(proj, "k3d-plugins.yaml"), text),
    k3dx: (args, env = {}, cwd = proj) => runK3dx(box, args, { cwd, env: { ...clean, ...env } }),
    requestCount: () => server.requests.length + server.downloadHostRequests.length,
    async stop() {
      await server.stop();
      box.cleanup();
    },
  };
}

/** `proj/tools/k3d-NAME/` with plugin.yaml; returns `./tools/k3d-NAME` as the file writes it. */
export function projectTool(world: ProjectWorld, name: string, hooks: string[] = []): string {
  localSource(world.box, `../proj/tools/k3d-${name}`, name, { yaml: metadataYaml(name, "0.1.0", hooks) });
  return `./tools/k3d-${name}`;
}
