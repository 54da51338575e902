import { describe, expect, test } from "bun:test";
import { checkDigests, readSha256Option } from "../../src/sources/digest.ts";
import { digestForAsset, findChecksumAssets, parseChecksums } from "../../src/sources/release-checksums.ts";

const A = "a".repeat(64);
const B = "B".repeat(64);

describe("finding the checksum files", () => {
  const names = (...list: string[]) => list.map((name) => ({ name }));
  test("the asset's own .sha256 and every list the release has", () => {
    const found = (assetName: string, ...list: string[]) => findChecksumAssets(assetName, names(...list)).map((asset) => asset.name);
    expect(found("x.tar.gz", "checksums.txt", "x.tar.gz.sha256", "X.TAR.GZ.SHA256SUM", "y.tar.gz.sha256")).toEqual(["checksums.txt", "x.tar.gz.sha256", "X.TAR.GZ.SHA256SUM"]);
    expect(found("x.tar.gz", "a_checksums.txt", "mirror_1.0.0_checksums.txt", "SHA256SUMS", "sha256sums.txt")).toEqual([
      "a_checksums.txt",
      "mirror_1.0.0_checksums.txt",
      "SHA256SUMS",
      "sha256sums.txt",
    ]);
    expect(found("x.tar.gz", "x.tar.gz", "notes.txt", "mychecksums.txt", "checksums.txt.exe")).toEqual([]);
  });
});

describe("reading checksum files", () => {
  const list = (text: string, name = "checksums.txt") => ({ name, text });

  test("sha256sum text and binary mode, BSD tags, bare digests", () => {
    expect(parseChecksums(`${A}  x.tar.gz\n${B} *y.zip\r\nSHA256 (z.exe) = ${A}\n\n# comment\n${A}\n`)).toEqual([
      { digest: A, name: "x.tar.gz" },
      { digest: B.toLowerCase(), name: "y.zip" },
      { digest: A, name: "z.exe" },
      { digest: A, name: undefined },
    ]);
  });

  test("the asset's digest from a list, by its exact name, binary mode and a leading ./ aside", () => {
    expect(digestForAsset([list(`${B}  other\n${A}  x.tar.gz\n`)], "x.tar.gz").sha256).toBe(A);
    expect(digestForAsset([list(`${A} *./x.tar.gz\n`)], "x.tar.gz").sha256).toBe(A);
    expect(digestForAsset([list(`SHA256 (./x.tar.gz) = ${A}\n`)], "x.tar.gz").sha256).toBe(A);
  });

  test("a line for another path that ends in the asset's name says nothing about the asset", () => {
    // A list naming evil/x.tar.gz first used to decide what x.tar.gz had to be.
    expect(digestForAsset([list(`${B}  evil/x.tar.gz\n${A}  x.tar.gz\n`)], "x.tar.gz").sha256).toBe(A);
    expect(() => digestForAsset([list(`${A}  dist/x.tar.gz\n${A}  X.tar.gz\n`)], "x.tar.gz")).toThrow("checksums.txt does not list x.tar.gz");
  });

  test("a list that gives the asset two different digests is an error, whichever comes first", () => {
    expect(() => digestForAsset([list(`${A}  x.tar.gz\n${B}  ./x.tar.gz\n`)], "x.tar.gz")).toThrow(
      `checksums.txt lists x.tar.gz with different digests (${A}, ${B.toLowerCase()}); nothing was installed`,
    );
    expect(digestForAsset([list(`${A}  x.tar.gz\n${A} *x.tar.gz\n`)], "x.tar.gz").sha256).toBe(A);
  });

  test("checksum files that disagree about the asset are an error; one that does not list it is not asked", () => {
    expect(() => digestForAsset([list(`${B}  x.tar.gz\n`, "a_checksums.txt"), list(`${A}  x.tar.gz\n`)], "x.tar.gz")).toThrow(
      `the release's checksum files disagree about x.tar.gz: a_checksums.txt gives ${B.toLowerCase()}, checksums.txt gives ${A}; nothing was installed`,
    );
    expect(() => digestForAsset([list(`${A}\n`, "x.tar.gz.sha256"), list(`${B}  x.tar.gz\n`)], "x.tar.gz")).toThrow("checksum files disagree about x.tar.gz");
    expect(digestForAsset([list(`${B}  y.tar.gz\n`, "y_checksums.txt"), list(`${A}  x.tar.gz\n`, "x_checksums.txt"), list(`${A}\n`, "x.tar.gz.sha256")], "x.tar.gz")).toEqual({
      sha256: A,
      from: "x_checksums.txt, x.tar.gz.sha256",
    });
  });

  test("digests that are not SHA-256 are passed over: an MD5 line before the SHA-256 one does not decide", () => {
    expect(digestForAsset([list(`${"d".repeat(32)}  x.tar.gz\n${A}  x.tar.gz\n${"c".repeat(128)}  x.tar.gz\n`)], "x.tar.gz").sha256).toBe(A);
  });

  test("a bare digest counts only in the asset's own file", () => {
    expect(digestForAsset([list(`${A}\n`, "x.tar.gz.sha256")], "x.tar.gz").sha256).toBe(A);
    expect(() => digestForAsset([list(`${A}\n`)], "x.tar.gz")).toThrow("checksums.txt does not list x.tar.gz");
  });

  test("files without the asset fail; so does an asset listed only with digests that are not SHA-256", () => {
    expect(() => digestForAsset([list(`${A}  y.tar.gz\n`)], "x.tar.gz")).toThrow(
      "checksums.txt does not list x.tar.gz, so the download cannot be verified; nothing was installed (the release is incomplete: tell its author)",
    );
    expect(() => digestForAsset([list(`${A}  y.tar.gz\n`), list("", "SHA256SUMS")], "x.tar.gz")).toThrow("checksums.txt, SHA256SUMS do not list x.tar.gz");
    expect(() => digestForAsset([list(`${"c".repeat(128)}  x.tar.gz\n`)], "x.tar.gz")).toThrow(
      "checksums.txt gives x.tar.gz a digest that is not SHA-256 (128 hex digits); k3dx verifies SHA-256 only",
    );
  });

  test("file names from the release are printed with their control characters escaped", () => {
    expect(() => digestForAsset([list(`${A}  y\n`, "\u001b[2Jchecksums.txt")], "x.tar.gz")).toThrow("\\x1b[2Jchecksums.txt does not list x.tar.gz");
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
    expect(() => checkDigests("x\u001b[2J.tar.gz", A, [{ sha256: B, from: "--sha256" }])).toThrow("checksum mismatch for x\\x1b[2J.tar.gz: expected");
  });
});
