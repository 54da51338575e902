import { expect, test } from "bun:test";
import { printable } from "../../src/platform/printable.ts";

test("a clean name, Unicode letters and backslashes included, is shown as it is", () => {
  expect(printable("mirror_1.2.0_linux_amd64.tar.gz")).toBe("mirror_1.2.0_linux_amd64.tar.gz");
  expect(printable("größe-ünïcode ✓ C:\\Users\\me")).toBe("größe-ünïcode ✓ C:\\Users\\me");
  expect(printable("")).toBe("");
});

test("ESC and the other C0 controls are shown escaped, so no sequence reaches the terminal", () => {
  expect(printable("v1\u001b]0;pwned\u0007\u001b[2J")).toBe("v1\\x1b]0;pwned\\x07\\x1b[2J");
  expect(printable("a\u0000b\u0008c\u007f")).toBe("a\\x00b\\x08c\\x7f");
});

test("a newline cannot forge a second line: tab, newline and return get their short escapes", () => {
  const shown = printable("v1\nk3dx: installed evil\r\tx");
  expect(shown).toBe("v1\\nk3dx: installed evil\\r\\tx");
  expect(shown).not.toMatch(/[\n\r\t]/);
});

test("C1 controls (U+009B is CSI on some terminals) are shown escaped", () => {
  expect(printable("a\u009b31mred\u0085")).toBe("a\\x9b31mred\\x85");
});

test("bidi overrides and isolates, and Unicode line separators, are shown escaped", () => {
  expect(printable("exe.\u202egpj")).toBe("exe.\\u202egpj");
  expect(printable("\u2066a\u2069\u200e\u200f\u061c")).toBe("\\u2066a\\u2069\\u200e\\u200f\\u061c");
  expect(printable("one\u2028two\u2029")).toBe("one\\u2028two\\u2029");
});
