/**
 * Black-box: dist/k3d hands real k3d commands over unchanged (SPEC §1, §2).
 * The "real k3d" here is a small recorder script: it writes its argv NUL-separated,
 * its environment and its stdin to files, so the bytes can be compared exactly.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { copyFileSync, linkSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createSandbox, K3DX_BINARY, runK3dx, type Sandbox } from "../helpers/sandbox.ts";

let box: Sandbox;
beforeEach(() => {
  box = createSandbox({ withK3d: false });
});
afterEach(() => box.cleanup());

/** A stand-in k3d that records argv (NUL-separated), env and stdin, and exits with $RECORDER_EXIT. */
function recorder(folder = box.bin): string {
  return box.script(
    "k3d",
    `out="${box.root}/rec"
for a in "$@"; do printf '%s\\0' "$a"; done > "$out.argv"
env > "$out.env"
cat > "$out.stdin"
echo "k3d says hi"
echo "k3d warns" >&2
exit \${RECORDER_EXIT:-0}
`,
    folder,
  );
}

const recordedArgv = () => readFileSync(join(box.root, "rec.argv"));
const nulJoined = (args: string[]) => Buffer.from(args.map((a) => a + "\0").join(""));

describe("passthrough to real k3d", () => {
  test("argv byte for byte: empty strings, spaces, unicode, --, flags", async () => {
    recorder();
    const args = ["cluster", "list", "", "a b", "ünï ✓", "--", "-o", "json", "--verbose", "--x=y z"];
    const result = await runK3dx(box, args);
    expect(result.code).toBe(0);
    expect(recordedArgv()).toEqual(nulJoined(args));
    expect(result.stdout).toBe("k3d says hi\n");
    expect(result.stderr).toBe("k3d warns\n");
  });

  test("argv that is not valid UTF-8 arrives with the same bytes", async () => {
    recorder();
    // Bun.spawn takes strings only, so let the shell put raw bytes on the wrapper's argv.
    const proc = Bun.spawn({
      cmd: ["/bin/sh", "-c", `exec "$0" version "$(printf 'a\\377b')" "$(printf '\\303')"`, K3DX_BINARY],
      env: box.env,
      stdout: "pipe",
      stderr: "pipe",
    });
    expect(await proc.exited).toBe(0);
    expect(Array.from(recordedArgv())).toEqual([...Buffer.from("version\0"), 0x61, 0xff, 0x62, 0, 0xc3, 0]);
  });

  test("stdin reaches k3d unchanged and k3d's exit status is ours", async () => {
    recorder();
    const input = "apiVersion: k3d.io/v1alpha5\nkind: Simple\n\u0000binary\xff";
    const result = await runK3dx(box, ["config", "migrate", "-"], { stdin: input, env: { RECORDER_EXIT: "3" } });
    expect(result.code).toBe(3);
    expect(readFileSync(join(box.root, "rec.stdin"), "utf8")).toBe(input);
  });

  test("the environment is handed on without additions", async () => {
    recorder();
    await runK3dx(box, ["version"], { env: { ODD_VALUE: "a=b\tc ü", K3D_CONFIG: "/x.yaml" } });
    const env = readFileSync(join(box.root, "rec.env"), "utf8");
    expect(env).toContain("ODD_VALUE=a=b\tc ü\n");
    expect(env).toContain("K3D_CONFIG=/x.yaml\n");
    const added = env.split("\n").filter((line) => /^K3D_(COMMAND|WRAPPER|PLUGIN|RESULT|BINARY)|^K3DX_DEPTH/.test(line));
    expect(added).toEqual([]);
  });

  test("a signal that kills k3d becomes 128+N, and signals sent to k3dx reach k3d", async () => {
    box.script("k3d", `trap 'echo got-term > "${box.root}/sig"; trap - TERM; kill -TERM $$' TERM\nsleep 30 & wait\n`);
    const proc = Bun.spawn({ cmd: [K3DX_BINARY, "cluster", "list"], env: box.env, stdout: "pipe", stderr: "pipe" });
    await Bun.sleep(500);
    proc.kill("SIGTERM");
    await proc.exited;
    expect(proc.signalCode ?? proc.exitCode).toBe("SIGTERM");
    expect(readFileSync(join(box.root, "sig"), "utf8")).toBe("got-term\n");
  });

  test("k3d writing to a closed pipe dies quietly, as it would alone", async () => {
    box.script("k3d", "exec yes k3d\n");
    const proc = Bun.spawn({ cmd: ["/bin/sh", "-c", `"$0" image list | head -n 1`, K3DX_BINARY], env: box.env, stdout: "pipe", stderr: "pipe" });
    const [out, err] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
    await proc.exited;
    expect(out).toBe("k3d\n");
    expect(err).toBe("");
  });

  test("k3d gets the terminal: stdin and stdout stay TTYs", async () => {
    box.script("k3d", `[ -t 0 ] && [ -t 1 ] && echo tty-ok > "${box.root}/tty"\n`);
    const proc = Bun.spawn({
      cmd: ["script", "-qec", `${K3DX_BINARY} cluster list`, "/dev/null"],
      env: box.env,
      stdin: "pipe",
      stdout: "pipe",
      stderr: "pipe",
    });
    proc.stdin.end();
    expect(await proc.exited).toBe(0);
    expect(readFileSync(join(box.root, "tty"), "utf8")).toBe("tty-ok\n");
  });

  test("K3DX_NO_PLUGINS=1 hands even plugin commands to k3d", async () => {
    recorder();
    box.script("k3d-mirror", `echo plugin-ran\n`);
    const result = await runK3dx(box, ["mirror", "status"], { env: { K3DX_NO_PLUGINS: "1" } });
    expect(result.stdout).toBe("k3d says hi\n");
    expect(recordedArgv()).toEqual(nulJoined(["mirror", "status"]));
  });
});

describe("finding the real k3d", () => {
  test("no k3d at all: exit 127 and one line naming K3DX_K3D", async () => {
    const result = await runK3dx(box, ["version"]);
    expect(result.code).toBe(127);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("K3DX_K3D");
    expect(result.stderr).toContain("https://k3d.io");
  });

  test("K3DX_K3D wins over PATH", async () => {
    recorder();
    const other = box.script("real-k3d", 'echo "from K3DX_K3D $*"\n', join(box.root, "elsewhere"));
    const result = await runK3dx(box, ["version"], { env: { K3DX_K3D: other } });
    expect(result.stdout).toBe("from K3DX_K3D version\n");
  });

  test.each([
    ["relative", "k3d", /must be an absolute path/],
    ["missing", "/nonexistent/k3d", /is not an executable file/],
  ])("a %s K3DX_K3D fails with 127 and says why", async (_kind, value, message) => {
    recorder();
    const result = await runK3dx(box, ["version"], { env: { K3DX_K3D: value } });
    expect(result.code).toBe(127);
    expect(result.stderr).toMatch(message);
  });

  test("K3DX_K3D pointing at the wrapper is refused, never exec'd", async () => {
    const result = await runK3dx(box, ["version"], { env: { K3DX_K3D: K3DX_BINARY } });
    expect(result.code).toBe(127);
    expect(result.stderr).toMatch(/is a k3dx wrapper/);
  });

  test.each(["symlink", "hardlink", "copy"])("the wrapper on PATH as k3d through a %s is skipped", async (kind) => {
    const wrapperDir = join(box.root, "wrapper-bin");
    mkdirSync(wrapperDir);
    const asK3d = join(wrapperDir, "k3d");
    if (kind === "symlink") symlinkSync(K3DX_BINARY, asK3d);
    else if (kind === "hardlink") {
      try {
        linkSync(K3DX_BINARY, asK3d);
      } catch {
        copyFileSync(K3DX_BINARY, asK3d); // another filesystem: a copy is the next best
      }
    } else copyFileSync(K3DX_BINARY, asK3d);
    recorder();
    const env = { PATH: `${wrapperDir}:${box.bin}:/usr/bin:/bin` };
    const result = await runK3dx(box, ["version"], { env, binary: asK3d });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("k3d says hi\n");
  });

  test("two copies of the wrapper on PATH and no real k3d: 127, no loop", async () => {
    const dirs = ["w1", "w2"].map((name) => join(box.root, name));
    for (const dir of dirs) {
      mkdirSync(dir);
      copyFileSync(K3DX_BINARY, join(dir, "k3d"));
      Bun.spawnSync(["chmod", "+x", join(dir, "k3d")]);
    }
    const env = { PATH: `${dirs[0]}:${dirs[1]}:/usr/bin:/bin` };
    const result = await runK3dx(box, ["version"], { env, binary: join(dirs[0]!, "k3d") });
    expect(result.code).toBe(127);
  });

  test("a relative PATH entry resolves against the current folder", async () => {
    const sub = join(box.root, "rel");
    recorder(join(sub, "bin"));
    writeFileSync(join(box.root, "marker"), "");
    const result = await runK3dx(box, ["version"], { env: { PATH: "bin:/usr/bin:/bin" }, cwd: sub });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("k3d says hi\n");
  });
});
