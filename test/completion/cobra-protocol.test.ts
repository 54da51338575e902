import { oneLine } from "../../src/platform/printable.ts";
import { describe, expect, test } from "bun:test";
import {
  Directive,
  candidate,
  directiveNote,
  formatCompletionAnswer,

  parseCompletionAnswer,
} from "../../src/completion/cobra-protocol.ts";

describe("parseCompletionAnswer", () => {
  test("reads candidates and the directive line", () => {
    expect(parseCompletionAnswer("status\tShow status\nstart\n:4\n")).toEqual({
      candidates: ["status\tShow status", "start"],
      directive: 4,
    });
    expect(parseCompletionAnswer(":0\n")).toEqual({ candidates: [], directive: 0 });
    expect(parseCompletionAnswer("a\r\n:36\r\n")).toEqual({ candidates: ["a"], directive: 36 });
  });

  test("output without a directive line is not an answer", () => {
    expect(parseCompletionAnswer("")).toBeUndefined();
    expect(parseCompletionAnswer("usage: mirror [status|start]\n")).toBeUndefined();
    expect(parseCompletionAnswer("a\n:4\nb\n")).toBeUndefined();
    expect(parseCompletionAnswer("a\n:x\n")).toBeUndefined();
  });

  test("a directive cobra would reject is not an answer", () => {
    expect(parseCompletionAnswer("a\n:64\n")).toBeUndefined();
    expect(parseCompletionAnswer("a\n:-1\n")).toBeUndefined();
  });

  test("control characters are taken out and blank lines dropped", () => {
    expect(parseCompletionAnswer("\u001b[31mred\u001b[0m\tA \u0007bell\n\n   \n:4\n")).toEqual({
      candidates: ["[31mred[0m\tA bell"],
      directive: 4,
    });
  });
});

describe("formatCompletionAnswer", () => {
  const answer = { candidates: ["status\tShow status", "start", "x\t"], directive: Directive.NoFileComp };

  test("prints one candidate a line, then the directive", () => {
    expect(formatCompletionAnswer(answer, true)).toBe("status\tShow status\nstart\nx\n:4\n");
  });

  test("__completeNoDesc cuts the descriptions off", () => {
    expect(formatCompletionAnswer(answer, false)).toBe("status\nstart\nx\n:4\n");
  });

  test("no candidates is the directive alone", () => {
    expect(formatCompletionAnswer({ candidates: [], directive: 0 }, true)).toBe(":0\n");
  });
});

describe("candidate", () => {
  test("joins value and description with a tab, first line only", () => {
    expect(candidate("mirror", "Image cache\nmore")).toBe("mirror\tImage cache");
    expect(candidate("mirror", "")).toBe("mirror");
    expect(candidate("mirror")).toBe("mirror");
  });
});

describe("directiveNote", () => {
  test("names the bits the way cobra does", () => {
    expect(directiveNote(0)).toBe("Completion ended with directive: ShellCompDirectiveDefault\n");
    expect(directiveNote(4)).toBe("Completion ended with directive: ShellCompDirectiveNoFileComp\n");
    expect(directiveNote(6)).toBe("Completion ended with directive: ShellCompDirectiveNoSpace, ShellCompDirectiveNoFileComp\n");
  });
});

describe("oneLine", () => {
  test("keeps the first line, trimmed, without terminal escapes", () => {
    expect(oneLine("  Pull-through cache \nsecond")).toBe("Pull-through cache");
    expect(oneLine("\u001b]0;title\u0007Cache\u009b")).toBe("]0;titleCache");
  });
});
