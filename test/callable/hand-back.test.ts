import { describe, expect, test } from "bun:test";
import { parseHandBack } from "../../src/callable/hand-back.ts";

describe("parseHandBack", () => {
  test("JSON form", () => {
    expect(parseHandBack('{"args": ["cluster", "create", "dev"]}', "p")).toEqual(["cluster", "create", "dev"]);
    expect(parseHandBack('  {"args": ["a b", "", "ü"]}\n', "p")).toEqual(["a b", "", "ü"]);
  });

  test("one argument per line; the final newline is not an argument; CRLF tolerated", () => {
    expect(parseHandBack("cluster\ncreate\ndev\n", "p")).toEqual(["cluster", "create", "dev"]);
    expect(parseHandBack("cluster\r\nlist\r\n", "p")).toEqual(["cluster", "list"]);
    expect(parseHandBack("a\n\nb", "p")).toEqual(["a", "", "b"]);
    expect(parseHandBack("--flag=with space\n", "p")).toEqual(["--flag=with space"]);
  });

  test("an empty or blank file means nothing more runs", () => {
    expect(parseHandBack("", "p")).toEqual([]);
    expect(parseHandBack("\n  \n", "p")).toEqual([]);
  });

  test("bad JSON is one clear error naming the plugin", () => {
    expect(() => parseHandBack("{nope", "plugin 'x'")).toThrow(/plugin 'x' wrote invalid JSON to \$K3D_RESULT/);
    expect(() => parseHandBack('{"args": [1]}', "plugin 'x'")).toThrow(/without an "args" array of strings/);
    expect(() => parseHandBack('{"argv": []}', "plugin 'x'")).toThrow(/"args"/);
  });
});
