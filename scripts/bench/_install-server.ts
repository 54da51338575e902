/**
 * The release server of the install bench, in its own process: the bench process must
 * stay small, because a child's peak RSS as the kernel reports it includes the parent's
 * pages it shared between fork and exec. Serves each `REPO=FILE` given as a release
 * acme/REPO@v1.0.0 with the file as `big_linux_amd64.tar.gz` and a checksum list; prints
 * `{"apiUrl": …, "assetUrls": {REPO: …}}` on one line, and runs until stdin closes.
 */
import { readFileSync } from "node:fs";
import { startGithubServer, type FixtureRelease } from "../../test/fixtures/github-server.ts";

export const ASSET_NAME = "big_linux_amd64.tar.gz";

const releases: FixtureRelease[] = process.argv.slice(2).map((pair) => {
  const [repo, file] = pair.split("=") as [string, string];
  const asset = new Uint8Array(readFileSync(file));
  const digest = new Bun.CryptoHasher("sha256").update(asset).digest("hex");
  return {
    owner: "acme",
    repo,
    tag: "v1.0.0",
    assets: [
      { name: ASSET_NAME, body: asset },
      { name: "checksums.txt", body: `${digest}  ${ASSET_NAME}\n` },
    ],
  };
});
const server = startGithubServer({ releases });
const assetUrls = Object.fromEntries(releases.map((release) => [release.repo, server.assetUrl(release, ASSET_NAME)]));
process.stdout.write(JSON.stringify({ apiUrl: server.apiUrl, assetUrls }) + "\n");
for await (const _ of Bun.stdin.stream()) {
  // Nothing is read from stdin: its end is the signal to stop.
}
await server.stop();
