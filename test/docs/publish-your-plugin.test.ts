/**
 * docs/plugin-authors.md, "Publish your plugin", must not drift from k3dx: the
 * `k3d plugin check` session it shows is what dist/k3d prints for such a release, the
 * `k3d plugin new` lines it shows work, and the asset names it lists are the scaffold's.
 */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { releaseAssets } from "../../src/scaffold/release-assets.ts";
import { platformRelease } from "../commands/release-fixtures.ts";
import { startGithubServer, type GithubServer } from "../fixtures/github-server.ts";
import { createSandbox, REPO_ROOT, runK3dx, type Sandbox } from "../helpers/sandbox.ts";

const page = readFileSync(join(REPO_ROOT, "docs", "plugin-authors.md"), "utf8");
const section = page.slice(page.indexOf("## Publish your plugin"), page.indexOf("## A worked example"));
const block = (language: string, marker: string) => {
  const found = [...section.matchAll(new RegExp("```" + language + "\\n([\\s\\S]*?)```", "g"))].map((match) => match[1]!).find((text) => text.includes(marker));
  if (!found) throw new Error(`"Publish your plugin" has no \`\`\`${language} block with ${JSON.stringify(marker)}`);
  return found;
};

let box: Sandbox;
let server: GithubServer;
beforeEach(() => {
  box = createSandbox();
  server = startGithubServer({ releases: [] });
  Object.assign(box.env, { K3DX_GITHUB_API: server.apiUrl, K3DX_OS: "linux", K3DX_ARCH: "amd64" });
});
afterEach(async () => {
  await server.stop();
  box.cleanup();
});

test("the `k3d plugin check` session is what k3dx prints for that release", async () => {
  const session = block("text", "$ k3d plugin check ");
  const [prompt, ...printed] = session.split("\n");
  const assets = releaseAssets("bun", "k3d-mirror", "1.2.0").map((asset) => asset.name);
  server.releases.push(platformRelease("acme", "k3d-mirror", "v1.2.0", assets, { yaml: "name: mirror\nversion: 1.2.0\nhooks: [pre-cluster-create, post-cluster-delete]\n" }));
  const result = await runK3dx(box, prompt!.replace(/^\$ k3d /, "").split(" "));
  expect(result).toEqual({ code: 0, stdout: printed.join("\n"), stderr: "" });
});

test("its `k3d plugin new` lines create the plugin they say", async () => {
  const lines = block("sh", "k3d plugin new mirror").trim().split("\n").map((line) => line.replace(/\s+#.*$/, ""));
  for (const [i, line] of lines.entries()) {
    // Each in a folder of its own: both lines create k3d-mirror/.
    const cwd = join(box.root, `try-${i}`);
    mkdirSync(cwd);
    const result = await runK3dx(box, line.replace(/^k3d /, "").split(" "), { cwd });
    expect(`${line}: ${result.code} ${result.stderr}`).toBe(`${line}: 0 `);
    expect(existsSync(join(cwd, "k3d-mirror", "plugin.yaml"))).toBe(true);
  }
});

test("the asset names in its table are the scaffold's", () => {
  for (const template of ["sh", "bun"] as const) {
    for (const asset of releaseAssets(template, "k3d-mirror", "1.2.0")) {
      const suffix = asset.name.replace("k3d-mirror_1.2.0", "");
      // The page writes the bun template's names with braces: `_{linux,darwin}_{amd64,arm64}`.
      const shown =
        template === "sh" || suffix.includes("windows")
          ? suffix
          : suffix.includes("_musl")
            ? suffix.replace(/_linux_(amd64|arm64)_musl/, "_linux_{amd64,arm64}_musl")
            : suffix.replace(/_(linux|darwin)_(amd64|arm64)/, "_{linux,darwin}_{amd64,arm64}");
      expect(section, `${template}: ${asset.name}`).toContain(shown);
    }
  }
});
