import { describe, expect, test } from "bun:test";
import { findProblems, readImportGraph } from "../../scripts/check-imports.ts";

const graph = (edges: Record<string, string[]>) => ({ edges: new Map(Object.entries(edges).map(([file, targets]) => [file, new Set(targets)])) });

describe("check-imports", () => {
  test("src/ as it stands has no cycle and every room is on its floor", () => {
    expect(findProblems(readImportGraph())).toEqual([]);
  });

  test("a cycle between two files is named", () => {
    const problems = findProblems(graph({ "a/x.ts": ["a/y.ts"], "a/y.ts": ["a/x.ts"] }));
    expect(problems).toEqual(["import cycle between files: a/x.ts → a/y.ts → a/x.ts"]);
  });

  test("rooms that import each other are a cycle even when no two files are", () => {
    const problems = findProblems(graph({ "a/x.ts": ["b/y.ts"], "b/z.ts": ["a/w.ts"], "b/y.ts": [], "a/w.ts": [] }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("rooms import each other: a → b → a");
  });

  test("the router may be imported by main.ts only, and process/ only imports platform/ and errors.ts", () => {
    const problems = findProblems(graph({ "commands/x.ts": ["dispatch/d.ts"], "dispatch/d.ts": [], "process/p.ts": ["k3d/k.ts"], "k3d/k.ts": [] }));
    expect(problems).toEqual([
      "dispatch/ is the top of the program and only main.ts, dispatch may import it: commands/x.ts imports dispatch/d.ts",
      "process/ may import only process, platform, errors.ts, limits.ts: process/p.ts imports k3d/k.ts",
    ]);
  });

  test("limits.ts, below every room, imports nothing", () => {
    expect(findProblems(graph({ "limits.ts": ["platform/p.ts"], "platform/p.ts": [] }))).toEqual([
      "limits.ts may import only limits.ts: limits.ts imports platform/p.ts",
    ]);
  });
});
