/**
 * Black-box: what k3dx prints about things a download chose stays safe on a terminal,
 * and whole (issue 9, point 16). Archive entry names with a bidi override (U+202E), a C1
 * control (U+009B, a CSI to some terminals) or ESC are shown escaped; an error line longer
 * than a pipe holds arrives whole; and the list of tied assets is capped like the others.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startGithubServer, type GithubServer } from "../fixtures/github-server.ts";
import { createSandbox, K3DX_BINARY, runK3dx, type Sandbox } from "../helpers/sandbox.ts";
import { buildTarGz, buildZip, fakeProgram } from "./archive-builders.ts";

let box: Sandbox;
beforeEach(() => {
  box = createSandbox();
});
afterEach(() => box.cleanup());

const HOSTILE = "x\u202egpj.exe\u009b31m\u001b[2J";
const SHOWN = "x\\u202egpj.exe\\x9b31m\\x1b[2J";

function expectTerminalSafe(stderr: string): void {
  for (const raw of ["\u202e", "\u009b", "\u001b"]) expect(stderr).not.toContain(raw);
}

describe("archive entry names in errors", () => {
  test("tar: an entry climbing out with '..' is shown escaped", async () => {
    writeFileSync(join(box.root, "evil.tar.gz"), buildTarGz([{ name: "k3d-evil", data: fakeProgram(), mode: 0o755 }, { name: `../${HOSTILE}`, data: "x" }]));
    const result = await runK3dx(box, ["plugin", "install", "./evil.tar.gz"]);
    expect(result.code).toBe(1);
    expectTerminalSafe(result.stderr);
    expect(result.stderr).toBe(`k3dx: cannot unpack evil.tar.gz: entry "../${SHOWN}" climbs out of the plugin folder with ".."; nothing was installed\n`);
  });

  test("zip: a link pointing outside, its name and target shown escaped", async () => {
    writeFileSync(
      join(box.root, "evil.zip"),
      buildZip([{ name: "k3d-evil", data: fakeProgram(), mode: 0o755 }, { name: HOSTILE, type: "symlink", target: `/etc/${HOSTILE}` }]),
    );
    const result = await runK3dx(box, ["plugin", "install", "./evil.zip"]);
    expect(result.code).toBe(1);
    expectTerminalSafe(result.stderr);
    expect(result.stderr).toContain(`link "${SHOWN}" -> "/etc/${SHOWN}" points to an absolute path`);
  });
});

describe("a long error line through a pipe", () => {
  test("arrives whole when the reader is slower than the pipe is deep", async () => {
    const name = "a".repeat(100_000);
    // 2>&1: stdout's stream machinery makes the shared pipe non-blocking; the reader waits before reading.
    const proc = Bun.spawn({
      cmd: ["/bin/sh", "-c", `"$0" plugin info "$1" 2>&1 | (sleep 0.5; cat)`, K3DX_BINARY, name],
      env: box.env,
      stdout: "pipe",
      stderr: "pipe",
    });
    const [out] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
    expect(out).toBe(`k3dx: no installed plugin is named '${name}' (no plugin is installed; 'k3d plugin install SOURCE' adds one)\n`);
  });
});

describe("the assets k3dx cannot choose between", () => {
  let server: GithubServer;
  afterEach(() => server.stop());

  test("are listed 30 at most, then how many more", async () => {
    const names = Array.from({ length: 40 }, (_, i) => `t${String(i).padStart(2, "0")}_linux_amd64.tar.gz`);
    server = startGithubServer({ releases: [{ owner: "acme", repo: "tool", tag: "v1", assets: names.map((name) => ({ name, body: "x" })) }] });
    const result = await runK3dx(box, ["plugin", "install", "acme/tool"], { env: { K3DX_GITHUB_API: server.apiUrl, K3DX_OS: "linux", K3DX_ARCH: "amd64" } });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`k3dx: cannot choose between assets of release acme/tool@v1 for linux/amd64: ${names.slice(0, 30).join(", ")}, … 10 more\n`);
  });
});
