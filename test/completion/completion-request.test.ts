/** Which completion questions k3dx answers and which go to real k3d untouched: the words alone decide. */
import { describe, expect, test } from "bun:test";
import { readCompletionRequest } from "../../src/completion/completion-request.ts";
import { routeCommandLine } from "../../src/dispatch/route.ts";
import { readCommandLine } from "../../src/k3d/command-line.ts";

const request = (args: string[]) => readCompletionRequest(readCommandLine(args));
const route = (args: string[], noPlugins = false) => routeCommandLine(readCommandLine(args), noPlugins);

describe("readCompletionRequest", () => {
  test("the first word, after any global flags", () => {
    expect(request(["__complete", ""])).toEqual({ kind: "first-word", args: [""], descriptions: true });
    expect(request(["__completeNoDesc", "--verbose", "mi"])).toEqual({ kind: "first-word", args: ["--verbose", "mi"], descriptions: false });
  });

  test("k3d's flags, k3d's nouns and their words are k3d's alone", () => {
    expect(request(["__complete", "-"])).toBeUndefined();
    expect(request(["__complete", "--ver"])).toBeUndefined();
    expect(request(["__complete", "cluster", ""])).toBeUndefined();
    expect(request(["__complete", "--trace", "cluster", "start", "d"])).toBeUndefined();
    expect(request(["__complete", "images", ""])).toBeUndefined();
    expect(request(["__complete", "--version", ""])).toBeUndefined();
    expect(request(["__complete"])).toBeUndefined();
  });

  test("the plugin manager, under either noun", () => {
    expect(request(["__complete", "plugin", ""])).toEqual({ kind: "plugin-manager", words: [], partial: "", descriptions: true });
    expect(request(["__completeNoDesc", "plugins", "info", "m"])).toEqual({
      kind: "plugin-manager",
      words: ["info"],
      partial: "m",
      descriptions: false,
    });
  });

  test("any other noun may be a plugin's: the finished words from the noun on", () => {
    expect(request(["__complete", "mirror", "st"])).toEqual({ kind: "plugin", words: ["mirror"], partial: "st", descriptions: true });
    expect(request(["__complete", "--verbose", "foo", "bar", "--x", ""])).toEqual({
      kind: "plugin",
      words: ["foo", "bar", "--x"],
      partial: "",
      descriptions: true,
    });
  });

  test("`completion bash` alone gets the plugin-aware addition; other shells do not", () => {
    expect(request(["completion", "bash"])).toEqual({ kind: "bash-script" });
    expect(request(["--verbose", "completion", "bash"])).toEqual({ kind: "bash-script" });
    expect(request(["completion", "zsh"])).toBeUndefined();
    expect(request(["completion", "fish"])).toBeUndefined();
    expect(request(["completion", "powershell"])).toBeUndefined();
    expect(request(["completion", "bash", "--help"])).toBeUndefined();
    expect(request(["completion"])).toBeUndefined();
  });
});

describe("routes for completion and root help", () => {
  test("completion questions k3dx has a part in", () => {
    expect(route(["__complete", ""])).toEqual({ kind: "completion", request: { kind: "first-word", args: [""], descriptions: true } });
    expect(route(["__complete", "mirror", ""]).kind).toBe("completion");
    expect(route(["completion", "bash"]).kind).toBe("completion");
  });

  test("the rest of completion stays on the plain exec path", () => {
    expect(route(["__complete", "cluster", "start", ""])).toEqual({ kind: "k3d" });
    expect(route(["completion", "zsh"])).toEqual({ kind: "k3d" });
  });

  test("root help, with nothing else but global flags", () => {
    for (const args of [["--help"], ["-h"], ["help"], ["--verbose", "--help"], ["help", "--trace"]]) {
      expect(route(args)).toEqual({ kind: "root-help" });
    }
  });

  test("help about something is k3d's", () => {
    expect(route(["help", "cluster"])).toEqual({ kind: "k3d" });
    expect(route(["cluster", "--help"])).toEqual({ kind: "k3d" });
    expect(route(["--help", "--version"])).toEqual({ kind: "k3d" });
    expect(route([])).toEqual({ kind: "k3d" });
  });

  test("K3DX_NO_PLUGINS leaves help and completion to k3d", () => {
    expect(route(["--help"], true)).toEqual({ kind: "k3d" });
    expect(route(["__complete", ""], true)).toEqual({ kind: "k3d" });
    expect(route(["completion", "bash"], true)).toEqual({ kind: "k3d" });
  });
});
