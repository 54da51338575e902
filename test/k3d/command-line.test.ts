import { describe, expect, test } from "bun:test";
import { asksForHelp, readCommandLine, wordsBeforeFirstFlag } from "../../src/k3d/command-line.ts";

describe("readCommandLine", () => {
  test("the noun is the first word after leading global flags", () => {
    const line = readCommandLine(["--verbose", "--timestamps", "cluster", "list"]);
    expect(line.noun).toBe("cluster");
    expect(line.nounIndex).toBe(2);
    expect(line.leadingGlobals).toEqual(["--verbose", "--timestamps"]);
    expect(line.verbose).toBe(true);
    expect(line.trace).toBe(false);
  });

  test("global flags in their --flag=value form are skipped too", () => {
    expect(readCommandLine(["--trace=true", "mirror"]).noun).toBe("mirror");
    expect(readCommandLine(["--verbose=false", "x"]).verbose).toBe(false);
  });

  test("no noun when the first other word is a flag or there is none", () => {
    expect(readCommandLine([]).noun).toBeUndefined();
    expect(readCommandLine(["--help"]).noun).toBeUndefined();
    expect(readCommandLine(["--verbose", "--version"]).nounIndex).toBe(-1);
  });

  test("--trace anywhere raises the log level, but not after --", () => {
    expect(readCommandLine(["cluster", "list", "--trace"]).trace).toBe(true);
    expect(readCommandLine(["foo", "--", "--trace"]).trace).toBe(false);
  });
});

describe("wordsBeforeFirstFlag", () => {
  test("stops at the first flag, keeping a lone dash as a word", () => {
    expect(wordsBeforeFirstFlag(["foo", "bar", "--x", "baz"], 0)).toEqual(["foo", "bar"]);
    expect(wordsBeforeFirstFlag(["foo", "-", "bar"], 0)).toEqual(["foo", "-", "bar"]);
    expect(wordsBeforeFirstFlag(["foo", "-v"], 0)).toEqual(["foo"]);
  });
});

describe("asksForHelp", () => {
  test("--help or -h anywhere before --", () => {
    expect(asksForHelp(["cluster", "create", "x", "-h"])).toBe(true);
    expect(asksForHelp(["cluster", "--help", "create"])).toBe(true);
    expect(asksForHelp(["cluster", "create", "--", "-h"])).toBe(false);
    expect(asksForHelp(["cluster", "create", "--helpful"])).toBe(false);
  });
});
