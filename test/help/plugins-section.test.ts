import { describe, expect, test } from "bun:test";
import { pluginsSection } from "../../src/help/plugins-section.ts";
import type { PluginNoun } from "../../src/help/plugin-nouns.ts";

const K3D_HELP = "Usage:\n  k3d [command]\n\nAvailable Commands:\n  cluster      Manage cluster(s)\n  version      Show k3d and default k3s version\n\nFlags:\n";
const mirror: PluginNoun = { noun: "mirror", origin: "installed", description: "Image cache", path: undefined };

describe("pluginsSection", () => {
  test("aligns with k3d's own command list", () => {
    expect(pluginsSection([mirror], K3D_HELP)).toBe(
      "\nPlugins:\n" +
        "  plugin       Manage k3d plugins and lifecycle hooks (k3dx)\n" +
        "  mirror       Image cache\n" +
        '\nUse "k3d plugin --help" to install, list and remove plugins.\n',
    );
  });

  test("without k3d's list to follow, pads like cobra (names to at least 11)", () => {
    expect(pluginsSection([mirror], "")).toContain("\n  mirror      Image cache\n");
  });

  test("a PATH plugin shows its path; a plugin without a description shows nothing", () => {
    const section = pluginsSection(
      [
        { noun: "hello", origin: "path", description: undefined, path: "/usr/local/bin/k3d-hello" },
        { noun: "quiet", origin: "installed", description: undefined, path: undefined },
      ],
      K3D_HELP,
    );
    expect(section).toContain("\n  hello        /usr/local/bin/k3d-hello\n  quiet\n");
  });

  test("no plugins: `plugin` and how to install one", () => {
    expect(pluginsSection([], K3D_HELP)).toBe(
      "\nPlugins:\n" +
        "  plugin       Manage k3d plugins and lifecycle hooks (k3dx)\n" +
        '\nNo plugins installed. Use "k3d plugin --help" to find out how to install one.\n',
    );
  });
});
