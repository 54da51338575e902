import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { K3dxError } from "../../src/errors.ts";
import { parseSource } from "../../src/sources/parse-source.ts";
import { quoted } from "../../src/platform/printable.ts";

const cwd = mkdtempSync(join(tmpdir(), "k3dx-source-"));
writeFileSync(join(cwd, "k3d-mirror"), "#!/bin/sh\n");
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

function usageError(text: string): string {
  try {
    parseSource(text, cwd);
  } catch (error) {
    expect(error).toBeInstanceOf(K3dxError);
    expect((error as K3dxError).exitCode).toBe(2);
    return (error as Error).message;
  }
  throw new Error(`${text} should not parse`);
}

describe("GitHub releases", () => {
  test("OWNER/REPO is the latest release, OWNER/REPO@TAG a pinned one", () => {
    expect(parseSource("acme/k3d-mirror", cwd)).toEqual({ kind: "github", owner: "acme", repo: "k3d-mirror", text: "acme/k3d-mirror" });
    expect(parseSource("acme/k3d-mirror@v1.2.0", cwd)).toEqual({ kind: "github", owner: "acme", repo: "k3d-mirror", tag: "v1.2.0", text: "acme/k3d-mirror@v1.2.0" });
    expect(parseSource("acme/k3d.mirror_x@release/2024-01", cwd)).toMatchObject({ repo: "k3d.mirror_x", tag: "release/2024-01" });
  });

  test("the repository page a browser shows is read as the repository", () => {
    expect(parseSource("https://github.com/acme/k3d-mirror", cwd)).toMatchObject({ kind: "github", owner: "acme", repo: "k3d-mirror" });
    expect(parseSource("https://github.com/acme/k3d-mirror.git", cwd)).toMatchObject({ kind: "github", repo: "k3d-mirror" });
    expect(parseSource("https://github.com/acme/k3d-mirror/releases/tag/v1.0.0", cwd)).toMatchObject({ kind: "github", tag: "v1.0.0" });
    expect(parseSource("https://github.com/acme/k3d-mirror/releases/download/v1/x.tar.gz", cwd)).toMatchObject({ kind: "url" });
  });

  test("what is not an OWNER/REPO is bad usage naming the accepted forms", () => {
    expect(usageError("mirror")).toBe(
      'cannot read the source "mirror": use OWNER/REPO[@TAG] for a GitHub release, ./PATH or /PATH for a local file or folder, or an https:// URL',
    );
    expect(usageError("acme/k3d-mirror@")).toBe('cannot read the source "acme/k3d-mirror@": "" is not a release tag');
    expect(usageError("-acme/x")).toMatch(/"-acme\/x" is not a GitHub OWNER\/REPO/);
    expect(usageError("acme/..")).toMatch(/is not a GitHub OWNER\/REPO/);
    expect(usageError("a/b/c")).toMatch(/^cannot read the source "a\/b\/c"/);
  });

  test("what the user typed is shown escaped as every other message shows it: \\x1b, not \\u001b or the raw byte", () => {
    expect(usageError("mirror\x1b[2J")).toStartWith('cannot read the source "mirror\\x1b[2J": use OWNER/REPO[@TAG]');
    expect(usageError("acme/k3d-mirror@v1\u202e")).toBe('cannot read the source "acme/k3d-mirror@v1\\u202e": "v1\\u202e" is not a release tag');
  });

  test("a tag git would refuse is bad usage: no `..` or `.` part can reach another repository's release", () => {
    const traversal = "../../../../evil/x/releases/latest";
    expect(usageError(`trusted/tool@${traversal}`)).toBe(`cannot read the source "trusted/tool@${traversal}": ${JSON.stringify(traversal)} is not a release tag`);
    expect(usageError(`https://github.com/trusted/tool/releases/tag/${encodeURIComponent(traversal)}`)).toEndWith(`${JSON.stringify(traversal)} is not a release tag`);
    for (const tag of ["..", ".", "v1/../x", "v1/./x", ".hidden", "v1/.x", "v1.", "v1.lock", "a//b", "/v1", "v1/", "@", "v1@{1}", "v 1", "v1~1", "v1^", "a:b", "v?", "v*", "v[1", "v\\1", "v1\u007f", "v1\u202e"]) {
      expect(usageError(`acme/k3d-mirror@${tag}`)).toEndWith(`${quoted(tag)} is not a release tag`);
    }
    for (const tag of ["v1.2.0", "release/2024-01", "v1.0.0-rc.1+build.5", "v1@2", "@v1", "1.0_final", "größe"]) {
      expect(parseSource(`acme/k3d-mirror@${tag}`, cwd)).toMatchObject({ tag });
    }
  });

  test("a release page whose tag is not valid percent-encoding is bad usage, not a crash", () => {
    expect(usageError("https://github.com/acme/k3d-mirror/releases/tag/v1%E0")).toBe(
      'cannot read the source "https://github.com/acme/k3d-mirror/releases/tag/v1%E0": "v1%E0" is not a release tag',
    );
  });

  test("a repository whose name starts with a dot is refused: its plugin would hide in the store", () => {
    const message = 'cannot install from "acme/.hidden": k3dx does not install from a repository whose name starts with "."';
    expect(usageError("acme/.hidden")).toBe(message);
    expect(usageError("acme/.hidden@v1")).toBe(message);
    expect(usageError("https://github.com/acme/.hidden")).toBe(message);
    expect(usageError("https://github.com/acme/.hidden/releases/tag/v1")).toBe(message);
    expect(usageError(".acme/tool")).toMatch(/^cannot read the source/);
    expect(usageError("acme/.git")).toMatch(/^cannot install from "acme\/.git"/);
    expect(parseSource("acme/k3d.mirror", cwd)).toMatchObject({ repo: "k3d.mirror" });
  });

  test("a bare word naming a file here gets a hint", () => {
    expect(usageError("k3d-mirror")).toEndWith("; for the path, write ./k3d-mirror");
  });
});

describe("local paths", () => {
  test("./, ../ and absolute paths, resolved against the folder given", () => {
    expect(parseSource("./k3d-mirror", cwd)).toEqual({ kind: "local", path: join(cwd, "k3d-mirror"), text: "./k3d-mirror" });
    expect(parseSource(join(cwd, "k3d-mirror"), "/")).toMatchObject({ kind: "local", path: join(cwd, "k3d-mirror") });
    expect(parseSource(".", cwd)).toMatchObject({ kind: "local", path: cwd });
  });

  test("a path that does not exist is a failure, not bad usage", () => {
    let error: unknown;
    try {
      parseSource("./nothing", cwd);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(K3dxError);
    expect((error as K3dxError).message).toBe("cannot install from ./nothing: no such file or folder");
    expect((error as K3dxError).exitCode).toBe(1);
  });
});

describe("URLs", () => {
  test("https anywhere; plain http only on loopback", () => {
    expect(parseSource("https://example.com/dl/mirror_linux_amd64.tar.gz", cwd)).toEqual({
      kind: "url",
      url: "https://example.com/dl/mirror_linux_amd64.tar.gz",
      text: "https://example.com/dl/mirror_linux_amd64.tar.gz",
    });
    for (const host of ["127.0.0.1:8080", "127.1.2.3", "localhost:3000", "[::1]:9"]) {
      expect(parseSource(`http://${host}/x`, cwd)).toMatchObject({ kind: "url" });
    }
    expect(usageError("http://example.com/x.tar.gz")).toBe("refusing plain http:// for example.com: a download can be tampered with on the way; use https://");
    expect(usageError("http://127.0.0.1.example.com/x")).toMatch(/refusing plain http/);
    expect(usageError("ftp://example.com/x")).toMatch(/^cannot read the source "ftp:\/\/example.com\/x"/);
  });
});
