/**
 * `npm run release`, end to end: builds the whole set once for this file (seven compiles and
 * seven gzips, so the first hook gets minutes) into a temporary folder, then checks what
 * users download.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { version } from "../../package.json";
import { machOSignatureProblem, signAdHoc } from "../../scripts/release/macho-signature.ts";
import { assetName, hostTarget } from "../../scripts/release/targets.ts";
import { readCalls } from "../helpers/fake-k3d.ts";
import { createSandbox, REPO_ROOT, type Sandbox } from "../helpers/sandbox.ts";
import { executableFormat, readHead } from "./executable-format.ts";

const EXPECTED_FORMATS = [
  ["k3d-darwin-amd64", "Mach-O x86-64"],
  ["k3d-darwin-arm64", "Mach-O arm64"],
  ["k3d-linux-amd64", "ELF x86-64"],
  ["k3d-linux-amd64-musl", "ELF x86-64"],
  ["k3d-linux-arm64", "ELF aarch64"],
  ["k3d-linux-arm64-musl", "ELF aarch64"],
  ["k3d-windows-amd64.exe", "PE32+ x86-64"],
] as const;
/** Every asset of a release, bare and compressed, sorted as checksums.txt lists them. */
const ASSETS = EXPECTED_FORMATS.flatMap(([name]) => [name, `${name}.gz`]).sort();

const out = mkdtempSync(join(tmpdir(), "k3dx-release-test-"));
let build = { code: -1, output: "" };
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = createSandbox();
  const proc = Bun.spawn({
    cmd: [process.execPath, "scripts/release.ts", "--out", out],
    cwd: REPO_ROOT,
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  build = { code, output: stdout + stderr };
}, 600_000);

afterAll(() => {
  rmSync(out, { recursive: true, force: true });
  sandbox.cleanup();
});

function run(cmd: string[], env: Record<string, string>): { code: number; stdout: string; stderr: string } {
  const proc = Bun.spawnSync({ cmd, env, stdout: "pipe", stderr: "pipe", cwd: sandbox.root });
  return { code: proc.exitCode ?? -1, stdout: proc.stdout.toString(), stderr: proc.stderr.toString() };
}

describe("npm run release", () => {
  test("builds without errors, and without Bun's silent bytecode failure", () => {
    expect(build.output).not.toMatch(/failed to generate bytecode|error:/i);
    expect(build.code).toBe(0);
  });

  test("writes the seven platform binaries, each also gzipped, and checksums.txt, nothing else", () => {
    expect(readdirSync(out).sort()).toEqual([...ASSETS, "checksums.txt"].sort());
  });

  test("each .gz is its binary, gzip -9: byte for byte when unpacked, at most 60% of the size", () => {
    for (const [name] of EXPECTED_FORMATS) {
      const bare = readFileSync(join(out, name));
      const packed = readFileSync(join(out, `${name}.gz`));
      expect({ name, same: Buffer.from(gunzipSync(packed)).equals(bare) }).toEqual({ name, same: true });
      expect(packed.length).toBeLessThan(bare.length * 0.6);
    }
  });

  test("the musl builds ask for musl's loader, the others for glibc's", () => {
    const interpreter = (name: string) => /\/lib(64)?\/ld-[\w.-]+\.so\.\d/.exec(Buffer.from(readHead(join(out, name), 4096)).toString("latin1"))?.[0];
    expect(interpreter("k3d-linux-amd64-musl")).toBe("/lib/ld-musl-x86_64.so.1");
    expect(interpreter("k3d-linux-arm64-musl")).toBe("/lib/ld-musl-aarch64.so.1");
    expect(interpreter("k3d-linux-amd64")).toBe("/lib64/ld-linux-x86-64.so.2");
    expect(interpreter("k3d-linux-arm64")).toBe("/lib/ld-linux-aarch64.so.1");
  });

  test.each(EXPECTED_FORMATS)("%s is %s, and executable", (name, format) => {
    const path = join(out, name);
    expect(executableFormat(readHead(path))).toBe(format);
    expect(statSync(path).mode & 0o111).toBe(0o111);
  });

  test("checksums.txt is sha256sum's format: 64 hex digits, two spaces, the name; sorted by name", () => {
    const lines = readFileSync(join(out, "checksums.txt"), "utf8").split("\n");
    expect(lines.pop()).toBe("");
    expect(lines.map((line) => line.slice(66))).toEqual(ASSETS);
    for (const line of lines) expect(line).toMatch(/^[0-9a-f]{64} {2}k3d-[a-z0-9.-]+$/);
  });

  test("sha256sum -c checksums.txt passes", () => {
    const result = Bun.spawnSync({ cmd: ["sha256sum", "-c", "checksums.txt"], cwd: out, stdout: "pipe", stderr: "pipe" });
    expect(result.stderr.toString()).toBe("");
    expect(result.stdout.toString()).toBe(ASSETS.map((name) => `${name}: OK\n`).join(""));
    expect(result.exitCode).toBe(0);
  });

  test("both macOS binaries carry a signature whose page hashes cover the whole file", () => {
    for (const name of ["k3d-darwin-amd64", "k3d-darwin-arm64"]) {
      expect({ name, problem: machOSignatureProblem(readFileSync(join(out, name))) }).toEqual({ name, problem: undefined });
    }
  });

  test("our ad-hoc signer writes, byte for byte, the signature Bun gave the arm64 binary", () => {
    const bunSigned = readFileSync(join(out, "k3d-darwin-arm64"));
    // Bun's own signature, left alone by the release (its line carries no re-signed note).
    expect(build.output).toMatch(/built \S*k3d-darwin-arm64 +[0-9.]+ MB\n/);
    expect(Buffer.from(signAdHoc(bunSigned, "a.out")).equals(bunSigned)).toBe(true);
  });

  test("a signature that outgrows __LINKEDIT in memory grows it (as codesign does), instead of failing the release", () => {
    const file = readFileSync(join(out, "k3d-darwin-arm64"));
    const linkedit = linkeditCommand(file);
    const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
    const fileSize = view.getBigUint64(linkedit + 48, true);
    // No room to spare: memory size exactly the file size; a long identifier needs more.
    view.setBigUint64(linkedit + 32, fileSize, true);
    const signed = signAdHoc(file, "x".repeat(20_000));
    expect(machOSignatureProblem(signed)).toBeUndefined();
    const signedView = new DataView(signed.buffer, signed.byteOffset, signed.byteLength);
    const memory = signedView.getBigUint64(linkedit + 32, true);
    expect(memory).toBeGreaterThanOrEqual(signedView.getBigUint64(linkedit + 48, true));
    expect(memory % 0x4000n).toBe(0n);
  });

  test("a macOS binary changed after signing no longer passes", () => {
    const file = readFileSync(join(out, "k3d-darwin-amd64"));
    file[5000] = file[5000]! ^ 0xff;
    expect(machOSignatureProblem(file)).toBe("page 1 (bytes 4096…) does not match its hash");
  });
});

describe("this machine's release binary", () => {
  const host = hostTarget();
  if (!host) throw new Error(`no release target for ${process.platform}/${process.arch}`);
  const binary = () => join(out, assetName(host));

  test("runs with a PATH that holds neither node nor bun, and hands `version` to k3d unchanged", () => {
    expect(readdirSync(sandbox.bin)).toEqual(["k3d"]);
    expect(Bun.which("node", { PATH: sandbox.bin })).toBeNull();
    expect(Bun.which("bun", { PATH: sandbox.bin })).toBeNull();
    // As `env -i`: these variables and nothing else.
    const env = { PATH: sandbox.bin, HOME: sandbox.home, K3DX_HOME: sandbox.k3dxHome, FAKE_K3D_STATE: sandbox.state };

    const direct = run([sandbox.k3d, "version"], env);
    const wrapped = run([binary(), "version"], env);
    expect(wrapped).toEqual(direct);
    expect(wrapped.stdout).toStartWith("k3d version v");
    expect(readCalls(sandbox.state).map((call) => call.argv)).toEqual([["version"], ["version"]]);
  });

  test("reports package.json's version in `k3d plugin --version`", () => {
    const result = run([binary(), "plugin", "--version"], { PATH: sandbox.bin, HOME: sandbox.home, NO_COLOR: "1" });
    expect(result.stdout).toBe(`k3dx version v${version}\n`);
    expect(result.code).toBe(0);
  });
});

// Linux on arm64 can be checked for real on an x86-64 machine when qemu-user and an arm64
// C library are installed (Debian: qemu-user, libc6-arm64-cross); elsewhere it is skipped.
const ARM64_SYSROOT = "/usr/aarch64-linux-gnu";
const qemu = Bun.which("qemu-aarch64");
const canEmulateArm64 = process.arch !== "arm64" && qemu !== null && statSync(join(ARM64_SYSROOT, "lib"), { throwIfNoEntry: false }) !== undefined;

test.skipIf(!canEmulateArm64)("the linux-arm64 binary starts under qemu and reports its version", () => {
  const result = run([qemu!, "-L", ARM64_SYSROOT, join(out, "k3d-linux-arm64"), "plugin", "--version"], {
    PATH: sandbox.bin,
    HOME: sandbox.home,
    NO_COLOR: "1",
  });
  expect(result.stdout).toBe(`k3dx version v${version}\n`);
  expect(result.code).toBe(0);
}, 60_000);

/** The offset of the __LINKEDIT segment's load command in a 64-bit Mach-O file. */
function linkeditCommand(file: Uint8Array): number {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  let at = 32;
  for (let i = 0, count = view.getUint32(16, true); i < count; i++) {
    const name = new TextDecoder().decode(file.subarray(at + 8, at + 24)).replace(/\0+$/, "");
    if (view.getUint32(at, true) === 0x19 && name === "__LINKEDIT") return at;
    at += view.getUint32(at + 4, true);
  }
  throw new Error("no __LINKEDIT");
}
