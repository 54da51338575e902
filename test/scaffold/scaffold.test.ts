/**
 * What `k3d plugin new` writes, checked without running k3dx: the release assets its
 * scripts publish are the ones k3dx takes on every release platform (whatever the
 * plugin's name and version), plugin.yaml passes the schema install uses, every
 * placeholder is filled, the shell scripts parse (and pass shellcheck where it is
 * installed), the TypeScript compiles, and the workflows are YAML that runs the scripts.
 */
import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { LIFECYCLE_EVENTS } from "../../src/plugins/types.ts";
import { parseMetadataText } from "../../src/plugins/metadata-schema.ts";
import { planScaffold, type Scaffold } from "../../src/scaffold/plan-scaffold.ts";
import { assetStem, releaseAssets, TEMPLATES, type Template } from "../../src/scaffold/release-assets.ts";
import { fill } from "../../src/scaffold/templates.ts";
import { RELEASE_PLATFORMS } from "../../src/sources/release-platforms.ts";
import { selectReleaseAsset } from "../../src/sources/select-asset.ts";
import { REPO_ROOT } from "../helpers/sandbox.ts";

const plan = (name: string, template: Template, hooks: string[] = []) => planScaffold({ name, template, hooks, bunVersion: "1.4.4" });
const fileOf = (scaffold: Scaffold, path: string) => scaffold.files.find((file) => file.path === path)!.text;

describe("release assets", () => {
  const names = ["demo", "mirror-cache", "arm-tools", "linux", "win-check", "mac-helper", "x64-thing", "debug-tools", "musl", "universal", "all-in-one", "amd64", "darwin", "gnu-tools", "v2", "i386"];
  const versions = ["0.1.0", "1.2.3-rc.1", "10.0.0+build.5"];

  for (const template of TEMPLATES) {
    test(`${template}: on every release platform k3dx takes the asset meant for it, whatever the name and version`, () => {
      for (const name of names) {
        const stem = assetStem(name, template);
        for (const version of versions) {
          const assets = releaseAssets(template, stem, version);
          const published = [...assets.map((asset) => ({ name: asset.name })), { name: "checksums.txt" }];
          for (const platform of RELEASE_PLATFORMS) {
            const meant = assets.find((asset) => asset.platforms.includes(platform))!.name;
            expect(`${name} ${version} ${platform.id}: ${selectReleaseAsset(published, platform).name}`).toBe(`${name} ${version} ${platform.id}: ${meant}`);
          }
        }
      }
    });
  }

  test("the stem is the plugin's own name unless one of its words is a platform word", () => {
    expect(assetStem("demo", "bun")).toBe("k3d-demo");
    expect(assetStem("debug-tools", "bun")).toBe("k3d-debug-tools");
    for (const name of ["arm-tools", "linux", "win-check", "mac-helper", "x64-thing", "amd64", "darwin", "i386"]) expect(assetStem(name, "bun")).toBe("k3d-plugin");
  });

  test("names: one per OS for a shell plugin, one per release platform for a compiled one", () => {
    expect(releaseAssets("sh", "k3d-demo", "0.1.0").map((asset) => [asset.name, asset.platforms.map((platform) => platform.id)])).toEqual([
      ["k3d-demo_0.1.0_darwin.tar.gz", ["darwin-amd64", "darwin-arm64"]],
      ["k3d-demo_0.1.0_linux.tar.gz", ["linux-amd64", "linux-amd64-musl", "linux-arm64", "linux-arm64-musl"]],
      ["k3d-demo_0.1.0_windows.zip", ["windows-amd64"]],
    ]);
    expect(releaseAssets("bun", "k3d-demo", "0.1.0").map((asset) => asset.name)).toEqual([
      "k3d-demo_0.1.0_darwin_amd64.tar.gz",
      "k3d-demo_0.1.0_darwin_arm64.tar.gz",
      "k3d-demo_0.1.0_linux_amd64.tar.gz",
      "k3d-demo_0.1.0_linux_amd64_musl.tar.gz",
      "k3d-demo_0.1.0_linux_arm64.tar.gz",
      "k3d-demo_0.1.0_linux_arm64_musl.tar.gz",
      "k3d-demo_0.1.0_windows_amd64.zip",
    ]);
  });
});

describe("the files", () => {
  test("plugin.yaml is valid metadata, with the hooks asked for, or none", () => {
    expect(parseMetadataText(fileOf(plan("demo", "sh", ["pre-cluster-create", "post-cluster-delete"]), "plugin.yaml"), { where: "plugin.yaml" })).toEqual({
      name: "demo",
      version: "0.1.0",
      description: "demo, a k3d plugin",
      command: "demo",
      hooks: [
        { event: "pre-cluster-create", onError: "fail" },
        { event: "post-cluster-delete", onError: "fail" },
      ],
      k3d: ">=5.0.0",
    });
    expect(parseMetadataText(fileOf(plan("demo", "bun"), "plugin.yaml"), { where: "plugin.yaml" }).hooks).toEqual([]);
  });

  test("each template's files; the executables are marked so", () => {
    const files = (template: Template) => plan("demo", template).files.map((file) => `${file.path}${file.executable ? " (x)" : ""}`);
    expect(files("sh")).toEqual(["k3d-demo (x)", "k3d-demo.cmd", "scripts/package.sh (x)", ".github/workflows/release.yml", "plugin.yaml", "README.md", "test.sh (x)", ".gitignore"]);
    expect(files("bun")).toEqual(["src/main.ts", "package.json", "tsconfig.json", "scripts/package.sh (x)", ".github/workflows/release.yml", "plugin.yaml", "README.md", "test.sh (x)", ".gitignore"]);
  });

  test("a placeholder without a value is refused, never written", () => {
    expect(() => fill("name: @NAME@ @OOPS@", { NAME: "x" })).toThrow("scaffold template: no value for @OOPS@");
    for (const template of TEMPLATES) {
      for (const file of plan("demo", template, [...LIFECYCLE_EVENTS]).files) expect(file.text, file.path).not.toMatch(/@[A-Z][A-Z_]*@/);
    }
  });

  test("the Windows launcher of the sh template has CRLF lines, as cmd.exe reads them", () => {
    const launcher = fileOf(plan("demo", "sh"), "k3d-demo.cmd");
    expect(launcher.split("\r\n").length).toBeGreaterThan(5);
    expect(launcher.replaceAll("\r\n", "")).not.toContain("\n");
    expect(launcher).toContain('sh "%K3D_PLUGIN_DIR%\\k3d-demo" %*\r\n');
  });

  test("the bun template pins the Bun k3dx is built with", () => {
    expect(JSON.parse(fileOf(planScaffold({ name: "demo", template: "bun", hooks: [], bunVersion: Bun.version }), "package.json")).devDependencies).toEqual({ bun: Bun.version, "bun-types": Bun.version });
  });

  test("the workflows are YAML: the bun one builds every release platform, macOS on macOS; both check the published release", () => {
    const sh = Bun.YAML.parse(fileOf(plan("demo", "sh"), ".github/workflows/release.yml")) as any;
    expect(sh.on).toEqual({ push: { tags: ["v*"] } });
    expect(JSON.stringify(sh.jobs.release.steps)).toContain('sh scripts/package.sh --version \\"$GITHUB_REF_NAME\\"');
    const bun = Bun.YAML.parse(fileOf(plan("demo", "bun"), ".github/workflows/release.yml")) as any;
    const matrix = bun.jobs.build.strategy.matrix.include as { runner: string; targets: string }[];
    expect(matrix.flatMap((row) => row.targets.split(" ")).sort()).toEqual(RELEASE_PLATFORMS.map((platform) => platform.id).sort());
    expect(matrix.find((row) => row.runner === "macos-latest")!.targets).toBe("darwin-amd64 darwin-arm64");
    for (const workflow of [sh, bun]) expect(workflow.jobs.check.steps.at(-1).run).toBe('~/.local/bin/k3d plugin check "$GITHUB_REPOSITORY@$GITHUB_REF_NAME"');
  });
});

describe("the code", () => {
  const scripts = (scaffold: Scaffold) => scaffold.files.filter((file) => file.executable && !file.path.endsWith(".ts"));
  const withFiles = <T>(scaffold: Scaffold, work: (dir: string) => T): T => {
    const dir = mkdtempSync(join(tmpdir(), "k3dx-scaffold-"));
    try {
      for (const file of scaffold.files) {
        mkdirSync(dirname(join(dir, file.path)), { recursive: true });
        writeFileSync(join(dir, file.path), file.text);
      }
      return work(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  test("the shell scripts parse, with every event hooked", () => {
    for (const template of TEMPLATES) {
      const scaffold = plan("demo", template, [...LIFECYCLE_EVENTS]);
      withFiles(scaffold, (dir) => {
        for (const file of scripts(scaffold)) {
          const parsed = Bun.spawnSync({ cmd: ["sh", "-n", join(dir, file.path)], stderr: "pipe" });
          expect(`${file.path}: ${parsed.exitCode} ${parsed.stderr}`).toBe(`${file.path}: 0 `);
        }
      });
    }
  });

  test("the sh plugin's cleanup branches say what they get: cluster-gc has no cluster but every live one, an undo its reason", () => {
    const scaffold = plan("demo", "sh", ["cluster-gc", "undo-cluster-create", "post-cluster-create"]);
    const script = fileOf(scaffold, "k3d-demo");
    expect(script).not.toContain("See docs/plugin-authors.md for what");
    for (const word of ["K3D_CLUSTERS", "K3D_DRY_RUN", "K3D_UNDO_REASON", "K3D_EXIT_STATUS"]) expect(script).toContain(word);
    withFiles(scaffold, (dir) => {
      const hook = (env: Record<string, string>) => {
        const run = Bun.spawnSync({ cmd: ["sh", join(dir, "k3d-demo")], env: { PATH: process.env.PATH!, K3D_COMMAND: "EXEC", ...env }, stdin: new Blob(["{}"]), stdout: "pipe", stderr: "pipe" });
        return `${run.exitCode} ${run.stdout}${run.stderr}`;
      };
      expect(hook({ K3D_EVENT: "cluster-gc", K3D_CLUSTER: "", K3D_CLUSTERS: "a;b", K3D_DRY_RUN: "1" })).toBe("0 demo: cluster-gc, live clusters: a;b (dry run)\n");
      expect(hook({ K3D_EVENT: "cluster-gc", K3D_CLUSTER: "", K3D_CLUSTERS: "" })).toBe("0 demo: cluster-gc, live clusters: none\n");
      expect(hook({ K3D_EVENT: "undo-cluster-create", K3D_CLUSTER: "dev", K3D_UNDO_REASON: "interrupted" })).toBe("0 demo: undo-cluster-create for cluster dev (interrupted)\n");
      expect(hook({ K3D_EVENT: "post-cluster-create", K3D_CLUSTER: "dev" })).toBe("0 demo: post-cluster-create for cluster dev\n");
    });
  });

  test("the bun plugin's cleanup clauses say what they get, as the sh ones do", () => {
    const main = fileOf(plan("demo", "bun", ["cluster-gc", "undo-cluster-create"]), "src/main.ts");
    expect(main).not.toContain("See docs/plugin-authors.md for what");
    expect(main).toContain('console.log(`demo: ${event}, live clusters: ${env.K3D_CLUSTERS || "none"}${env.K3D_DRY_RUN === "1" ? " (dry run)" : ""}`);');
    expect(main).toContain('console.log(`demo: ${event} for cluster ${cluster} (${env.K3D_UNDO_REASON || "no reason"})`);');
  });

  test.skipIf(!Bun.which("shellcheck"))("shellcheck finds nothing (the sh template's release workflow runs it)", () => {
    for (const template of TEMPLATES) {
      const scaffold = plan("demo", template, [...LIFECYCLE_EVENTS]);
      withFiles(scaffold, (dir) => {
        const checked = Bun.spawnSync({ cmd: ["shellcheck", ...scripts(scaffold).map((file) => join(dir, file.path))], stdout: "pipe" });
        expect(checked.stdout.toString()).toBe("");
      });
    }
  });

  test("the TypeScript plugin compiles under its own strict tsconfig", () => {
    const scaffold = plan("demo", "bun", [...LIFECYCLE_EVENTS]);
    withFiles(scaffold, (dir) => {
      symlinkSync(join(REPO_ROOT, "node_modules"), join(dir, "node_modules"));
      const tsc = Bun.spawnSync({ cmd: [join(REPO_ROOT, "node_modules", ".bin", "tsc"), "--noEmit", "-p", dir], stdout: "pipe", stderr: "pipe" });
      expect(tsc.stdout.toString() + tsc.stderr.toString()).toBe("");
      expect(tsc.exitCode).toBe(0);
    });
  });
});
