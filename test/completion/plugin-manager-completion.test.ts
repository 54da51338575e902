import { describe, expect, test } from "bun:test";
import { PLUGIN_VERBS, completePluginManager } from "../../src/completion/plugin-manager-completion.ts";
import { pluginCommand } from "../../src/commands/plugin-command.ts";
import { PLUGIN_MANAGER_SUMMARY } from "../../src/help/plugin-nouns.ts";
import type { InstalledPlugin } from "../../src/plugins/types.ts";

/** What the test reads of a citty argument definition. */
interface ArgDef {
  type?: string;
  alias?: string | string[];
  options?: string[];
  negativeDescription?: string;
}

function installed(name: string, description?: string): InstalledPlugin {
  return {
    metadata: { name, description, command: name, hooks: [] },
    receipt: undefined,
    dir: `/store/${name}`,
    executable: `/store/${name}/k3d-${name}`,
  };
}

const store = [installed("mirror", "Image cache"), installed("metrics"), installed("tunnel", "Expose a port")];
const complete = (words: string[], partial: string) => completePluginManager({ words, partial, installed: store });
const values = (answer: ReturnType<typeof complete>) => ("candidates" in answer ? answer.candidates.map((c) => c.split("\t")[0]) : answer);

describe("completing `k3d plugin …`", () => {
  test("verbs and their aliases, with descriptions, no file names", () => {
    const answer = complete([], "");
    expect(values(answer)).toEqual(["install", "lock", "list", "ls", "info", "remove", "uninstall", "rm", "upgrade", "hooks", "trigger", "gc", "exec", "doctor", "check", "search", "new"]);
    expect(answer).toMatchObject({ directive: 4 });
    expect("candidates" in answer && answer.candidates[0]).toBe(`install\t${PLUGIN_VERBS.install!.description}`);
    expect(values(complete([], "u"))).toEqual(["uninstall", "upgrade"]);
    expect(values(complete(["--verbose"], "r"))).toEqual(["remove", "rm"]);
  });

  test("installed names for info, remove (and its aliases), upgrade and exec", () => {
    for (const verb of ["info", "remove", "uninstall", "rm", "exec"]) {
      expect(values(complete([verb], ""))).toEqual(["mirror", "metrics", "tunnel"]);
    }
    expect(values(complete(["info"], "m"))).toEqual(["mirror", "metrics"]);
    expect(complete(["info"], "")).toMatchObject({ candidates: ["mirror\tImage cache", "metrics", "tunnel\tExpose a port"] });
    // One name only for info and remove; upgrade takes several, each once.
    expect(values(complete(["info", "mirror"], ""))).toEqual([]);
    expect(values(complete(["upgrade", "mirror"], ""))).toEqual(["metrics", "tunnel"]);
  });

  test("event names for hooks and trigger", () => {
    expect(values(complete(["hooks"], "post-cluster-s"))).toEqual(["post-cluster-start", "post-cluster-stop"]);
    expect(values(complete(["trigger"], "pre-cluster-c"))).toEqual(["pre-cluster-create"]);
    expect(values(complete(["hooks", "pre-cluster-create"], ""))).toEqual([]);
    expect(values(complete(["hooks"], "undo"))).toEqual(["undo-cluster-create"]);
    expect(values(complete(["trigger"], "cluster-"))).toEqual(["cluster-gc"]);
  });

  test("cleanup: trigger's --reason and --dry-run, gc's --dry-run; cluster-gc takes no cluster", () => {
    expect(values(complete(["trigger", "undo-cluster-create"], "--"))).toEqual(["--reason", "--dry-run", "--help"]);
    expect(values(complete(["trigger", "undo-cluster-create", "--reason"], ""))).toEqual(["k3d-failed", "hook-failed", "interrupted"]);
    expect(values(complete(["trigger", "undo-cluster-create"], "--reason=i"))).toEqual(["interrupted"]);
    expect(complete(["trigger", "undo-cluster-create", "--reason", "k3d-failed"], "d")).toEqual({ kind: "clusters", partial: "d" });
    expect(values(complete(["trigger", "cluster-gc"], ""))).toEqual([]);
    expect(values(complete(["gc"], "-"))).toEqual(["--dry-run", "--help", "-h"]);
    expect(values(complete(["gc"], ""))).toEqual([]);
  });

  test("trigger's cluster comes from real k3d; exec's arguments from the plugin", () => {
    expect(complete(["trigger", "post-cluster-create"], "de")).toEqual({ kind: "clusters", partial: "de" });
    expect(complete(["exec", "mirror", "status", "--json"], "x")).toEqual({
      kind: "plugin",
      plugin: store[0]!,
      args: ["status", "--json", "x"],
    });
    expect(values(complete(["exec", "unknown"], ""))).toEqual([]);
  });

  test("install lets the shell offer files for every source (a local path is one, and it takes several)", () => {
    expect(complete(["install"], "./")).toEqual({ candidates: [], directive: 0 });
    expect(complete(["install", "./k3d-x"], "")).toEqual({ candidates: [], directive: 0 });
    expect(complete(["lock"], "")).toEqual({ candidates: [], directive: 4 });
  });

  test("flags, and the values of flags that take them", () => {
    expect(values(complete(["install"], "--"))).toEqual(["--force", "--sha256", "--name", "--locked", "--no-locked", "--yes", "--help"]);
    expect(values(complete(["install"], "-"))).toContain("-y");
    expect(values(complete(["list"], "-"))).toEqual(["--output", "-o", "--help", "-h"]);
    expect(values(complete(["list", "-o"], ""))).toEqual(["table", "json", "yaml"]);
    expect(values(complete(["list", "--output"], "j"))).toEqual(["json"]);
    expect(values(complete(["list"], "--output=y"))).toEqual(["yaml"]);
    expect(values(complete(["info", "-o", "json"], ""))).toEqual(["mirror", "metrics", "tunnel"]);
    expect(values(complete(["install", "--sha256"], ""))).toEqual([]);
    expect(values(complete([], "--v"))).toEqual(["--version"]);
  });

  test("check takes a source like install; new and search take free words", () => {
    expect(complete(["check"], "./")).toEqual({ candidates: [], directive: 0 });
    expect(values(complete(["check", "-o"], ""))).toEqual(["text", "json"]);
    expect(complete(["new"], "")).toEqual({ candidates: [], directive: 4 });
    expect(complete(["search"], "")).toEqual({ candidates: [], directive: 4 });
    expect(values(complete(["search", "--limit"], ""))).toEqual([]);
    expect(values(complete(["new", "demo", "--template"], ""))).toEqual(["sh", "bun"]);
  });

  test("new --hooks completes each event of its comma-separated list, none twice", () => {
    expect(values(complete(["new", "demo", "--hooks"], "pre-cluster-s"))).toEqual(["pre-cluster-start", "pre-cluster-stop"]);
    expect(values(complete(["new", "demo", "--hooks"], "pre-cluster-create,pre-cluster-c"))).toEqual([]);
    expect(values(complete(["new", "demo", "--hooks"], "pre-cluster-create,post-cluster-c"))).toEqual(["pre-cluster-create,post-cluster-create"]);
    expect(values(complete(["new", "demo"], "--hooks=post-cluster-de"))).toEqual(["post-cluster-delete"]);
  });

  test("an unknown verb has nothing to offer", () => {
    expect(complete(["frobnicate"], "")).toEqual({ candidates: [], directive: 4 });
  });
});

test("install offers --no-locked beside --locked, with what it means", () => {
  expect(complete(["install"], "--no")).toEqual({
    candidates: ["--no-locked\tInstall k3d-plugins.yaml and bring the lock to it, even when CI=true"],
    directive: 4,
  });
  expect(values(complete(["install"], "--"))).toEqual(["--force", "--sha256", "--name", "--locked", "--no-locked", "--yes", "--help"]);
  expect(values(complete(["upgrade"], "-"))).toEqual(["--all", "--force", "--yes", "-y", "--help", "-h"]);
});

describe("the table matches the commands it stands for", () => {
  const resolve = async <T>(value: T | (() => T | Promise<T>) | Promise<T>): Promise<T> =>
    typeof value === "function" ? (value as () => T | Promise<T>)() : value;

  test("`plugin` describes itself in help and completion as `k3d plugin --help` does", async () => {
    expect(PLUGIN_MANAGER_SUMMARY).toBe((await resolve(pluginCommand.meta))?.description ?? "");
  });

  test("every registered verb, with its aliases, flags and description", async () => {
    const subCommands = (await resolve(pluginCommand.subCommands)) ?? {};
    for (const [name, entry] of Object.entries(subCommands)) {
      const command = await resolve(entry);
      const meta = (await resolve(command.meta)) ?? {};
      const spec = PLUGIN_VERBS[name];
      expect(spec, `verb ${name} is missing from PLUGIN_VERBS`).toBeDefined();
      expect(spec!.description).toBe(meta.description ?? "");
      expect(spec!.aliases ?? []).toEqual(meta.alias === undefined ? [] : ([] as string[]).concat(meta.alias));
      const args = Object.entries(((await resolve(command.args)) ?? {}) as Record<string, ArgDef>);
      const flags = args
        .filter(([, arg]) => arg.type !== "positional")
        .map(([long, arg]) => ({
          long,
          short: arg.alias === undefined ? undefined : ([] as string[]).concat(arg.alias)[0],
          // A free value ([]), or values the table offers for it (new --hooks: the events).
          values: arg.type === "enum" ? arg.options : arg.type === "string" ? expect.any(Array) : undefined,
          negated: arg.negativeDescription,
        }));
      expect(spec!.flags.map(({ long, short, values, negated }) => ({ long, short, values, negated }))).toEqual(flags);
    }
  });
});
