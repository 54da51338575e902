/**
 * `npm ci` runs bun's postinstall (it puts the platform's binary in node_modules/bun/bin),
 * and npm 11 asks a project to approve such scripts: package.json's `allowScripts`
 * approves it, so a fresh `npm ci` prints no warning. Older npm has no such policy.
 */
import { expect, test } from "bun:test";
import { REPO_ROOT } from "../helpers/sandbox.ts";

const npm = Bun.which("npm");
const help = npm ? Bun.spawnSync({ cmd: [npm, "help", "install-scripts"], cwd: REPO_ROOT, stdout: "pipe", stderr: "pipe" }) : undefined;
const hasPolicy = help?.exitCode === 0 && help.stdout.toString().includes("allowScripts");

test.skipIf(!hasPolicy)("every install script of our dependencies is approved in package.json", () => {
  const listed = Bun.spawnSync({ cmd: [npm!, "install-scripts", "ls"], cwd: REPO_ROOT, stdout: "pipe", stderr: "pipe" });
  expect(listed.exitCode).toBe(0);
  expect(listed.stdout.toString().trim()).toBe("No packages with unreviewed install scripts.");
});
