/**
 * scripts/install.sh end to end under /bin/sh, against releases served from 127.0.0.1 in
 * GitHub's layout (never the internet). The served binary is a copy of dist/k3d, so what
 * gets installed really runs.
 */
import { afterAll, afterEach, beforeEach, describe, expect, test } from "bun:test";
import { appendFileSync, copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { version } from "../../package.json";
import { checksumsText, sha256OfFile } from "../../scripts/release/checksums.ts";
import { assetName, hostTarget } from "../../scripts/release/targets.ts";
import { createSandbox, K3DX_BINARY, REPO_ROOT, type Sandbox } from "../helpers/sandbox.ts";

const INSTALL_SH = join(REPO_ROOT, "scripts", "install.sh");
const host = hostTarget();
if (!host) throw new Error(`no release target for ${process.platform}/${process.arch}`);
const ASSET = assetName(host);

// The release on offer: a private copy of dist/k3d (another test run may rebuild dist/k3d).
const releaseDir = mkdtempSync(join(tmpdir(), "k3dx-install-release-"));
const binary = join(releaseDir, ASSET);
copyFileSync(K3DX_BINARY, binary);
const digest = await sha256OfFile(binary);
const goodChecksums = checksumsText([
  { name: ASSET, sha256: digest },
  { name: "k3d-other-platform", sha256: "1".repeat(64) },
]);

// A release with compressed assets (gzip -9, as `npm run release` makes them), and musl builds.
const packed = gzipSync(readFileSync(binary), { level: 9 });
const MUSL_ASSET = `k3d-linux-${host.arch}-musl`;
const notRunnable = new TextEncoder().encode("#!/bin/sh\nexit 127\n");
const sha = (bytes: Uint8Array) => new Bun.CryptoHasher("sha256").update(bytes).digest("hex");
const packedChecksums = checksumsText([
  { name: ASSET, sha256: digest },
  { name: `${ASSET}.gz`, sha256: sha(packed) },
  { name: MUSL_ASSET, sha256: digest },
  { name: `${MUSL_ASSET}.gz`, sha256: sha(packed) },
]);

/** Files per release folder, as GitHub serves them: `latest` or a tag. */
const releases: Record<string, Record<string, string | Uint8Array>> = {
  "v0.2.0": { [ASSET]: binary, [`${ASSET}.gz`]: packed, [MUSL_ASSET]: binary, [`${MUSL_ASSET}.gz`]: packed, "checksums.txt": packedChecksums },
  // The .gz does not match its line: the download must be refused, not fall back.
  "v0.2.1": { [ASSET]: binary, [`${ASSET}.gz`]: gzipSync(new TextEncoder().encode("other")), "checksums.txt": packedChecksums },
  "v0.3.0": { [MUSL_ASSET]: notRunnable, "checksums.txt": checksumsText([{ name: MUSL_ASSET, sha256: sha(notRunnable) }]) },
  latest: { [ASSET]: binary, "checksums.txt": goodChecksums },
  "v0.1.0": { [ASSET]: binary, "checksums.txt": goodChecksums },
  "v6.6.6": { [ASSET]: binary, "checksums.txt": checksumsText([{ name: ASSET, sha256: "0".repeat(64) }]) },
  "v7.7.7": { [ASSET]: binary, "checksums.txt": checksumsText([{ name: "k3d-other-platform", sha256: digest }]) },
};

let requests: string[] = [];
const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch(request) {
    const path = new URL(request.url).pathname;
    requests.push(path);
    const match = /^\/releases\/(?:latest\/download|download\/([^/]+))\/([^/]+)$/.exec(path);
    const file = match ? releases[match[1] ?? "latest"]?.[match[2]!] : undefined;
    if (file === undefined) return new Response("Not Found", { status: 404 });
    return new Response(typeof file === "string" && file.startsWith("/") ? Bun.file(file) : file);
  },
});
const RELEASE_URL = `http://127.0.0.1:${server.port}/releases`;

afterAll(() => {
  server.stop(true);
  rmSync(releaseDir, { recursive: true, force: true });
});

let sandbox: Sandbox;
/** The folder k3dx is installed into, unless a test says otherwise. */
let installDir: string;
let target: string;
beforeEach(() => {
  sandbox = createSandbox();
  installDir = join(sandbox.root, "local-bin");
  target = join(installDir, "k3d");
  requests = [];
});
afterEach(() => sandbox.cleanup());

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs install.sh under /bin/sh; by default k3dx's folder comes first on PATH, then the real k3d. */
async function install(args: string[], env: Record<string, string | undefined> = {}): Promise<Result> {
  const full: Record<string, string> = {
    HOME: sandbox.home,
    PATH: `${installDir}:${sandbox.bin}:/usr/bin:/bin`,
    K3DX_INSTALL_DIR: installDir,
    K3DX_RELEASE_URL: RELEASE_URL,
    TMPDIR: sandbox.env.TMPDIR!,
  };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete full[key];
    else full[key] = value;
  }
  const proc = Bun.spawn({ cmd: ["/bin/sh", INSTALL_SH, ...args], env: full, cwd: sandbox.root, stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, stdout, stderr };
}

async function expectInstalledRelease(path: string): Promise<void> {
  expect(lstatSync(path).isFile()).toBe(true);
  expect(statSync(path).mode & 0o777).toBe(0o755);
  expect(await sha256OfFile(path)).toBe(digest);
}

/** A k3dx of another build: still k3dx (Bun's trailer and K3DX_HOME inside), other bytes. */
function placeOlderK3dx(path: string): void {
  mkdirSync(join(path, ".."), { recursive: true });
  copyFileSync(binary, path);
  appendFileSync(path, "an older build");
}

describe("downloading a release", () => {
  test("a fresh install fetches the latest release, verifies it, and leaves one file", async () => {
    const result = await install([]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    await expectInstalledRelease(target);
    expect(readdirSync(installDir)).toEqual(["k3d"]);
    expect(requests).toEqual(["/releases/latest/download/checksums.txt", `/releases/latest/download/${ASSET}`]);
    expect(result.stdout).toContain(`installed ${target}: k3dx version v${version}\n`);
    expect(result.stdout).toContain(`k3dx hands k3d commands to the real k3d at ${sandbox.bin}/k3d\n`);
  });

  test("the installed k3d is k3dx and hands commands to the real k3d", async () => {
    expect((await install([])).code).toBe(0);
    const env = { PATH: `${installDir}:${sandbox.bin}:/usr/bin:/bin`, HOME: sandbox.home, FAKE_K3D_STATE: sandbox.state, K3DX_HOME: sandbox.k3dxHome };
    const run = (args: string[]) => Bun.spawnSync({ cmd: [target, ...args], env, stdout: "pipe", stderr: "pipe" });
    expect(run(["version"]).stdout.toString()).toBe(Bun.spawnSync({ cmd: [sandbox.k3d, "version"], env, stdout: "pipe" }).stdout.toString());
    expect(run(["plugin", "--version"]).stdout.toString()).toBe(`k3dx version v${version}\n`);
  });

  test("without K3DX_INSTALL_DIR it goes to ~/.local/bin, and says when that is not on PATH", async () => {
    const result = await install([], { K3DX_INSTALL_DIR: undefined, PATH: `${sandbox.bin}:/usr/bin:/bin` });
    expect(result.code).toBe(0);
    const local = join(sandbox.home, ".local", "bin");
    await expectInstalledRelease(join(local, "k3d"));
    expect(result.stderr).toBe(`k3dx: ${local} is not on PATH. Add it before the real k3d, e.g. in ~/.profile: export PATH="${local}:$PATH"\n`);
  });

  test("--dir chooses the folder too", async () => {
    const elsewhere = join(sandbox.root, "elsewhere");
    const result = await install(["--dir", elsewhere], { PATH: `${elsewhere}:${sandbox.bin}:/usr/bin:/bin` });
    expect(result.code).toBe(0);
    await expectInstalledRelease(join(elsewhere, "k3d"));
    expect(existsSync(installDir)).toBe(false);
  });

  test.each([
    ["--version 0.1.0", ["--version", "0.1.0"], {}],
    ["--version=v0.1.0", ["--version=v0.1.0"], {}],
    ["K3DX_VERSION=v0.1.0", [], { K3DX_VERSION: "v0.1.0" }],
  ])("a chosen version (%s) comes from that release's folder", async (_, args, env) => {
    const result = await install(args, env);
    expect(result.code).toBe(0);
    await expectInstalledRelease(target);
    expect(requests).toEqual(["/releases/download/v0.1.0/checksums.txt", `/releases/download/v0.1.0/${ASSET}`]);
  });

  test("--version wins over K3DX_VERSION", async () => {
    expect((await install(["--version", "v0.1.0"], { K3DX_VERSION: "v6.6.6" })).code).toBe(0);
    expect(requests[0]).toBe("/releases/download/v0.1.0/checksums.txt");
  });

  test("a release that does not exist fails with the URL, and installs nothing", async () => {
    const result = await install(["--version", "v9.9.9"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toStartWith(`k3dx: could not download ${RELEASE_URL}/download/v9.9.9/checksums.txt: `);
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(existsSync(installDir)).toBe(false);
  });
});

describe("compressed assets and other machines", () => {
  test("with gzip it downloads the .gz (half the bytes), checks it and the unpacked binary", async () => {
    const result = await install(["--version", "v0.2.0"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    await expectInstalledRelease(target);
    expect(requests).toEqual(["/releases/download/v0.2.0/checksums.txt", `/releases/download/v0.2.0/${ASSET}.gz`]);
    expect(result.stdout).toContain(`downloading ${ASSET}.gz from ${RELEASE_URL}/download/v0.2.0\n`);
    expect(readdirSync(installDir)).toEqual(["k3d"]);
  });

  test("without gzip on PATH it takes the bare binary", async () => {
    const tools = join(sandbox.root, "no-gzip");
    mkdirSync(tools);
    for (const tool of ["sh", "awk", "tr", "cut", "sha256sum", "curl", "mktemp", "rm", "cp", "chmod", "mkdir", "mv", "dirname", "uname", "grep", "cat", "pwd"]) {
      const path = Bun.which(tool, { PATH: "/usr/bin:/bin" });
      if (path) symlinkSync(path, join(tools, tool));
    }
    const result = await install(["--version", "v0.2.0"], { PATH: `${installDir}:${sandbox.bin}:${tools}` });
    expect(result.code).toBe(0);
    expect(requests).toEqual(["/releases/download/v0.2.0/checksums.txt", `/releases/download/v0.2.0/${ASSET}`]);
    await expectInstalledRelease(target);
  });

  test("a .gz that does not match its checksum is refused; nothing is installed", async () => {
    const result = await install(["--version", "v0.2.1"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`k3dx: checksum mismatch for ${ASSET}.gz from ${RELEASE_URL}/download/v0.2.1/${ASSET}.gz`);
    expect(existsSync(installDir) ? readdirSync(installDir) : []).toEqual([]);
  });

  test("K3DX_LIBC=musl takes the musl build", async () => {
    const result = await install(["--version", "v0.2.0"], { K3DX_LIBC: "musl" });
    expect(result.code).toBe(0);
    expect(requests).toEqual(["/releases/download/v0.2.0/checksums.txt", `/releases/download/v0.2.0/${MUSL_ASSET}.gz`]);
  });

  test("a musl build that does not start says Alpine needs libstdc++", async () => {
    const result = await install(["--version", "v0.3.0"], { K3DX_LIBC: "musl" });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`k3dx: the ${MUSL_ASSET} binary does not run on this machine (the musl build needs libstdc++: on Alpine, apk add libstdc++); nothing was installed\n`);
  });

  test("a 32-bit machine is told that Bun, so k3dx, cannot run there; nothing is downloaded", async () => {
    for (const machine of ["i686", "armv7l"]) {
      sandbox.script("uname", `[ "$1" = -m ] && echo ${machine} || echo Linux\n`, join(sandbox.root, "fake-uname"));
      const result = await install([], { PATH: `${join(sandbox.root, "fake-uname")}:/usr/bin:/bin` });
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`k3dx: k3dx cannot run on 32-bit ${machine}: Bun, which k3dx is built with, has no 32-bit build. Use the real k3d alone here (https://k3d.io ships ${machine} builds)\n`);
    }
    expect(requests).toEqual([]);
  });

  test("an unknown K3DX_LIBC is bad usage", async () => {
    const result = await install([], { K3DX_LIBC: "uclibc" });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("K3DX_LIBC=uclibc is not a C library k3dx knows; use musl or glibc");
  });
});

describe("verifying", () => {
  test("a checksum mismatch is refused before anything is written", async () => {
    const result = await install(["--version", "v6.6.6"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `k3dx: checksum mismatch for ${ASSET} from ${RELEASE_URL}/download/v6.6.6/${ASSET}: expected ${"0".repeat(64)}, got ${digest}; nothing was installed\n`,
    );
    expect(existsSync(installDir)).toBe(false);
  });

  test("a checksum mismatch leaves an earlier k3dx exactly as it was", async () => {
    placeOlderK3dx(target);
    const before = await sha256OfFile(target);
    expect((await install(["--version", "v6.6.6"])).code).toBe(1);
    expect(await sha256OfFile(target)).toBe(before);
    expect(readdirSync(installDir)).toEqual(["k3d"]);
  });

  test("a checksums file that does not list this platform installs nothing", async () => {
    const result = await install(["--version", "v7.7.7"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`k3dx: the checksums file lists no ${ASSET}; nothing was installed\n`);
    expect(existsSync(installDir)).toBe(false);
  });
});

describe("what is already there", () => {
  test("a real k3d at the target is never overwritten, and nothing is downloaded", async () => {
    mkdirSync(installDir);
    copyFileSync(sandbox.k3d, target);
    const before = readFileSync(target);
    const result = await install([]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `k3dx: ${target} exists and is not k3dx (the real k3d?); refusing to replace it. Install k3dx into a folder that comes earlier on PATH: K3DX_INSTALL_DIR=DIR or --dir DIR\n`,
    );
    expect(readFileSync(target).equals(before)).toBe(true);
    expect(requests).toEqual([]);
  });

  test("a link to the real k3d at the target is left alone too", async () => {
    mkdirSync(installDir);
    symlinkSync(sandbox.k3d, target);
    const result = await install([]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("is not k3dx");
    expect(readlinkSync(target)).toBe(sandbox.k3d);
  });

  test("an earlier k3dx is replaced", async () => {
    placeOlderK3dx(target);
    const result = await install([]);
    expect(result.code).toBe(0);
    await expectInstalledRelease(target);
    expect(result.stdout).toContain(`replaced the k3dx at ${target}: k3dx version v${version}\n`);
    expect(readdirSync(installDir)).toEqual(["k3d"]);
  });

  test("a link to a k3dx elsewhere is replaced by the file, and what it pointed to is untouched", async () => {
    const elsewhere = join(sandbox.root, "opt", "k3d");
    placeOlderK3dx(elsewhere);
    const before = await sha256OfFile(elsewhere);
    mkdirSync(installDir);
    symlinkSync(elsewhere, target);
    expect((await install([])).code).toBe(0);
    await expectInstalledRelease(target);
    expect(await sha256OfFile(elsewhere)).toBe(before);
  });
});

describe("offline, from a file", () => {
  function offlineRelease(checksums = goodChecksums): { folder: string; file: string } {
    const folder = join(sandbox.root, "downloads");
    mkdirSync(folder, { recursive: true });
    const file = join(folder, ASSET);
    copyFileSync(binary, file);
    writeFileSync(join(folder, "checksums.txt"), checksums);
    return { folder, file };
  }

  test("--file takes the .gz too: checked, unpacked, the binary checked again", async () => {
    const folder = join(sandbox.root, "downloads");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `${ASSET}.gz`), packed);
    writeFileSync(join(folder, "checksums.txt"), packedChecksums);
    const result = await install(["--file", join(folder, `${ASSET}.gz`)]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    await expectInstalledRelease(target);
    expect(requests).toEqual([]);
    writeFileSync(join(folder, `${ASSET}.gz`), gzipSync(new TextEncoder().encode("tampered")));
    const tampered = await install(["--file", join(folder, `${ASSET}.gz`)]);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain(`checksum mismatch for ${ASSET}.gz`);
  });

  test("--file with checksums.txt beside it installs without any download", async () => {
    const { file } = offlineRelease();
    const result = await install(["--file", file]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    await expectInstalledRelease(target);
    expect(requests).toEqual([]);
  });

  test("--checksums names a checksums file kept elsewhere", async () => {
    const { file, folder } = offlineRelease();
    const checksums = join(sandbox.root, "SHA256SUMS");
    copyFileSync(join(folder, "checksums.txt"), checksums);
    rmSync(join(folder, "checksums.txt"));
    const result = await install([`--file=${file}`, "--checksums", checksums]);
    expect(result.code).toBe(0);
    await expectInstalledRelease(target);
  });

  test("a file that does not match its checksums is refused", async () => {
    const { file } = offlineRelease();
    appendFileSync(file, "tampered");
    const result = await install(["--file", file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toStartWith(`k3dx: checksum mismatch for ${ASSET} from ${file}: expected ${digest}, got `);
    expect(existsSync(installDir)).toBe(false);
  });

  test("a build of one's own (dist/k3d beside a release's checksums) is said to be no release binary, not a 'mismatch'", async () => {
    const { folder } = offlineRelease();
    const build = join(folder, "k3d");
    copyFileSync(binary, build);
    appendFileSync(build, "a local build");
    const result = await install(["--file", build]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `k3dx: ${build} is none of the binaries in ${folder}/checksums.txt (a build of your own? 'npm run build' makes dist/k3d, which differs from the release's ${ASSET}): ` +
        `pass the release's ${ASSET} with --file, or copy your build onto PATH by hand; nothing was installed\n`,
    );
    expect(existsSync(installDir)).toBe(false);
  });

  test("another platform's release binary is said to be for another platform", async () => {
    const otherArch = host.arch === "amd64" ? "arm64" : "amd64";
    const otherAsset = ASSET.replace(host.arch, otherArch);
    const folder = join(sandbox.root, "downloads");
    mkdirSync(folder, { recursive: true });
    const file = join(folder, otherAsset);
    copyFileSync(binary, file);
    appendFileSync(file, "built for the other arch");
    writeFileSync(join(folder, "checksums.txt"), checksumsText([{ name: ASSET, sha256: digest }, { name: otherAsset, sha256: await sha256OfFile(file) }]));
    const result = await install(["--file", file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`k3dx: ${file} is the release binary ${otherAsset}, for another platform: this machine (${host.os}/${host.arch}) needs ${ASSET}; nothing was installed\n`);
    expect(existsSync(installDir)).toBe(false);
  });

  test("without a checksums file it says what to pass", async () => {
    const { file, folder } = offlineRelease();
    rmSync(join(folder, "checksums.txt"));
    const result = await install(["--file", file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`k3dx: ${folder}/checksums.txt: no such file; pass the release's checksums.txt with --checksums PATH\n`);
    expect(existsSync(installDir)).toBe(false);
  });
});

describe("PATH advice", () => {
  test("a folder that comes after the real k3d is named, with the fix", async () => {
    const result = await install([], { PATH: `${sandbox.bin}:${installDir}:/usr/bin:/bin` });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      `k3dx: ${sandbox.bin}/k3d comes before ${installDir} on PATH, so 'k3d' still runs it. Put ${installDir} first: export PATH="${installDir}:$PATH"\n`,
    );
  });

  test("no real k3d anywhere on PATH is pointed out", async () => {
    expect(Bun.which("k3d", { PATH: "/usr/bin:/bin" })).toBeNull();
    const result = await install([], { PATH: `${installDir}:/usr/bin:/bin` });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("k3dx: no real k3d found on PATH: install it (https://k3d.io) or set K3DX_K3D to its path\n");
  });
});

describe("what users get wrong", () => {
  test.each([
    ["http://example.com/releases"],
    ["http://127.0.0.1.example.com/releases"],
    ["ftp://127.0.0.1/releases"],
  ])("a release URL that is neither https nor this machine (%s) is refused", async (url) => {
    const result = await install([], { K3DX_RELEASE_URL: url });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`k3dx: K3DX_RELEASE_URL must start with https:// (plain http:// only for localhost): ${url}\n`);
    expect(existsSync(installDir)).toBe(false);
  });

  test.each([
    [["--bogus"], "k3dx: unknown argument '--bogus'; see 'sh install.sh --help'\n"],
    [["--version"], "k3dx: --version needs a value; see 'sh install.sh --help'\n"],
    [["--dir="], "k3dx: --dir needs a value; see 'sh install.sh --help'\n"],
    [["--checksums", "sums.txt"], "k3dx: --checksums goes with --file; see 'sh install.sh --help'\n"],
  ])("bad usage %p exits 2 with one line", async (args, message) => {
    const result = await install(args);
    expect(result).toEqual({ code: 2, stdout: "", stderr: message });
    expect(requests).toEqual([]);
  });

  test("--help explains the options and environment", async () => {
    const result = await install(["--help"]);
    expect(result.code).toBe(0);
    for (const word of ["--version TAG", "--dir DIR", "--file PATH", "--checksums PATH", "K3DX_INSTALL_DIR", "K3DX_VERSION", "K3DX_RELEASE_URL"]) {
      expect(result.stdout).toContain(word);
    }
  });

  test("a missing --file is named", async () => {
    const result = await install(["--file", join(sandbox.root, "nope")]);
    expect(result).toEqual({ code: 1, stdout: "", stderr: `k3dx: ${join(sandbox.root, "nope")}: no such file\n` });
  });
});
