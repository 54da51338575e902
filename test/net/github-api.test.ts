import { afterAll, beforeAll, expect, test } from "bun:test";
import { fetchRelease, githubAccess } from "../../src/net/github-api.ts";

let server: ReturnType<typeof Bun.serve>;
/** The paths the API was asked for, as they arrived (percent-encoding kept). */
const paths: string[] = [];
beforeAll(() => {
  server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(request) {
      const path = new URL(request.url).pathname;
      paths.push(path);
      if (path.includes("/junk/")) return new Response("<html>", { headers: { "content-type": "text/html" } });
      if (path.includes("/unauthorized/")) return Response.json({ message: "Bad credentials" }, { status: 401 });
      if (path.includes("/odd-reset/")) return Response.json({ message: "rate limit" }, { status: 403, headers: { "x-ratelimit-reset": "1e300" } });
      const hostileTag = /\/hostile-tag\/([^/]+)\//.exec(path)?.[1];
      if (hostileTag) return Response.json({ tag_name: { escape: "v1\u001b[31mRED", bidi: "v1\u202e", traversal: "../../x" }[hostileTag], assets: [] });
      return Response.json({ tag_name: "v1", assets: [{ name: "a", url: "https://x/a" }] });
    },
  });
});
afterAll(() => server.stop(true));

const access = (env: Record<string, string> = {}) => githubAccess({ K3DX_GITHUB_API: `http://127.0.0.1:${server.port}/`, K3DX_RETRIES: "0", ...env });

test("the API root: K3DX_GITHUB_API without its trailing slash, api.github.com by default", () => {
  expect(access().apiRoot).toBe(`http://127.0.0.1:${server.port}`);
  expect(githubAccess({}).apiRoot).toBe("https://api.github.com");
  expect(githubAccess({}).credentials).toBeUndefined();
});

test("the token: GITHUB_TOKEN before GH_TOKEN, bound to the API origin", () => {
  expect(access({ GH_TOKEN: "b", GITHUB_TOKEN: "a" }).credentials).toEqual({ token: "a", origin: `http://127.0.0.1:${server.port}` });
  expect(access({ GH_TOKEN: "b" }).tokenVariable).toBe("GH_TOKEN");
});

test("an API root that is not https (or http on loopback) is refused", () => {
  expect(() => githubAccess({ K3DX_GITHUB_API: "http://github.example.com/api/v3" })).toThrow(
    'K3DX_GITHUB_API must be an https:// URL (plain http only for localhost), not "http://github.example.com/api/v3"',
  );
  expect(() => githubAccess({ K3DX_GITHUB_API: "not a url" })).toThrow("K3DX_GITHUB_API must be an https:// URL");
});

test("a release: the fields k3dx uses, browser URL defaulting to the API URL", async () => {
  expect(await fetchRelease("o", "r", "v1", access())).toEqual({ tag: "v1", assets: [{ name: "a", url: "https://x/a", browserDownloadUrl: "https://x/a" }] });
});

test("an answer that is not a release, and a rejected token, each get one clear line", async () => {
  await expect(fetchRelease("junk", "r", undefined, access())).rejects.toThrow(`cannot read release junk/r: the answer from 127.0.0.1:${server.port} is not a GitHub release`);
  await expect(fetchRelease("unauthorized", "r", "v1", access({ GITHUB_TOKEN: "bad" }))).rejects.toThrow(
    "cannot fetch release unauthorized/r@v1: GitHub rejected the token in GITHUB_TOKEN (HTTP 401); check it, or unset it",
  );
});

test("a tag is one encoded path segment: its slashes cannot reach another path of the API", async () => {
  paths.length = 0;
  await fetchRelease("o", "r", "release/v1.2", access());
  expect(paths).toEqual(["/repos/o/r/releases/tags/release%2Fv1.2"]);
});

test("a tag that climbs out of the repository's releases is refused before any request", async () => {
  paths.length = 0;
  for (const tag of ["../../../../evil/x/releases/latest", "..", ".", "v1/../../evil"]) {
    await expect(fetchRelease("trusted", "tool", tag, access({ GITHUB_TOKEN: "secret" }))).rejects.toThrow(`cannot fetch release ${JSON.stringify(`trusted/tool@${tag}`)}: it is not a GitHub OWNER/REPO[@TAG]`);
  }
  for (const [owner, repo] of [["..", "x"], ["o", "."], ["o", ".."], ["o", ""]] as const) {
    await expect(fetchRelease(owner, repo, undefined, access())).rejects.toThrow("it is not a GitHub OWNER/REPO[@TAG]");
  }
  expect(paths).toEqual([]);
});

test("an answer whose tag git would refuse (terminal escapes, bidi marks, ..) is refused, the tag shown escaped", async () => {
  const shown = { escape: '"v1\\x1b[31mRED"', bidi: '"v1\\u202e"', traversal: '"../../x"' };
  for (const [which, tag] of Object.entries(shown)) {
    await expect(fetchRelease("hostile-tag", which, undefined, access())).rejects.toThrow(
      `cannot read release hostile-tag/${which}: its tag ${tag} was refused: a tag must be a name git accepts that prints as itself (no '..', control characters or bidi marks)`,
    );
  }
});

test("a rate-limit reset time no date can hold is left unsaid, not a crash", async () => {
  await expect(fetchRelease("odd-reset", "r", undefined, access())).rejects.toThrow(
    "cannot fetch release odd-reset/r: GitHub API rate limit reached (HTTP 403); set GITHUB_TOKEN (or GH_TOKEN) to a GitHub token for a much higher limit",
  );
});
