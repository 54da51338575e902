import { describe, expect, test } from "bun:test";
import { checkDigests, readSha256Option } from "../../src/sources/digest.ts";
import { digestForAsset, findChecksumAsset, parseChecksums } from "../../src/sources/release-checksums.ts";

const A = "a".repeat(64);
const B = "B".repeat(64);

describe("finding the checksum file", () => {
  const names = (...list: string[]) => list.map((name) => ({ name }));
  test("the asset's own .sha256 first, then a list", () => {
    expect(findChecksumAsset("x.tar.gz", names("checksums.txt", "x.tar.gz.sha256"))?.name).toBe("x.tar.gz.sha256");
    expect(findChecksumAsset("x.tar.gz", names("y.tar.gz.sha256", "mirror_1.0.0_checksums.txt"))?.name).toBe("mirror_1.0.0_checksums.txt");
    expect(findChecksumAsset("x.tar.gz", names("SHA256SUMS"))?.name).toBe("SHA256SUMS");
    expect(findChecksumAsset("x.tar.gz", names("x.tar.gz", "notes.txt"))).toBeUndefined();
  });
});

describe("reading checksum files", () => {
  test("sha256sum text and binary mode, BSD tags, bare digests", () => {
    expect(parseChecksums(`${A}  x.tar.gz\n${B} *y.zip\r\nSHA256 (z.exe) = ${A}\n\n# comment\n${A}\n`)).toEqual([
      { digest: A, name: "x.tar.gz" },
      { digest: B.toLowerCase(), name: "y.zip" },
      { digest: A, name: "z.exe" },
      { digest: A, name: undefined },
    ]);
  });

  test("the asset's digest from a list, by name or by a path ending in it", () => {
    expect(digestForAsset(`${B}  other\n${A}  ./dist/x.tar.gz\n`, "checksums.txt", "x.tar.gz")).toBe(A);
  });

  test("a bare digest counts only in the asset's own file", () => {
    expect(digestForAsset(`${A}\n`, "x.tar.gz.sha256", "x.tar.gz")).toBe(A);
    expect(() => digestForAsset(`${A}\n`, "checksums.txt", "x.tar.gz")).toThrow("checksums.txt does not list x.tar.gz");
  });

  test("a list without the asset fails; so does a digest that is not SHA-256", () => {
    expect(() => digestForAsset(`${A}  y.tar.gz\n`, "checksums.txt", "x.tar.gz")).toThrow(
      "checksums.txt does not list x.tar.gz, so the download cannot be verified; nothing was installed (the release is incomplete: tell its author)",
    );
    expect(() => digestForAsset(`${"c".repeat(128)}  x.tar.gz\n`, "checksums.txt", "x.tar.gz")).toThrow("is not SHA-256 (128 hex digits)");
  });
});

describe("digests", () => {
  test("--sha256 in any case, with or without sha256:", () => {
    expect(readSha256Option(B)).toBe(B.toLowerCase());
    expect(readSha256Option(`sha256:${A}`)).toBe(A);
    expect(() => readSha256Option("abc")).toThrow('--sha256 must be a SHA-256 digest (64 hex digits), not "abc"');
  });

  test("every expectation must hold; the message shows both digests and who expected what", () => {
    expect(() => checkDigests("x.tar.gz", A, [{ sha256: A, from: "checksums.txt" }])).not.toThrow();
    expect(() => checkDigests("x.tar.gz", A, [{ sha256: A, from: "checksums.txt" }, { sha256: "b".repeat(64), from: "--sha256" }])).toThrow(
      `checksum mismatch for x.tar.gz: expected ${"b".repeat(64)} (--sha256), got ${A}; nothing was installed`,
    );
  });
});
