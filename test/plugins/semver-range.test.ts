import { describe, expect, test } from "bun:test";
import { isSemverRange, k3dVersionSatisfies } from "../../src/plugins/semver-range.ts";

describe("semver range syntax", () => {
  test.each([">=5.0.0", "^5.6", "~5.1.2", "5.x", "*", ">= 5.0.0 <6", "5.0.0 - 5.9.9", "^4 || ^5", "=5.9.0", "v5.9.0", "5.9.0-rc.1"])("%s is a range", (range) => {
    expect(isSemverRange(range)).toBe(true);
  });
  test.each(["", "garbage", ">>5", "5 or later", "||", "^5 ||", "5.0.0.0", "=>5"])("%j is not", (range) => {
    expect(isSemverRange(range)).toBe(false);
  });
});

describe("k3d versions against a range", () => {
  test("k3d's v prefix is dropped", () => {
    expect(k3dVersionSatisfies("v5.9.0", ">=5.0.0")).toBe(true);
    expect(k3dVersionSatisfies("v4.4.8", ">=5.0.0")).toBe(false);
  });
  test("an unreadable version is unknown, not a failure", () => {
    expect(k3dVersionSatisfies("dev", ">=5.0.0")).toBeUndefined();
  });
});
