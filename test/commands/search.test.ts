/**
 * Black-box: `k3d plugin search [QUERY] [--limit N] [-o table|json]` against the
 * GitHub-shaped server — results with their latest release and installed mark, none,
 * rate limits for the search and for the release lookups, and what users type wrong.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { startGithubServer, type FixtureRepository, type GithubServer } from "../fixtures/github-server.ts";
import { createSandbox, runK3dx, type Sandbox } from "../helpers/sandbox.ts";
import { metadataYaml } from "./plugin-sources.ts";
import { platformRelease } from "./release-fixtures.ts";

let box: Sandbox;
let server: GithubServer;
beforeEach(() => {
  box = createSandbox();
  server = startGithubServer({ releases: [], repositories: [] });
  Object.assign(box.env, { K3DX_GITHUB_API: server.apiUrl, K3DX_OS: "linux", K3DX_ARCH: "amd64", K3DX_RETRIES: "0" });
});
afterEach(async () => {
  await server.stop();
  box.cleanup();
});

const search = (...args: string[]) => runK3dx(box, ["plugin", "search", ...args]);
const repository = (owner: string, repo: string, stars: number, description: string | null, topics = ["k3d-plugin"]): FixtureRepository => ({ owner, repo, stars, description, topics });
const searchRequests = () => server.requests.filter((request) => request.path.startsWith("/search/"));
const releaseRequests = () => server.requests.filter((request) => request.path.startsWith("/repos/"));

/** Three plugins: one with a build for linux/amd64, one with macOS builds only, one without a release. */
function threePlugins(): void {
  server.repositories.push(
    repository("acme", "k3d-mirror", 120, "Pull-through image cache shared by every cluster"),
    repository("bob", "k3d-macos-only", 7, "Only for Macs"),
    repository("carol", "k3d-draft", 42, null),
    repository("dave", "unrelated", 1000, "Not a k3d plugin", ["kubernetes"]),
  );
  server.releases.push(
    platformRelease("acme", "k3d-mirror", "v1.2.0", ["mirror_linux_amd64.tar.gz", "mirror_darwin_arm64.tar.gz"], { yaml: metadataYaml("mirror", "1.2.0") }),
    platformRelease("bob", "k3d-macos-only", "v0.3.0", ["macos-only_darwin_arm64.tar.gz"]),
  );
}

describe("results", () => {
  test("repositories with the topic, most stars first: latest release, a build for this platform, the installed mark", async () => {
    threePlugins();
    expect((await runK3dx(box, ["plugin", "install", "acme/k3d-mirror@v1.2.0"])).code).toBe(0);
    const result = await search();
    expect(result).toEqual({
      code: 0,
      stderr: "",
      stdout: [
        "REPOSITORY          STARS  LATEST                         INSTALLED      DESCRIPTION",
        "acme/k3d-mirror     120    v1.2.0                         mirror v1.2.0  Pull-through image cache shared by every cluster",
        "carol/k3d-draft     42     - (no release)                 -",
        "bob/k3d-macos-only  7      v0.3.0 (no linux/amd64 build)  -              Only for Macs",
        "",
        "Install one with: k3d plugin install OWNER/REPO",
        "",
      ].join("\n"),
    });
    expect(searchRequests().map((request) => decodeURIComponent(request.path.replaceAll("+", " ")))).toEqual(["/search/repositories?q=topic:k3d-plugin&per_page=20&sort=stars"]);
  });

  test("the words of QUERY narrow the search; GitHub's best match decides the order", async () => {
    threePlugins();
    const result = await search("image", "cache");
    expect(result.stdout).toStartWith("REPOSITORY       STARS  LATEST  INSTALLED  DESCRIPTION\nacme/k3d-mirror  120    v1.2.0  -          Pull-through image cache shared by every cluster\n");
    expect(searchRequests().map((request) => new URL(request.path, "http://x").searchParams.get("q"))).toEqual(["topic:k3d-plugin image cache"]);
    expect(new URL(searchRequests()[0]!.path, "http://x").searchParams.get("sort")).toBeNull();
  });

  test("-o json, for scripts", async () => {
    threePlugins();
    const result = await search("-o", "json");
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ query: "topic:k3d-plugin", platform: "linux/amd64", total: 3, incomplete: false, notes: [] });
    expect(json.plugins).toEqual([
      {
        repository: "acme/k3d-mirror",
        url: "https://github.com/acme/k3d-mirror",
        description: "Pull-through image cache shared by every cluster",
        stars: 120,
        archived: false,
        latest: { tag: "v1.2.0", asset: "mirror_linux_amd64.tar.gz", note: null },
        latestProblem: null,
        installed: null,
      },
      expect.objectContaining({ repository: "carol/k3d-draft", latest: null, latestProblem: null }),
      expect.objectContaining({ repository: "bob/k3d-macos-only", latest: { tag: "v0.3.0", asset: null, note: null } }),
    ]);
  });

  test("--limit: fewer rows, one page asked of that size, and how to see the rest", async () => {
    threePlugins();
    const result = await search("--limit", "2");
    expect(result.stdout.split("\n").slice(1, 3).map((line) => line.split(" ")[0])).toEqual(["acme/k3d-mirror", "carol/k3d-draft"]);
    expect(result.stdout).toEndWith("\n2 of 3 repositories shown; --limit 3 shows more.\nInstall one with: k3d plugin install OWNER/REPO\n");
    expect(new URL(searchRequests()[0]!.path, "http://x").searchParams.get("per_page")).toBe("2");
    expect(releaseRequests()).toHaveLength(2);
  });

  test("nothing found: a sentence, exit 0", async () => {
    expect(await search()).toEqual({ code: 0, stdout: "No repository has the topic k3d-plugin yet.\n", stderr: "" });
    threePlugins();
    expect(await search("nothing-like-this")).toEqual({ code: 0, stdout: 'No repository with the topic k3d-plugin matches "nothing-like-this".\n', stderr: "" });
    expect(JSON.parse((await search("nothing-like-this", "-o", "json")).stdout)).toMatchObject({ total: 0, plugins: [] });
  });

  test("what a repository says about itself cannot act on the terminal; names GitHub would not allow are left out", async () => {
    server.repositories.push(
      repository("acme", "k3d-evil", 3, "Harmless\u001b]0;owned\u0007 tool\nsecond line"),
      repository("acme", ".hidden", 2, "a hidden folder in the store"),
      repository("ac/me", "k3d-x", 1, "not a GitHub owner"),
    );
    const result = await search();
    expect(result.stdout).toBe(
      [
        "REPOSITORY     STARS  LATEST          INSTALLED  DESCRIPTION",
        "acme/k3d-evil  3      - (no release)  -          Harmless\\x1b]0;owned\\x07 tool",
        "",
        "Install one with: k3d plugin install OWNER/REPO",
        "",
      ].join("\n"),
    );
    expect(result.stdout).not.toContain(".hidden");
    expect(result.stdout).not.toContain("ac/me");
  });

  test("the token goes to the API for the search and the lookups", async () => {
    threePlugins();
    await runK3dx(box, ["plugin", "search"], { env: { GITHUB_TOKEN: "t0ken" } });
    expect(server.requests.length).toBeGreaterThan(1);
    expect(server.requests.every((request) => request.authorization === "Bearer t0ken")).toBe(true);
  });
});

describe("when GitHub says no", () => {
  test("the search is rate limited: one line, exit 1", async () => {
    threePlugins();
    server.fault("search", { type: "rate-limit" });
    const result = await search();
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^k3dx: cannot search GitHub: GitHub API rate limit reached \(HTTP 403, it resets at \d\d:\d\d UTC\); set GITHUB_TOKEN \(or GH_TOKEN\) to a GitHub token for a much higher limit\n$/);
  });

  test("429 Too Many Requests from the search: the same line", async () => {
    server.fault("search", { type: "too-many-requests", retryAfter: 3600 });
    const result = await search();
    expect(result.code).toBe(1);
    expect(result.stderr).toStartWith("k3dx: cannot search GitHub: GitHub API rate limit reached (HTTP 429");
  });

  test("the release lookups are rate limited: the results without releases, one note, and no lookup started after the first refusal", async () => {
    for (let i = 0; i < 12; i++) server.repositories.push(repository("acme", `k3d-p${i}`, 100 - i, `plugin ${i}`));
    server.fault("api", { type: "rate-limit" });
    const result = await search();
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n")[1]).toBe("acme/k3d-p0   100    ?       -          plugin 0");
    expect(result.stderr).toMatch(/^k3dx: note: the latest release of 12 repositories is not shown: GitHub API rate limit reached \(HTTP 403, it resets at \d\d:\d\d UTC\); set GITHUB_TOKEN/);
    expect(result.stderr.split("\n")).toHaveLength(2);
    // Eight were already asked together when the first answer came back; the other four never were.
    expect(releaseRequests()).toHaveLength(8);
  });

  test("one repository's release cannot be read: that row only, and a note", async () => {
    threePlugins();
    server.fault("repos/carol/k3d-draft", { type: "server-error", times: 99 });
    const result = await search();
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("carol/k3d-draft     42     ?     ");
    expect(result.stdout).toContain("acme/k3d-mirror     120    v1.2.0 ");
    expect(result.stderr).toBe(`k3dx: note: cannot read the latest release of carol/k3d-draft: HTTP 500 from ${new URL(server.apiUrl).host}\n`);
  });

  test("no network: one line, exit 1", async () => {
    const result = await runK3dx(box, ["plugin", "search"], { env: { K3DX_GITHUB_API: "http://127.0.0.1:9" } });
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr: "k3dx: cannot search GitHub: connection refused by 127.0.0.1:9; check your network connection, and K3DX_GITHUB_API (http://127.0.0.1:9)\n",
    });
  });
});

describe("bad usage", () => {
  test("--limit must be a whole number from 1 to 100", async () => {
    for (const limit of ["0", "-1", "abc", "101", "2.5", ""]) {
      const result = await search(`--limit=${limit}`);
      expect(result, `--limit=${limit}`).toEqual({
        code: 2,
        stdout: "",
        stderr: `k3dx: --limit must be a whole number from 1 to 100, not ${JSON.stringify(limit)}. Run 'k3d plugin search --help' for usage.\n`,
      });
    }
    expect((await search("--limit", "-1")).code).toBe(2);
    expect((await search("--limit")).code).toBe(2);
    expect(server.requests).toEqual([]);
  });

  test("an unknown -o, an unknown flag, a query longer than GitHub takes", async () => {
    expect(await search("-o", "yaml")).toMatchObject({ code: 2, stderr: expect.stringContaining(`k3dx: -o "yaml" is not one of table, json.`) });
    expect(await search("--stars")).toMatchObject({ code: 2, stderr: "k3dx: unknown flag --stars. Run 'k3d plugin search --help' for usage.\n" });
    expect(await search("x".repeat(257))).toMatchObject({ code: 2, stderr: "k3dx: the query is 257 characters long; GitHub searches at most 256. Run 'k3d plugin search --help' for usage.\n" });
    expect(server.requests).toEqual([]);
  });
});
