import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lockText, readLockFile, writeLockFile, type LockEntry } from "../../src/project/lock-file.ts";
import { projectTrust } from "../../src/project/project-file.ts";

const digest = (char: string) => char.repeat(64);
const release: LockEntry = {
  kind: "release",
  source: "acme/k3d-mirror",
  tag: "v1.0.0",
  platforms: { "windows-amd64": "none", "linux-amd64": { asset: "m_linux_amd64.tar.gz", sha256: digest("a") } },
};
const local: LockEntry = { kind: "digest", source: "./tools/k3d-hello", name: "hello", sha256: digest("b") };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "k3dx-lock-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("lockText", () => {
  test("sorted by source, every platform in a fixed order (none where unset), the same bytes whatever the order given", () => {
    const text = lockText({ entries: [release, local] });
    expect(lockText({ entries: [local, release] })).toBe(text);
    expect(text.split("\n").filter((line) => !line.startsWith("#"))).toEqual([
      "version: 1",
      "plugins:",
      "  - source: ./tools/k3d-hello",
      "    name: hello",
      `    sha256: ${digest("b")}`,
      "  - source: acme/k3d-mirror",
      "    tag: v1.0.0",
      "    platforms:",
      "      darwin-amd64: none",
      "      darwin-arm64: none",
      "      linux-amd64:",
      "        asset: m_linux_amd64.tar.gz",
      `        sha256: ${digest("a")}`,
      "      linux-amd64-musl: none",
      "      linux-arm64: none",
      "      linux-arm64-musl: none",
      "      windows-amd64: none",
      "",
    ]);
  });

  test("a digest YAML would read as a number, a tag like 1.10, a URL with '#': read back as written", () => {
    const numeric = "1234e5" + "6".repeat(58);
    const odd: LockEntry[] = [
      { kind: "digest", source: "https://example.com/a#b: c", sha256: numeric },
      { kind: "release", source: "acme/k3d-x@1.10", tag: "1.10", platforms: { "linux-amd64": { asset: "x-1.10-linux-amd64", sha256: numeric } } },
    ];
    writeFileSync(join(dir, "k3d-plugins.lock"), lockText({ entries: odd }));
    const read = readLockFile(join(dir, "k3d-plugins.lock"), projectTrust({}));
    // Sorted: acme/… before https://….
    expect(read.entries[1]).toEqual(odd[0]!);
    expect(read.entries[0]).toMatchObject({ tag: "1.10", platforms: { "linux-amd64": { asset: "x-1.10-linux-amd64", sha256: numeric }, "darwin-amd64": "none" } });
  });
});

describe("writeLockFile", () => {
  test("writes, then leaves an identical lock untouched", () => {
    const path = join(dir, "k3d-plugins.lock");
    expect(writeLockFile(path, { entries: [local] })).toBe(true);
    const written = statSync(path).mtimeMs;
    Bun.sleepSync(20);
    expect(writeLockFile(path, { entries: [local] })).toBe(false);
    expect(statSync(path).mtimeMs).toBe(written);
    expect(writeLockFile(path, { entries: [local, release] })).toBe(true);
    expect(readFileSync(path, "utf8")).toContain("acme/k3d-mirror");
  });

  test("a folder it cannot write to is one line, and no temporary file is left", () => {
    const path = join(dir, "missing", "k3d-plugins.lock");
    expect(() => writeLockFile(path, { entries: [] })).toThrow(/^cannot write .*k3d-plugins\.lock: /);
  });
});
