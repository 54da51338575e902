/** The pieces of `npm run release`, each on its own: targets, runtimes, checksums. */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fetchVerifiedRuntime, lockedPackage, matchesIntegrity } from "../../scripts/release/bun-runtime.ts";
import { checksumsText, sha256OfFile } from "../../scripts/release/checksums.ts";
import { assetName, compressedAssetName, hostTarget, RELEASE_TARGETS } from "../../scripts/release/targets.ts";
import { RELEASE_PLATFORMS } from "../../src/sources/release-platforms.ts";
import { REPO_ROOT } from "../helpers/sandbox.ts";

const LOCKFILE = join(REPO_ROOT, "package-lock.json");
const dir = mkdtempSync(join(tmpdir(), "k3dx-release-parts-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sri(bytes: Uint8Array): string {
  return `sha512-${new Bun.CryptoHasher("sha512").update(bytes).digest("base64")}`;
}

describe("release targets", () => {
  test("carry k3d's own asset names, plus -musl for Alpine", () => {
    expect(RELEASE_TARGETS.map(assetName)).toEqual([
      "k3d-linux-amd64",
      "k3d-linux-arm64",
      "k3d-linux-amd64-musl",
      "k3d-linux-arm64-musl",
      "k3d-darwin-amd64",
      "k3d-darwin-arm64",
      "k3d-windows-amd64.exe",
    ]);
    expect(compressedAssetName("k3d-windows-amd64.exe")).toBe("k3d-windows-amd64.exe.gz");
  });

  test("are the release platforms plugins are locked and checked for (src/sources/release-platforms.ts)", () => {
    const ids = RELEASE_TARGETS.map((target) => assetName(target).replace(/^k3d-/, "").replace(/\.exe$/, ""));
    expect(ids.sort()).toEqual(RELEASE_PLATFORMS.map((platform) => platform.id).sort());
    for (const target of RELEASE_TARGETS) {
      const platform = RELEASE_PLATFORMS.find((p) => p.os === target.os && p.arch === target.arch && p.libc === target.libc);
      expect(platform && `k3d-${platform.id}`).toBe(assetName(target).replace(/\.exe$/, ""));
    }
  });

  test("map Node's platform and arch names to the release's", () => {
    expect(hostTarget("linux", "x64")?.bunTarget).toBe("bun-linux-x64");
    expect(hostTarget("linux", "arm64")?.runtimePackage).toBe("@oven/bun-linux-aarch64");
    expect(hostTarget("darwin", "arm64")?.runtimePackage).toBe("@oven/bun-darwin-aarch64");
    expect(hostTarget("win32", "x64") && assetName(hostTarget("win32", "x64")!)).toBe("k3d-windows-amd64.exe");
    expect(hostTarget("win32", "arm64")).toBeUndefined();
    expect(hostTarget("freebsd", "x64")).toBeUndefined();
  });

  test("every runtime is pinned by package-lock.json at the version of the Bun that builds", () => {
    for (const target of RELEASE_TARGETS) {
      const pkg = lockedPackage(LOCKFILE, target.runtimePackage);
      expect(pkg.version).toBe(lockedPackage(LOCKFILE, "bun").version);
      expect(pkg.integrity).toStartWith("sha512-");
    }
  });

  test("a package the lockfile does not pin is an error that says what to do", () => {
    expect(() => lockedPackage(LOCKFILE, "@oven/bun-plan9-mips")).toThrow(/pins no version and integrity for @oven\/bun-plan9-mips; run 'npm install'/);
  });
});

describe("runtime integrity", () => {
  const bytes = new TextEncoder().encode("a runtime tarball");

  test("the lockfile's sha512 must match", () => {
    expect(matchesIntegrity(bytes, sri(bytes))).toBe(true);
    expect(matchesIntegrity(new TextEncoder().encode("a runtime tarball!"), sri(bytes))).toBe(false);
  });

  test("any one of several sha512 entries may match", () => {
    expect(matchesIntegrity(bytes, `sha512-AAAA ${sri(bytes)}`)).toBe(true);
  });

  test("weaker or missing digests are never enough", () => {
    const sha1 = `sha1-${new Bun.CryptoHasher("sha1").update(bytes).digest("base64")}`;
    expect(matchesIntegrity(bytes, sha1)).toBe(false);
    expect(matchesIntegrity(bytes, "")).toBe(false);
  });

  test("a runtime tarball that does not match the lockfile is refused", async () => {
    const real = lockedPackage(LOCKFILE, "@oven/bun-linux-aarch64");
    const tampered = { ...real, integrity: sri(bytes) };
    const work = join(dir, "tampered");
    mkdirSync(work);
    await expect(fetchVerifiedRuntime(tampered, work)).rejects.toThrow(
      "@oven/bun-linux-aarch64@1.4.4 from the npm registry does not match the integrity in package-lock.json; refusing to build on it",
    );
  }, 120_000);
});

describe("checksums.txt", () => {
  test("is sha256sum's text format, sorted by name whatever the build order", () => {
    expect(
      checksumsText([
        { name: "k3d-windows-amd64.exe", sha256: "c".repeat(64) },
        { name: "k3d-darwin-amd64", sha256: "a".repeat(64) },
        { name: "k3d-linux-amd64", sha256: "b".repeat(64) },
      ]),
    ).toBe(`${"a".repeat(64)}  k3d-darwin-amd64\n${"b".repeat(64)}  k3d-linux-amd64\n${"c".repeat(64)}  k3d-windows-amd64.exe\n`);
  });

  test("digests agree with sha256sum", async () => {
    const file = join(dir, "abc");
    writeFileSync(file, "abc");
    expect(await sha256OfFile(file)).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const sha256sum = Bun.spawnSync({ cmd: ["sha256sum", file], stdout: "pipe" }).stdout.toString().split(" ")[0];
    expect(await sha256OfFile(file)).toBe(sha256sum!);
  });
});
