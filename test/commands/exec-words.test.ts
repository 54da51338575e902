/** Pure: the plugin name and its arguments, exactly as typed after `k3d plugin exec`. */
import { expect, test } from "bun:test";
import { execWords } from "../../src/commands/exec-words.ts";

test.each([
  [["plugin", "exec", "tool", "a", "--b"], 0, { name: "tool", rest: ["a", "--b"] }],
  [["--verbose", "plugin", "--trace", "exec", "--verbose", "tool", "--verbose", "--help"], 1, { name: "tool", rest: ["--verbose", "--help"] }],
  [["plugin", "exec"], 0, undefined],
  [["plugin", "exec", "--x"], 0, undefined],
] as const)("%j", (args, nounIndex, expected) => {
  expect(execWords([...args], nounIndex)).toEqual(expected as never);
});
