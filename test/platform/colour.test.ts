/** Pure: the one rule for colour — a terminal, unless NO_COLOR; FORCE_COLOR wins over both. */
import { expect, test } from "bun:test";
import { colourWanted, withoutColour } from "../../src/platform/colour.ts";

test.each([
  [true, {}, true],
  [false, {}, false],
  [true, { NO_COLOR: "1" }, false],
  [true, { NO_COLOR: "yes" }, false],
  // no-color.org: an empty NO_COLOR is as good as unset.
  [true, { NO_COLOR: "" }, true],
  [true, { TERM: "dumb" }, false],
  [false, { FORCE_COLOR: "1" }, true],
  [false, { FORCE_COLOR: "true" }, true],
  [false, { FORCE_COLOR: "3" }, true],
  [true, { FORCE_COLOR: "0" }, false],
  [true, { FORCE_COLOR: "false" }, false],
  [false, { FORCE_COLOR: "" }, false],
  [false, { FORCE_COLOR: "1", NO_COLOR: "1" }, true],
  [false, { FORCE_COLOR: "1", TERM: "dumb" }, true],
] as const)("terminal %p, %j: %p", (terminal, env, expected) => {
  expect(colourWanted(terminal, env)).toBe(expected);
});

test("withoutColour removes colour and style codes, nothing else", () => {
  expect(withoutColour("\u001b[4m\u001b[1mUSAGE\u001b[22m\u001b[24m \u001b[36mk3d\u001b[39m [x]")).toBe("USAGE k3d [x]");
});
