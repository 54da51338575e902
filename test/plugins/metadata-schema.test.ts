/** plugin.yaml validation (SPEC §6): what passes, how it is normalized, and errors that name the field. */
import { describe, expect, test } from "bun:test";
import { K3dxError } from "../../src/errors.ts";
import { nameProblem, parseMetadata, parseMetadataText } from "../../src/plugins/metadata-schema.ts";

const where = "plugin.yaml";

function textError(text: string): string {
  try {
    parseMetadataText(text, { where });
  } catch (error) {
    expect(error).toBeInstanceOf(K3dxError);
    return (error as Error).message;
  }
  throw new Error("expected a validation error");
}

function errorOf(raw: unknown, nameOverride?: string): string {
  try {
    parseMetadata(raw, { where, nameOverride });
  } catch (error) {
    expect(error).toBeInstanceOf(K3dxError);
    return (error as Error).message;
  }
  throw new Error("expected a validation error");
}

describe("valid metadata", () => {
  test("the SPEC example, normalized: short hooks become objects, command defaults to the name", () => {
    const metadata = parseMetadataText(
      [
        "name: mirror",
        "version: 1.2.0",
        "description: Pull-through image cache shared by every cluster",
        "long: |",
        "  More words.",
        "hooks:",
        "  - pre-cluster-create",
        "  - { event: post-cluster-delete, timeout: 60, onError: warn }",
        'k3d: ">=5.0.0"',
      ].join("\n"),
      { where },
    );
    expect(metadata).toEqual({
      name: "mirror",
      version: "1.2.0",
      description: "Pull-through image cache shared by every cluster",
      long: "More words.\n",
      command: "mirror",
      hooks: [
        { event: "pre-cluster-create", onError: "fail" },
        { event: "post-cluster-delete", timeout: 60, onError: "warn" },
      ],
      k3d: ">=5.0.0",
    });
  });

  test("JSON is YAML", () => {
    expect(parseMetadataText('{"name": "tool", "command": ""}', { where }).command).toBe("");
  });

  test("a quoted version is the text written", () => {
    expect(parseMetadataText('name: tool\nversion: "1.10"\n', { where }).version).toBe("1.10");
  });

  test("--name replaces the name and the defaulted command, not an explicit one", () => {
    expect(parseMetadata({ name: "tool" }, { where, nameOverride: "other" })).toMatchObject({ name: "other", command: "other" });
    expect(parseMetadata({ name: "tool", command: "tl" }, { where, nameOverride: "other" })).toMatchObject({ name: "other", command: "tl" });
    // A command that was just the name written out follows the new name, so --name can resolve a clash.
    expect(parseMetadata({ name: "tool", command: "tool" }, { where, nameOverride: "other" })).toMatchObject({ name: "other", command: "other" });
    expect(parseMetadata({ name: "tool", command: "" }, { where, nameOverride: "other" })).toMatchObject({ name: "other", command: "" });
  });
});

describe("errors name the field", () => {
  test.each([
    [{ name: "m", hooks: ["pre-cluster-create", "pre-cluster-creat"] }, 'plugin.yaml: hooks[1].event: "pre-cluster-creat" is not a lifecycle event'],
    [{ name: "m", hooks: [{ event: "pre-cluster-creat" }] }, 'plugin.yaml: hooks[0].event: "pre-cluster-creat" is not a lifecycle event'],
    [{ name: "m", hooks: [{ event: "pre-cluster-create", timeout: 0 }] }, "plugin.yaml: hooks[0].timeout: must be more than 0 seconds"],
    [{ name: "m", hooks: [{ event: "pre-cluster-create", timeout: "60" }] }, "plugin.yaml: hooks[0].timeout: must be a number of seconds"],
    [{ name: "m", hooks: [{ event: "pre-cluster-create", onError: "ignore" }] }, 'plugin.yaml: hooks[0].onError: "ignore" must be fail or warn'],
    [{ name: "m", hooks: [{ event: "pre-cluster-create", when: 1 }] }, "plugin.yaml: hooks[0].when: is not a known field"],
    [{ name: "m", hooks: [{ timeout: 5 }] }, "plugin.yaml: hooks[0].event: is required"],
    [{ name: "m", hooks: [7] }, "plugin.yaml: hooks[0]: must be an event name or a mapping"],
    [{ name: "m", hooks: "pre-cluster-create" }, "plugin.yaml: hooks: must be a list of events"],
    [{ name: "m", hooks: ["post-cluster-stop", "post-cluster-stop"] }, 'plugin.yaml: hooks[1].event: "post-cluster-stop" is listed twice'],
    [{ version: "1" }, "plugin.yaml: name: is required"],
    [{ name: 5 }, "plugin.yaml: name: must be a string"],
    [{ name: "My_Tool" }, 'plugin.yaml: name: "My_Tool" must be lower-case letters'],
    [{ name: "cluster" }, 'plugin.yaml: name: "cluster" is a k3d command'],
    [{ name: "reg" }, 'plugin.yaml: name: "reg" is a k3d command'],
    [{ name: "plugin" }, "plugin.yaml: name: \"plugin\" is the plugin manager's own command"],
    [{ name: "m", command: "node" }, 'plugin.yaml: command: "node" is a k3d command'],
    [{ name: "m", command: 3 }, "plugin.yaml: command: must be a string"],
    [{ name: "m", description: "two\nlines" }, "plugin.yaml: description: must be one line"],
    [{ name: "m", k3d: "5 or later" }, 'plugin.yaml: k3d: "5 or later" is not a semver range'],
    [{ name: "m", extra: true }, "plugin.yaml: extra: is not a known field"],
    [["name", "m"], "plugin.yaml: must be a mapping"],
    ["just text", "plugin.yaml: must be a mapping"],
  ])("%j", (raw, expected) => {
    expect(errorOf(raw)).toStartWith(expected);
  });

  test("bad YAML says where, with the line", () => {
    expect(textError("name: [unclosed")).toBe("plugin.yaml:1:16: Flow sequence in block collection must be sufficiently indented and end with a ]\n    name: [unclosed");
  });

  test("several YAML documents are refused rather than read as a list", () => {
    expect(textError("name: a\n---\nname: b\n")).toStartWith("plugin.yaml:2:1: holds several YAML documents");
  });

  test("characters a terminal acts on are refused where metadata is shown; long keeps its lines and tabs", () => {
    const esc = "\u001b";
    expect(errorOf({ name: "m", description: `${esc}[2J${esc}]0;pwned\u0007` })).toBe("plugin.yaml: description: holds the control character \\x1b, which a terminal would act on");
    expect(errorOf({ name: "m", version: `1.0${esc}[31m` })).toBe("plugin.yaml: version: holds the control character \\x1b, which a terminal would act on");
    expect(errorOf({ name: "m", description: "a\u009bb" })).toStartWith("plugin.yaml: description: holds the control character \\x9b");
    expect(errorOf({ name: "m", description: "evil\u202etxt.exe" })).toStartWith("plugin.yaml: description: holds the control character \\u202e");
    expect(errorOf({ name: "m", long: `fine\n${esc}[31mred` })).toStartWith("plugin.yaml: long: holds the control character \\x1b");
    expect(errorOf({ name: "m", long: "carriage\rreturn" })).toStartWith("plugin.yaml: long: holds the control character \\r");
    expect(parseMetadata({ name: "m", description: "Déjà vu: 缓存 ✓", long: "Usage:\n\tk3d m\n" }, { where })).toMatchObject({ description: "Déjà vu: 缓存 ✓", long: "Usage:\n\tk3d m\n" });
  });

  test("a bad --name is checked like a name", () => {
    expect(errorOf({ name: "tool" }, "Bad")).toStartWith('plugin.yaml: name: "Bad" must be lower-case');
  });
});

test("a name longer than PLUGIN_NAME_MAX_BYTES is refused: k3d-<name> must fit in a file name", () => {
  expect(nameProblem("a".repeat(247))).toBeUndefined();
  expect(nameProblem("a".repeat(248))).toBe("a name may be at most 247 characters (k3d-<name> must fit in a file name), not 248");
});

describe("plugin.yaml read as its author wrote it", () => {
  test("a key written twice is an error, not the last one silently (two hooks: keys would install no hooks)", () => {
    expect(textError("name: m\nhooks: [pre-cluster-create]\nhooks: []\n")).toBe(
      "plugin.yaml:3:1: this key is already set above; a key may be written only once\n    hooks: []",
    );
  });

  test("an unquoted version that YAML reads as a number says how to quote it", () => {
    expect(textError("name: m\nversion: 1.10\n")).toBe('plugin.yaml:2:10: version: must be a string: YAML reads 1.10 as the number 1.1; quote it, as in version: "1.10"\n    version: 1.10');
    expect(textError("name: m\nversion: 2\n")).toStartWith('plugin.yaml:2:10: version: must be a string: quote it, as in version: "2"');
    expect(textError('{"name": "m", "version": 1.10}')).toContain('YAML reads 1.10 as the number 1.1; quote it, as in version: "1.10"');
  });

  test("every problem in the file is reported, each at its line, unknown fields included", () => {
    const message = textError(
      ["name: Mirror", "descripton: typo", "hooks:", "  - pre-cluster-creat", "  - { event: post-cluster-delete, timout: 5 }", "k3d: x.5", "colour: blue"].join("\n"),
    );
    const lines = message.split("\n");
    expect(lines[0]).toBe("plugin.yaml does not match the schema: 6 problems");
    const located = lines.filter((line) => line.startsWith("  plugin.yaml:")).map((line) => line.replace(/: .*/, ""));
    // In the order of the file.
    expect(located).toEqual(["  plugin.yaml:1:7", "  plugin.yaml:2:13", "  plugin.yaml:4:5", "  plugin.yaml:5:43", "  plugin.yaml:6:6", "  plugin.yaml:7:9"]);
    for (const part of ["name: \"Mirror\" must be lower-case", "descripton: is not a known field", "hooks[0].event: \"pre-cluster-creat\" is not a lifecycle event", "hooks[1].timout: is not a known field", "k3d: \"x.5\" is not a semver range", "colour: is not a known field"]) {
      expect(message).toContain(part);
    }
  });

  test("more than ten problems: the first ten, then how many more", () => {
    const message = textError(["name: m", ...Array.from({ length: 12 }, (_, i) => `extra${i}: 1`)].join("\n"));
    expect(message.split("\n")[0]).toBe("plugin.yaml does not match the schema: 12 problems");
    expect(message).toContain("…and 2 more");
  });
});

describe("other tools' manifests are recognised", () => {
  test("Helm's plugin.yaml: said so, with the schema, then each problem", () => {
    const helm = [
      'name: "keybase"',
      'version: "0.1.0"',
      'usage: "Integrate Keybase.io tools with Helm"',
      "description: |-",
      "  This plugin provides Keybase services to Helm.",
      "ignoreFlags: false",
      'command: "$HELM_PLUGIN_DIR/keybase.sh"',
      "platformCommand:",
      "  - os: linux",
      '    command: "$HELM_PLUGIN_DIR/keybase-linux.sh"',
      "hooks:",
      '  install: "cd $HELM_PLUGIN_DIR; scripts/install.sh"',
    ].join("\n");
    const message = textError(helm);
    const [headline, ...rest] = message.split("\n");
    expect(headline).toBe(
      "plugin.yaml looks like a Helm plugin manifest (usage:, ignoreFlags:, platformCommand:, hooks: install/update/delete), not a k3dx plugin.yaml. " +
        "Its fields are name, version, description, long, command (the k3d noun the plugin answers, not the program to run), hooks (k3d lifecycle events) and k3d; " +
        "see https://github.com/k3dx/k3dx/blob/main/docs/plugin-authors.md#metadata-pluginyaml-and-info",
    );
    expect(rest.join("\n")).toContain('plugin.yaml:7:10: command: "$HELM_PLUGIN_DIR/keybase.sh" names a program, but command: is the k3d noun the plugin answers');
    expect(rest.join("\n")).toContain("plugin.yaml:3:8: usage: is not a known field");
  });

  test("krew's manifest", () => {
    const krew = ["apiVersion: krew.googlecontainertools.github.com/v1alpha2", "kind: Plugin", "metadata:", "  name: tool", "spec:", "  version: v1.0.0", "  shortDescription: A tool"].join("\n");
    expect(textError(krew)).toStartWith("plugin.yaml looks like a krew plugin manifest (apiVersion, kind: Plugin, spec:), not a k3dx plugin.yaml.");
  });

  test("a kubectl-style command: ./bin/tool", () => {
    const message = textError("name: tool\ncommand: ./bin/tool\n");
    expect(message).toStartWith('plugin.yaml looks like a manifest that names the program to run in command: ("./bin/tool"), kubectl- or Helm-style, not a k3dx plugin.yaml.');
    expect(message).toContain("plugin.yaml:2:10: command: \"./bin/tool\" names a program, but command: is the k3d noun the plugin answers (k3d NOUN)");
  });
});
