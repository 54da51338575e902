/**
 * Plugin sources for black-box tests of `k3d plugin …`: local folders as an author would
 * ship them, and GitHub releases (tar.gz assets + checksums.txt) for the fake server.
 */
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildTarGz } from "../archive/archive-builders.ts";
import type { FixtureRelease } from "../fixtures/github-server.ts";
import type { Sandbox } from "../helpers/sandbox.ts";

export interface SourceOptions {
  /** plugin.yaml's text; none when undefined. */
  yaml?: string;
  /** The executable's shell body. */
  body?: string;
  /** The executable's file name (default `k3d-<name>`). */
  executable?: string;
}

/** `<sandbox>/src/<folder>/` holding the executable and (optionally) plugin.yaml; returns `./src/<folder>`. */
export function localSource(box: Sandbox, folder: string, name: string, options: SourceOptions = {}): string {
  const dir = join(box.root, "src", folder);
  mkdirSync(dir, { recursive: true });
  if (options.yaml !== undefined) writeFileSync(join(dir, "plugin.yaml"), options.yaml);
  const exe = join(dir, options.executable ?? `k3d-${name}`);
  writeFileSync(exe, `#!/bin/sh\n${options.body ?? `echo "${name} ran: $*"`}\n`);
  chmodSync(exe, 0o755);
  return `./src/${folder}`;
}

/** plugin.yaml for `name` with these hook events. */
export function metadataYaml(name: string, version: string, hooks: string[] = []): string {
  return `name: ${name}\nversion: "${version}"\ndescription: ${name} for tests\n` + (hooks.length ? `hooks:\n${hooks.map((h) => `  - ${h}\n`).join("")}` : "");
}

/** A release of OWNER/k3d-<name> with a linux/amd64 tar.gz (executable + plugin.yaml) and checksums.txt. */
export function release(owner: string, name: string, tag: string, yaml: string, body = `echo "${name} ${tag}: $*"`): FixtureRelease {
  const asset = `k3d-${name}_${tag.replace(/^v/, "")}_linux_amd64.tar.gz`;
  const bytes = buildTarGz([
    { name: `k3d-${name}`, data: `#!/bin/sh\n${body}\n`, mode: 0o755 },
    { name: "plugin.yaml", data: yaml },
  ]);
  const sum = new Bun.CryptoHasher("sha256").update(bytes).digest("hex");
  return {
    owner,
    repo: `k3d-${name}`,
    tag,
    assets: [
      { name: asset, body: bytes },
      { name: "checksums.txt", body: `${sum}  ${asset}\n` },
    ],
  };
}
