/**
 * GitHub releases with many platform assets, for `plugin check`, the asset-choice installs
 * and `plugin search`: each asset is a plugin archive whose executable says which asset it
 * came from, so a test can see which one was installed.
 */
import type { FixtureAsset, FixtureRelease } from "../fixtures/github-server.ts";
import { buildTarGz, buildZip, type TestEntry } from "../archive/archive-builders.ts";

export interface PlatformReleaseOptions {
  /** plugin.yaml's text in every archive; none when undefined. */
  yaml?: string;
  /** Write checksums.txt over every asset (default true). */
  checksums?: boolean;
  /** Leave these assets out of checksums.txt. */
  unlisted?: string[];
  /** The executable's shell body (default: it says which asset it came from). */
  body?: string;
}

const sha256 = (body: Uint8Array | string) => new Bun.CryptoHasher("sha256").update(body).digest("hex");

/** An archive (by the name's extension: .zip, else .tar.gz) holding `k3d-<name>` and plugin.yaml. */
export function pluginArchive(assetName: string, name: string, yaml: string | undefined, body = `echo "${name} from ${assetName}: $*"`): Uint8Array {
  const entries: TestEntry[] = [{ name: `k3d-${name}`, data: `#!/bin/sh\n${body}\n`, mode: 0o755 }];
  if (yaml !== undefined) entries.push({ name: "plugin.yaml", data: yaml });
  return assetName.endsWith(".zip") ? buildZip(entries) : buildTarGz(entries);
}

export function platformRelease(owner: string, repo: string, tag: string, assetNames: string[], options: PlatformReleaseOptions = {}): FixtureRelease {
  const name = repo.replace(/^k3d-/, "");
  const assets: FixtureAsset[] = assetNames.map((assetName) => ({ name: assetName, body: pluginArchive(assetName, name, options.yaml, options.body) }));
  if (options.checksums !== false) {
    const listed = assets.filter((asset) => !options.unlisted?.includes(asset.name));
    assets.push({ name: "checksums.txt", body: listed.map((asset) => `${sha256(asset.body)}  ${asset.name}\n`).join("") });
  }
  return { owner, repo, tag, assets };
}
