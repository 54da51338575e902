/** The next word of a longer plugin name, offered only where dispatch would follow it. */
import { describe, expect, test } from "bun:test";
import { nextNameWords } from "../../src/completion/next-name-words.ts";

const none = { commands: [], pathFiles: [] };

describe("nextNameWords", () => {
  test("an installed plugin's command goes on from the words typed", () => {
    const names = { ...none, commands: ["foo-bar", "foo-baz-qux", "foo", "food-x", "other-one"] };
    expect(nextNameWords(["foo"], "", names)).toEqual(["bar", "baz"]);
    expect(nextNameWords(["foo"], "ba", names)).toEqual(["bar", "baz"]);
    expect(nextNameWords(["foo"], "baz", names)).toEqual(["baz"]);
    expect(nextNameWords(["foo", "baz"], "", names)).toEqual(["qux"]);
    // `foo-bar` ends there; `food-x` does not go on from `foo`.
    expect(nextNameWords(["foo", "bar"], "", names)).toEqual([]);
  });

  test("a PATH plugin's file name goes on from the words typed, each word once", () => {
    const names = { ...none, pathFiles: ["k3d-foo-bar", "k3d-foo-bar-baz", "k3d-foo"], commands: ["foo-bar"] };
    expect(nextNameWords(["foo"], "", names)).toEqual(["bar"]);
    expect(nextNameWords(["foo", "bar"], "", names)).toEqual(["baz"]);
  });

  test("`_` in a file name stands for `-` inside a word: offered as k3dx shows it, where dispatch follows that", () => {
    const names = { ...none, pathFiles: ["k3d-foo-my_tool", "k3d-my_tool-x", "k3d-a-b_c-d"] };
    expect(nextNameWords(["foo"], "", names)).toEqual(["my-tool"]);
    // `my-tool x` finds k3d-my_tool-x; `my tool` finds only k3d-my-tool.
    expect(nextNameWords(["my-tool"], "", names)).toEqual(["x"]);
    expect(nextNameWords(["my"], "", names)).toEqual([]);
    expect(nextNameWords(["a", "b-c"], "", names)).toEqual(["d"]);
  });

  test("after a word with a dash, where only the name as written leads on, the next word is offered as written", () => {
    const names = { ...none, pathFiles: ["k3d-my-tool-x_y"] };
    // `my-tool x-y` would look for k3d-my-tool-x-y or k3d-my_tool-x_y.
    expect(nextNameWords(["my-tool"], "", names)).toEqual(["x_y"]);
    expect(nextNameWords(["my", "tool"], "", names)).toEqual(["x-y"]);
  });

  test("no words, or words past the end of a name (a flag, a path): nothing", () => {
    const names = { commands: ["foo-bar"], pathFiles: ["k3d-foo-bar"] };
    expect(nextNameWords([], "", names)).toEqual([]);
    expect(nextNameWords(["foo", "--x"], "", names)).toEqual([]);
    expect(nextNameWords(["./foo"], "", names)).toEqual([]);
  });

  test("a word dispatch could not take is not offered", () => {
    expect(nextNameWords(["foo"], "", { commands: ["foo--bar"], pathFiles: ["k3d-foo-.x"] })).toEqual([]);
  });
});
