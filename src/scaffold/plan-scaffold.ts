/**
 * `k3d plugin new NAME`: the files of a new plugin, as data (writing them is
 * write-scaffold.ts). Both templates give:
 *
 *   plugin.yaml                    valid metadata: the name, a command, the hooks asked for
 *   README.md                      install, use, develop, release
 *   test.sh                        installs the plugin through k3dx, runs it, fires each hook
 *   scripts/package.sh             the release archives and checksums.txt, locally or in CI
 *   .github/workflows/release.yml  on a tag: package, publish, then `k3d plugin check`
 *   .gitignore
 *
 * and the plugin itself: `k3d-NAME` (POSIX sh) with `k3d-NAME.cmd` to run it on
 * Windows; or `src/main.ts` with package.json (Bun pinned to the version k3dx is built
 * with) and tsconfig.json.
 */
import { RELEASE_PLATFORMS } from "../sources/release-platforms.ts";
import { shellHookCases, typescriptHookCases } from "./hook-code.ts";
import { assetStem, bunTarget, extensionFor, platformPart, type Template } from "./release-assets.ts";
import { TEMPLATE_TEXT, fill } from "./templates.ts";

export interface ScaffoldRequest {
  name: string;
  template: Template;
  /** Lifecycle events, already checked. */
  hooks: readonly string[];
  /** The Bun the bun template pins (the one this k3dx was built with). */
  bunVersion: string;
}

export interface ScaffoldFile {
  /** Relative to the plugin's folder, `/`-separated. */
  path: string;
  text: string;
  executable: boolean;
}

export interface Scaffold {
  /** `k3d-NAME`: the folder, and the repository name users install from. */
  folder: string;
  /** What the release assets' names start with. */
  stem: string;
  files: ScaffoldFile[];
}

const FIRST_VERSION = "0.1.0";

export function planScaffold(request: ScaffoldRequest): Scaffold {
  const { name, template, hooks } = request;
  const stem = assetStem(name, template);
  const description = `${name}, a k3d plugin`;
  const values: Record<string, string> = {
    NAME: name,
    STEM: stem,
    VERSION: FIRST_VERSION,
    DESCRIPTION: description,
    DESCRIPTION_JSON: JSON.stringify(description).slice(1, -1),
    BUN_VERSION: request.bunVersion,
    HOOKS_YAML: hooks.length === 0 ? "# The lifecycle events it hooks, e.g. [pre-cluster-create, post-cluster-delete].\nhooks: []" : `# The lifecycle events it hooks.\nhooks:\n${hooks.map((event) => `  - ${event}`).join("\n")}`,
    HOOKS_TEXT: hooks.length === 0 ? "none yet (list events under `hooks:` in plugin.yaml)" : hooks.map((event) => `\`${event}\``).join(", "),
    ...(template === "sh" ? shellValues(name, hooks) : bunValues(name, hooks)),
  };
  const file = (path: string, text: string, executable = false): ScaffoldFile => ({ path, text: fill(text, values), executable });
  const { common } = TEMPLATE_TEXT;
  const shared = [
    file("plugin.yaml", common.pluginYaml),
    file("README.md", common.readme),
    file("test.sh", common.testScript, true),
    file(".gitignore", common.gitignore),
  ];
  const own =
    template === "sh"
      ? [
          file(`k3d-${name}`, TEMPLATE_TEXT.sh.plugin, true),
          // cmd.exe reads batch files by CRLF lines.
          file(`k3d-${name}.cmd`, TEMPLATE_TEXT.sh.launcher.replace(/\r?\n/g, "\r\n")),
          file("scripts/package.sh", TEMPLATE_TEXT.sh.packageScript, true),
          file(".github/workflows/release.yml", TEMPLATE_TEXT.sh.workflow),
        ]
      : [
          file("src/main.ts", TEMPLATE_TEXT.bun.main),
          file("package.json", TEMPLATE_TEXT.bun.packageJson),
          file("tsconfig.json", TEMPLATE_TEXT.bun.tsconfig),
          file("scripts/package.sh", TEMPLATE_TEXT.bun.packageScript, true),
          file(".github/workflows/release.yml", TEMPLATE_TEXT.bun.workflow),
        ];
  return { folder: `k3d-${name}`, stem, files: [...own, ...shared] };
}

function shellValues(name: string, hooks: readonly string[]): Record<string, string> {
  const systems = [...new Set(RELEASE_PLATFORMS.map((platform) => platform.os))];
  return {
    HOOK_CASES: shellHookCases(name, hooks),
    LAYOUT: `\`k3d-${name}\` is the plugin, a POSIX shell script; \`k3d-${name}.cmd\` runs it on Windows with the \`sh\` of Git for Windows.`,
    DEVELOP: `sh test.sh                 # the tests, through k3dx\nk3d plugin install .       # install this folder as it is`,
    INSTALL_SUFFIX: "",
    INSTALL_FROM: ".",
    BUILD_STEP: "",
    ASSETS_TEXT: `one archive per OS (${systems.map((os) => `\`…_${os}.${extensionFor(os)}\``).join(", ")}: a shell script runs on any CPU)`,
    PACKAGE_ARGS: "",
  };
}

function bunValues(name: string, hooks: readonly string[]): Record<string, string> {
  const ids = RELEASE_PLATFORMS.map((platform) => platform.id);
  return {
    HOOK_CASES: typescriptHookCases(name, hooks),
    LAYOUT: `\`src/main.ts\` is the plugin, in TypeScript; Bun compiles it into one executable per platform, so users need neither Bun nor Node. \`npm install\` brings the Bun that package.json pins.`,
    DEVELOP: `npm install               # Bun, as package.json pins it\nsh scripts/package.sh     # this machine's build in dist/plugin/\nsh test.sh                # builds, then the tests, through k3dx`,
    INSTALL_SUFFIX: "/dist/plugin",
    INSTALL_FROM: "./dist/plugin",
    BUILD_STEP: '\nsh scripts/package.sh >/dev/null || fail "the build failed"',
    ASSETS_TEXT: `one executable per platform k3dx is released for (${ids.join(", ")})`,
    PACKAGE_ARGS: " all",
    TARGET_LIST: ids.join(" "),
    TARGET_CASES: RELEASE_PLATFORMS.map((platform) => `    ${platform.id}) os=${platform.os} bun_target=${bunTarget(platform)} target_name=${platformPart(platform)} ;;`).join("\n"),
    LINUX_RUNNER_TARGETS: RELEASE_PLATFORMS.filter((platform) => platform.os !== "darwin").map((platform) => platform.id).join(" "),
    MAC_RUNNER_TARGETS: RELEASE_PLATFORMS.filter((platform) => platform.os === "darwin").map((platform) => platform.id).join(" "),
  };
}
