/** Pure: what counts as bad usage for a `k3d plugin` verb (citty itself accepts anything). */
import { describe, expect, test } from "bun:test";
import type { ArgsDef } from "citty";
import { findUsageProblem } from "../../src/commands/strict-args.ts";

const install: ArgsDef = {
  source: { type: "positional", required: true },
  force: { type: "boolean" },
  sha256: { type: "string" },
  output: { type: "enum", alias: "o", options: ["a", "b"] },
};

describe("findUsageProblem", () => {
  test.each([
    [["./x"]],
    [["./x", "--force"]],
    [["--no-force", "./x"]],
    [["./x", "--sha256", "abc"]],
    [["./x", "--sha256=abc"]],
    [["-o", "a", "./x"]],
    [["-oa", "./x"]],
    [["--", "--a-source-that-starts-with-dashes"]],
    [["-"]],
  ])("%j is fine", (args) => {
    expect(findUsageProblem(args, install)).toBeUndefined();
  });

  test("an unknown flag, long or short", () => {
    expect(findUsageProblem(["./x", "--sha265", "abc"], install)).toBe("unknown flag --sha265");
    expect(findUsageProblem(["-f", "./x"], install)).toBe("unknown flag -f");
  });

  test("a value flag at the end has no value", () => {
    expect(findUsageProblem(["./x", "--sha256"], install)).toBe("--sha256 needs a value");
  });

  test("a value is not counted as a word", () => {
    expect(findUsageProblem(["--sha256", "abc", "./x"], install)).toBeUndefined();
  });

  test("too many words, unless the last positional takes any number", () => {
    expect(findUsageProblem(["./x", "./y"], install)).toBe("too many arguments (expected at most 1)");
    expect(findUsageProblem(["a", "b", "c"], { names: { type: "positional" } }, { variadic: true })).toBeUndefined();
    expect(findUsageProblem(["a"], {})).toBe("this command takes no arguments");
  });

  test("an enum value it does not know, long, short or inline, named as the user wrote the flag", () => {
    expect(findUsageProblem(["./x", "-o", "c"], install)).toBe('-o "c" is not one of a, b');
    expect(findUsageProblem(["./x", "-oc"], install)).toBe('-o "c" is not one of a, b');
    expect(findUsageProblem(["./x", "--output=c"], install)).toBe('--output "c" is not one of a, b');
  });

  test("a missing positional is named, with its description", () => {
    expect(findUsageProblem([], { source: { type: "positional", required: true, description: "The source" } })).toBe("missing SOURCE: the source");
    expect(findUsageProblem([], { event: { type: "positional", valueHint: "EVENT" }, cluster: { type: "positional", required: false } })).toBe("missing EVENT");
    expect(findUsageProblem(["a"], { event: { type: "positional" }, cluster: { type: "positional", required: false } })).toBeUndefined();
  });

  test("words after -- count as words", () => {
    expect(findUsageProblem(["./x", "--", "./y"], install)).toBe("too many arguments (expected at most 1)");
  });
});
