import { describe, expect, test } from "bun:test";
import { isSemverRange, k3dVersionOutside, k3dVersionSatisfies } from "../../src/plugins/semver-range.ts";

describe("semver range syntax", () => {
  test.each([
    ">=5.0.0", "^5.6", "~5.1.2", "5.x", "*", ">= 5.0.0 <6", "5.0.0 - 5.9.9", "^4 || ^5", "=5.9.0", "v5.9.0", "5.9.0-rc.1",
    "5.x.x", "X", "5.1.*", "5.9.0-rc.1+build.5", "5.9.0+001", "5.9.0-0.3.7", "5.9.0-x-y.1",
    "~>5.2", "~> 5.2.0", "~>5.0.0-rc.1 || ^6",
  ])("%s is a range", (range) => {
    expect(isSemverRange(range)).toBe(true);
  });
  test.each([
    "", "garbage", ">>5", "5 or later", "||", "^5 ||", "5.0.0.0", "=>5",
    // Numbers after a wildcard: node-semver reads them as "any version", which no author means.
    "x.5", "*.1", "5.x.3", "5.*.0", "x.x.1",
    // Empty prerelease or build parts, leading zeros in a numeric prerelease part, prerelease on a partial version.
    "5.0.0-rc..1", "5.0.0-", "5.0.0-rc.", "5.0.0+", "5.0.0+a..b", "5.0.0-rc.01", "5.0-rc.1", "5.x-rc.1",
    "~>>5", "~<5",
  ])("%j is not", (range) => {
    expect(isSemverRange(range)).toBe(false);
  });
});

describe("~> reads as node-semver reads it: ~", () => {
  test.each([
    ["5.2.9", "~>5.2.0", true],
    ["5.3.0", "~>5.2.0", false],
    ["5.9.0", "~>5", true],
    ["6.0.0", "~> 5", false],
  ] as const)("%s in %s: %p", (version, range, expected) => {
    expect(k3dVersionSatisfies(`v${version}`, range)).toBe(expected);
    expect(k3dVersionSatisfies(`v${version}`, range.replace("~>", "~"))).toBe(expected);
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

describe("k3dVersionOutside: which side of the range k3d stands on", () => {
  test.each([
    ["<5.0.0", "newer"],
    ["^4.0.0", "newer"],
    ["~4.2", "newer"],
    ["4.x", "newer"],
    ["<=5.8.9", "newer"],
    [">=6.0.0", "older"],
    ["^5.10.0", "older"],
    [">5.9.0 <7", "older"],
    ["<5.0.0 || >=6.0.0", "between"],
    ["5.8.0 - 5.8.9 || 5.9.1 - 5.9.9", "between"],
  ])("%s, for v5.9.0: %s", (range, side) => {
    expect(k3dVersionOutside("v5.9.0", range)).toBe(side as "newer" | "older" | "between");
  });

  test("in the range, or a version that cannot be read: nothing to say", () => {
    expect(k3dVersionOutside("v5.9.0", ">=5.0.0")).toBeUndefined();
    expect(k3dVersionOutside("dev", "<5.0.0")).toBeUndefined();
  });
});
