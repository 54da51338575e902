/**
 * The redirect rules of httpGet, hop by hop. A stand-in for fetch plays the hosts, so a
 * chain can include remote https hosts that no test could otherwise reach; each entry of
 * `hosts` is the answer for one URL, and every request is recorded with the token it got.
 */
import { afterEach, beforeEach, expect, spyOn, test } from "bun:test";
import { httpGet } from "../../src/net/http-get.ts";

interface Seen {
  url: string;
  authorization: string | null;
}

let seen: Seen[];
let hosts: Record<string, string>;
let fetchSpy: ReturnType<typeof spyOn>;

beforeEach(() => {
  seen = [];
  hosts = {};
  fetchSpy = spyOn(globalThis, "fetch").mockImplementation((async (input: URL | string, init?: RequestInit) => {
    const url = String(input);
    seen.push({ url, authorization: new Headers(init?.headers).get("authorization") });
    const location = hosts[url];
    return location === undefined ? new Response("the bytes") : new Response(null, { status: 302, headers: { location } });
  }) as typeof fetch);
});
afterEach(() => fetchSpy.mockRestore());

const API = "https://api.github.example";
const credentials = { token: "secret", origin: API };

test("the token goes to its origin, and not to the storage host it redirects to", async () => {
  hosts[`${API}/asset`] = "https://storage.example/blob";
  expect(await (await httpGet({ url: `${API}/asset`, accept: "*/*", credentials })).text()).toBe("the bytes");
  expect(seen).toEqual([
    { url: `${API}/asset`, authorization: "Bearer secret" },
    { url: "https://storage.example/blob", authorization: null },
  ]);
});

test("a redirect back to the token's origin after a detour does not win the token back", async () => {
  hosts[`${API}/asset`] = "https://storage.example/bounce";
  hosts["https://storage.example/bounce"] = `${API}/back`;
  await httpGet({ url: `${API}/asset`, accept: "*/*", credentials });
  expect(seen.map((hop) => hop.authorization)).toEqual(["Bearer secret", null, null]);
  expect(seen.at(-1)!.url).toBe(`${API}/back`);
});

test("a chain that starts elsewhere never sends the token, even when it reaches the token's origin", async () => {
  hosts["https://asset.example/x"] = `${API}/x`;
  await httpGet({ url: "https://asset.example/x", accept: "*/*", credentials });
  expect(seen.map((hop) => hop.authorization)).toEqual([null, null]);
});

test("redirects within the token's origin keep it", async () => {
  hosts[`${API}/old`] = `${API}/new`;
  await httpGet({ url: `${API}/old`, accept: "*/*", credentials });
  expect(seen.map((hop) => hop.authorization)).toEqual(["Bearer secret", "Bearer secret"]);
});
