/** Pure: which names a mistyped word was probably meant to be. */
import { expect, test } from "bun:test";
import { editDistance, orList, similarNames } from "../../src/platform/similar-names.ts";

test("edit distance counts a swap of neighbours as one edit", () => {
  expect(editDistance("plugni", "plugin")).toBe(1);
  expect(editDistance("mirror", "mirorr")).toBe(1);
  expect(editDistance("abc", "abc")).toBe(0);
  expect(editDistance("", "abc")).toBe(3);
  expect(editDistance("kitten", "sitting")).toBe(3);
});

test("close names, closest first; prefixes count; the word itself never", () => {
  expect(similarNames("plugni", ["plugin", "cluster"])).toEqual(["plugin"]);
  expect(similarNames("inst", ["install", "info", "list"])).toEqual(["install"]);
  expect(similarNames("lst", ["list", "ls", "exec"])).toEqual(["list", "ls"]);
  expect(similarNames("list", ["list"])).toEqual([]);
  // Short words allow one edit only: otherwise anything would be suggested.
  expect(similarNames("ab", ["xy", "ac"])).toEqual(["ac"]);
  expect(similarNames("x".repeat(200), ["x"])).toEqual([]);
});

test("orList", () => {
  expect(orList(["a"])).toBe("'a'");
  expect(orList(["a", "b"])).toBe("'a' or 'b'");
  expect(orList(["a", "b", "c"])).toBe("'a', 'b' or 'c'");
});
