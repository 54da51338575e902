import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { K3dxError } from "../../src/errors.ts";
import { readYamlDocument } from "../../src/yaml/yaml-document.ts";
import { locateIssues } from "../../src/yaml/schema-errors.ts";

function failure(text: string): string {
  try {
    readYamlDocument(text, "plugin.yaml");
  } catch (error) {
    expect(error).toBeInstanceOf(K3dxError);
    return (error as Error).message;
  }
  throw new Error("expected a failure");
}

describe("readYamlDocument", () => {
  test("a key written twice is an error at the second one, with the line shown", () => {
    expect(failure("name: a\nhooks: []\nhooks: [pre-cluster-create]\n")).toBe(
      "plugin.yaml:3:1: this key is already set above; a key may be written only once\n    hooks: [pre-cluster-create]",
    );
  });

  test("every syntax problem is listed, each with line and column", () => {
    const message = failure("a: 1\n  b: 2\n");
    expect(message.split("\n")[0]).toBe("plugin.yaml is not valid YAML: 2 problems");
    expect(message).toContain("plugin.yaml:1:4:");
  });

  test("several documents are refused", () => {
    expect(failure("name: x\n---\nname: y\n")).toStartWith("plugin.yaml:2:1: holds several YAML documents");
  });

  test("an alias bomb stops at the alias cap instead of taking the machine", () => {
    let bomb = "a0: &a0 [x,x,x,x,x,x,x,x,x,x]\n";
    for (let i = 1; i < 10; i++) bomb += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(",")}]\n`;
    expect(failure(bomb)).toContain("at most 100 alias expansions");
  });

  test("positions of values, for schema errors", () => {
    const doc = readYamlDocument("name: x\nhooks:\n  - pre-cluster-create\n  - { event: nope }\n", "plugin.yaml");
    expect(doc.positionOf(["hooks", 1, "event"])).toEqual({ line: 4, col: 14 });
    expect(doc.positionOf(["missing"])).toBeUndefined();
  });
});

describe("locateIssues", () => {
  test("each valibot issue points at its line", () => {
    const doc = readYamlDocument("name: 7\nversion: 1.10\n", "plugin.yaml");
    const schema = v.object({ name: v.string("must be a string"), version: v.string("must be a string") });
    const result = v.safeParse(schema, doc.value, { abortEarly: false });
    expect(result.success).toBe(false);
    expect(locateIssues(result.issues!, doc, "plugin.yaml")).toEqual([
      "plugin.yaml:1:7: name: must be a string\n    name: 7",
      "plugin.yaml:2:10: version: must be a string\n    version: 1.10",
    ]);
  });
});
