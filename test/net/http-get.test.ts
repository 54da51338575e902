/**
 * The redirect rules of httpGet, hop by hop. A stand-in for fetch plays the hosts, so a
 * chain can include remote https hosts that no test could otherwise reach; each entry of
 * `hosts` is the answer for one URL, and every request is recorded with the token it got.
 */
import { afterEach, beforeEach, expect, spyOn, test } from "bun:test";
import { httpGet } from "../../src/net/http-get.ts";
import { RefusedUrlError } from "../../src/net/network-errors.ts";

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

async function refusal(url: string): Promise<string> {
  try {
    await httpGet({ url, accept: "*/*", credentials });
  } catch (error) {
    expect(error).toBeInstanceOf(RefusedUrlError);
    return (error as Error).message;
  }
  throw new Error(`${url} should have been refused`);
}

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

test("a remote host cannot redirect to plain http on loopback: k3dx does not fetch a local service for it", async () => {
  hosts["https://remote.example/x"] = "http://127.0.0.1:8080/admin";
  expect(await refusal("https://remote.example/x")).toBe(
    "refusing a redirect from remote.example to http://127.0.0.1:8080 (only https is followed, and plain http from loopback to loopback)",
  );
  hosts["https://remote.example/y"] = "http://localhost/admin";
  expect(await refusal("https://remote.example/y")).toStartWith("refusing a redirect from remote.example to http://localhost");
  expect(seen.map((hop) => hop.url)).toEqual(["https://remote.example/x", "https://remote.example/y"]);
});

test("plain http from loopback to loopback is followed (local mirrors and test servers)", async () => {
  hosts["http://127.0.0.1:1/x"] = "http://localhost:2/y";
  hosts["http://localhost:2/y"] = "https://remote.example/z";
  await httpGet({ url: "http://127.0.0.1:1/x", accept: "*/*" });
  expect(seen.map((hop) => hop.url)).toEqual(["http://127.0.0.1:1/x", "http://localhost:2/y", "https://remote.example/z"]);
});
