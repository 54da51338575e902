/**
 * The musl build for real, in a minimal root: musl's loader, a libstdc++ built for musl, a
 * static busybox for /bin/sh, and k3dx — nothing of glibc. In it (chroot, as root):
 * passthrough to a k3d, a callable plugin, a lifecycle hook, and a plugin install, and
 * libc.ts's bun:ffi calls loading musl's C library (the exec that passthrough uses).
 *
 * Needs, or the test is skipped with the reason (.ci/run installs the Debian packages):
 *   - root (chroot),
 *   - musl's loader (Debian: musl) and a static busybox (busybox-static),
 *   - musl's C++ runtime: K3DX_MUSL_LIBS, a folder of them (the e2e workflow copies
 *     Alpine's libstdc++.so.6 and libgcc_s.so.1 out of an alpine container), or else one
 *     built here from Debian's libstdc++-12-pic with musl-tools
 *     (test/fixtures/musl-libstdcxx/build-libstdcxx.ts).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { version } from "../../package.json";
import { compile } from "../../scripts/compile.ts";
import { fetchVerifiedRuntime, lockedPackage } from "../../scripts/release/bun-runtime.ts";
import { RELEASE_TARGETS } from "../../scripts/release/targets.ts";
import { buildLibstdcxxFor, cannotBuildLibstdcxx } from "../fixtures/musl-libstdcxx/build-libstdcxx.ts";
import { REPO_ROOT } from "../helpers/sandbox.ts";

const machine = process.arch === "x64" ? "x86_64" : "aarch64";
const LOADER = `/lib/ld-musl-${machine}.so.1`;
const BUSYBOX = "/bin/busybox";
const LIBS = process.env.K3DX_MUSL_LIBS;
const CHROOT = Bun.which("chroot") ?? "/usr/sbin/chroot";

function missing(): string | undefined {
  if (process.platform !== "linux") return "not Linux";
  if (process.getuid?.() !== 0) return "not root (chroot)";
  if (!existsSync(LOADER)) return `no musl loader at ${LOADER} (apt-get install musl)`;
  // A dynamic busybox names its ELF interpreter (/lib…/ld-…) in its first bytes.
  if (!existsSync(BUSYBOX) || readFileSync(BUSYBOX).subarray(0, 4096).toString("latin1").includes("/ld-")) {
    return "no static busybox (apt-get install busybox-static)";
  }
  if (LIBS) return existsSync(join(LIBS, "libstdc++.so.6")) ? undefined : `K3DX_MUSL_LIBS=${LIBS} holds no libstdc++.so.6`;
  const cannot = cannotBuildLibstdcxx();
  return cannot && `no libstdc++ for musl: set K3DX_MUSL_LIBS, or install what builds one here: ${cannot}`;
}
const why = missing();
// Asked for (K3DX_MUSL_LIBS set, as the e2e workflow does) and not possible: a failure, not a skip.
if (why && LIBS) throw new Error(`musl-root.test.ts cannot run: ${why}`);
if (why) process.stderr.write(`musl-root.test.ts skipped: ${why}\n`);

const root = mkdtempSync(join(tmpdir(), "k3dx-musl-root-"));
const procMount = join(root, "proc");
afterAll(() => {
  // /proc first: removing the root while it is mounted there would fail, or worse.
  if (!why) Bun.spawnSync({ cmd: ["umount", procMount] });
  const stillMounted = readFileSync("/proc/self/mounts", "utf8").includes(` ${procMount} `);
  if (!stillMounted) rmSync(root, { recursive: true, force: true });
});

/** Runs `args` inside the root, as a person would in an Alpine container with only k3dx and sh. */
function inRoot(args: string[], env: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  const proc = Bun.spawnSync({
    cmd: [CHROOT, root, ...args],
    env: { PATH: "/usr/local/bin:/bin", HOME: "/home", K3DX_HOME: "/home/.k3d", TMPDIR: "/tmp", NO_COLOR: "1", ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
  return { code: proc.exitCode ?? -1, stdout: proc.stdout.toString(), stderr: proc.stderr.toString() };
}

function script(path: string, body: string): void {
  mkdirSync(join(root, path, ".."), { recursive: true });
  writeFileSync(join(root, path), `#!/bin/sh\n${body}`);
  chmodSync(join(root, path), 0o755);
}

beforeAll(async () => {
  if (why) return;
  const target = RELEASE_TARGETS.find((t) => t.libc === "musl" && t.bunTarget.includes(process.arch === "x64" ? "x64" : "arm64"))!;
  const work = join(root, ".build");
  mkdirSync(work);
  const runtime = await fetchVerifiedRuntime(lockedPackage(join(REPO_ROOT, "package-lock.json"), target.runtimePackage), work);
  process.chdir(REPO_ROOT);
  mkdirSync(join(root, "usr", "local", "bin"), { recursive: true });
  await compile(join(root, "usr", "local", "bin", "k3d"), target.bunTarget, undefined, runtime);
  // A probe of process/libc.ts, built the same way: the libc calls k3dx makes through bun:ffi.
  const probe = join(work, "libc-probe.ts");
  writeFileSync(
    probe,
    `import { linuxLibc } from ${JSON.stringify(join(REPO_ROOT, "src", "process", "libc.ts"))};
const libc = linuxLibc();
const fd = libc?.memoryFile("probe", new TextEncoder().encode("bytes"));
console.log(JSON.stringify({ loaded: libc !== undefined, fds: (libc?.openFds() ?? []).includes(0), eventLoop: (libc?.openFds() ?? []).some((open) => libc!.anonymousInode(open) === "anon_inode:[eventpoll]"), limit: (libc?.openFileLimit() ?? 0) > 0, memoryFile: fd !== undefined && fd > 2, keepOpen: fd !== undefined && libc!.keepOpenAcrossExec(fd) }));
`,
  );
  await compile(join(root, "usr", "local", "bin", "libc-probe"), target.bunTarget, probe, runtime);

  for (const dir of ["lib", "usr/lib", "bin", "tmp", "home", "opt/k3d", "proc", "dev"]) mkdirSync(join(root, dir), { recursive: true });
  copyFileSync(LOADER, join(root, "lib", `ld-musl-${machine}.so.1`));
  chmodSync(join(root, "lib", `ld-musl-${machine}.so.1`), 0o755);
  const libs = LIBS ?? buildLibstdcxxFor(join(root, "usr", "local", "bin", "k3d"), join(work, "libs"));
  for (const lib of readdirSync(libs).filter((name) => name.includes(".so"))) copyFileSync(join(libs, lib), join(root, "usr", "lib", lib));
  rmSync(work, { recursive: true, force: true });
  copyFileSync(BUSYBOX, join(root, "bin", "busybox"));
  chmodSync(join(root, "bin", "busybox"), 0o755);
  for (const tool of ["sh", "cat", "echo", "printf", "mkdir", "ls", "env"]) Bun.spawnSync({ cmd: ["ln", "-s", "busybox", join(root, "bin", tool)] });
  // /proc and a few device nodes of its own (never the host's /dev bound in: the root is
  // removed afterwards): Bun and k3dx use both.
  Bun.spawnSync({ cmd: ["mount", "-t", "proc", "proc", procMount] });
  for (const [name, minor] of [["null", 3], ["zero", 5], ["random", 8], ["urandom", 9]] as const) {
    Bun.spawnSync({ cmd: ["mknod", "-m", "666", join(root, "dev", name), "c", "1", String(minor)] });
  }

  // A k3d that answers like one and records its argv; a plugin; a hook.
  script("opt/k3d/k3d", `echo "$*" >> /tmp/k3d-calls\ncase "$1 $2" in\n  "version "*) printf 'k3d version v5.9.0\\nk3s version v1.31.5-k3s1 (default)\\n' ;;\n  "cluster list") echo '[]' ;;\n  "cluster create") echo "INFO[0000] Cluster '$3' created successfully!" ;;\nesac\n`);
  script("src/k3d-hello/k3d-hello", `echo "hello from $K3D_PLUGIN_NAME, real k3d $K3D_BINARY, args $*"\n`);
  writeFileSync(join(root, "src/k3d-hello/plugin.yaml"), "name: hello\nversion: 1.0.0\ndescription: says hello\nhooks: [pre-cluster-create]\n");
}, 300_000);

describe.skipIf(why !== undefined)("the musl build in a root with only musl, libstdc++ and busybox", () => {
  test("the root holds no glibc", () => {
    const everything = Bun.spawnSync({ cmd: ["find", root, "-not", "-path", `${root}/proc*`, "-not", "-path", `${root}/dev*`] }).stdout.toString();
    expect(everything).not.toMatch(/libc\.so\.6|ld-linux/);
    expect(everything).toContain(`/lib/ld-musl-${machine}.so.1`);
  });

  test("it starts: `k3d plugin --version`", () => {
    const result = inRoot(["/usr/local/bin/k3d", "plugin", "--version"]);
    expect(result).toEqual({ code: 0, stdout: `k3dx version v${version}\n`, stderr: "" });
  });

  test("process/libc.ts loads musl's C library through bun:ffi, and its calls work", () => {
    const result = inRoot(["/usr/local/bin/libc-probe"]);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual({ loaded: true, fds: true, eventLoop: true, limit: true, memoryFile: true, keepOpen: true });
  });

  test("passthrough: `k3d version` is k3d's", () => {
    const result = inRoot(["/usr/local/bin/k3d", "version"], { K3DX_K3D: "/opt/k3d/k3d" });
    expect(result).toEqual({ code: 0, stdout: "k3d version v5.9.0\nk3s version v1.31.5-k3s1 (default)\n", stderr: "" });
  });

  test("install a plugin from a folder, call it, and its hook fires around cluster create", () => {
    const env = { K3DX_K3D: "/opt/k3d/k3d" };
    const installed = inRoot(["/usr/local/bin/k3d", "plugin", "install", "--yes", "/src/k3d-hello"], env);
    // What the plugin runs by itself is said even with --yes (the consent text).
    expect(installed.stderr).toStartWith("k3dx: hello 1.0.0 (from /src/k3d-hello) will run by itself, without being called:\n");
    expect(installed.code).toBe(0);
    expect(inRoot(["/usr/local/bin/k3d", "hello", "there"], env).stdout).toBe("hello from hello, real k3d /opt/k3d/k3d, args there\n");
    const created = inRoot(["/usr/local/bin/k3d", "cluster", "create", "dev"], env);
    expect(created.code).toBe(0);
    expect(created.stderr).toContain("[hello] hello from hello");
    expect(created.stderr).toContain("k3dx: pre-cluster-create hello ok in ");
    expect(created.stdout).toBe("INFO[0000] Cluster 'dev' created successfully!\n");
  });
});
