/** plugin.yaml validation (SPEC §6): what passes, how it is normalized, and errors that name the field. */
import { describe, expect, test } from "bun:test";
import { K3dxError } from "../../src/errors.ts";
import { nameProblem, parseMetadata, parseMetadataText } from "../../src/plugins/metadata-schema.ts";

const where = "plugin.yaml";

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

  test("a numeric version is kept as the text it looks like", () => {
    expect(parseMetadata({ name: "tool", version: 1.5 }, { where }).version).toBe("1.5");
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

  test("bad YAML says so, on one line", () => {
    expect(() => parseMetadataText("name: [unclosed", { where })).toThrow(/^plugin\.yaml: not valid YAML \(.+\)$/);
  });

  test("several YAML documents are refused rather than read as a list", () => {
    expect(() => parseMetadataText("name: a\n---\nname: b\n", { where })).toThrow("plugin.yaml: holds several YAML documents");
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
