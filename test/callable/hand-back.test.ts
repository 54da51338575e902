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

describe("parseHandBack on the bytes read", () => {
  test("bytes that are not UTF-8 are carried as escapes, a BOM is dropped, a NUL is refused", () => {
    expect(parseHandBack(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x0a, 0xff, 0x0a]), "p")).toEqual(["a", "\udcff"]);
    expect(parseHandBack('\ufeff{"args": ["x"]}', "p")).toEqual(["x"]);
    expect(() => parseHandBack("a\n\0\n", "plugin 'x'")).toThrow("plugin 'x' handed back an argument with a NUL byte in it (argument 2 in $K3D_RESULT)");
  });

  test("one byte over the size cap, or one argument over the count cap, is refused", () => {
    expect(() => parseHandBack(new Uint8Array(1024 * 1024 + 1).fill(0x61), "p")).toThrow("p wrote more than 1 MiB to $K3D_RESULT");
    expect(parseHandBack(new Uint8Array(1024 * 1024).fill(0x61), "p")).toHaveLength(1);
    expect(() => parseHandBack("a\n".repeat(10_001), "p")).toThrow("p handed back 10001 arguments");
  });
});
