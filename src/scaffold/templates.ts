/**
 * The text of every scaffolded file, kept as plain files in templates/ (so they read as
 * what they become) and embedded in the executable by the bundler. `@NAME@`-style
 * placeholders are filled by `fill`, which refuses to leave one unfilled.
 */
import bunMain from "./templates/bun/main.ts.txt" with { type: "text" };
import bunPackageJson from "./templates/bun/package.json.txt" with { type: "text" };
import bunPackageScript from "./templates/bun/package.sh.txt" with { type: "text" };
import bunWorkflow from "./templates/bun/release.yml.txt" with { type: "text" };
import bunTsconfig from "./templates/bun/tsconfig.json.txt" with { type: "text" };
import gitignore from "./templates/common/gitignore.txt" with { type: "text" };
import pluginYaml from "./templates/common/plugin.yaml.txt" with { type: "text" };
import readme from "./templates/common/README.md.txt" with { type: "text" };
import testScript from "./templates/common/test.sh.txt" with { type: "text" };
import shLauncher from "./templates/sh/plugin.cmd.txt" with { type: "text" };
import shPlugin from "./templates/sh/plugin.sh.txt" with { type: "text" };
import shPackageScript from "./templates/sh/package.sh.txt" with { type: "text" };
import shWorkflow from "./templates/sh/release.yml.txt" with { type: "text" };

export const TEMPLATE_TEXT = {
  common: { gitignore, pluginYaml, readme, testScript },
  sh: { plugin: shPlugin, launcher: shLauncher, packageScript: shPackageScript, workflow: shWorkflow },
  bun: { main: bunMain, packageJson: bunPackageJson, packageScript: bunPackageScript, workflow: bunWorkflow, tsconfig: bunTsconfig },
} as const;

/** Replaces every `@KEY@` with its value; a placeholder without a value is a bug, not output. */
export function fill(template: string, values: Record<string, string>): string {
  const filled = template.replace(/@([A-Z][A-Z_]*)@/g, (placeholder, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`scaffold template: no value for ${placeholder}`);
    return value;
  });
  return filled;
}
