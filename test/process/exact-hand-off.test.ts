/**
 * Black-box: what k3d and plugins get through dist/k3d is what they would get from the
 * shell — every descriptor the caller passed, argv and environment byte for byte with the
 * kernel's own size limit, and a config k3dx had to read from a stream handed back
 * (README "What k3dx guarantees", SPEC §9). The caller here is bash, which can pass
 * descriptors and raw bytes that Bun.spawn cannot.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readCalls } from "../helpers/fake-k3d.ts";
import { createSandbox, K3DX_BINARY, type Sandbox } from "../helpers/sandbox.ts";

let box: Sandbox;
afterEach(() => box.cleanup());

/** Runs `script` in bash with $K3DX as the wrapper, in the sandbox's environment. */
async function bash(script: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const proc = Bun.spawn({
    cmd: ["/bin/bash", "-c", script],
    env: { ...box.env, K3DX: K3DX_BINARY, ...env },
    cwd: box.root,
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, stdout, stderr };
}

/**
 * A program that records, in `<root>/<tag>.*`: its argv NUL-separated, its environment
 * as the kernel gave it, the numbers of its open descriptors, and what fd 5 holds.
 */
function recorder(name: string, tag: string, folder = box.bin): string {
  return box.script(
    name,
    `out="${box.root}/${tag}"
for a in "$@"; do printf '%s\\0' "$a"; done > "$out.argv"
cat /proc/$$/environ > "$out.environ"
ls /proc/$$/fd > "$out.fds"
if [ -e /proc/$$/fd/5 ]; then cat /proc/$$/fd/5 > "$out.fd5"; fi
echo recorded
`,
    folder,
  );
}

const read = (tag: string, what: string) => readFileSync(join(box.root, `${tag}.${what}`));
const fdsOf = (tag: string) => read(tag, "fds").toString().split("\n").filter(Boolean).map(Number);
const environOf = (tag: string) => read(tag, "environ").toString("latin1").split("\0");

describe.if(process.platform === "linux")("descriptors the caller passed", () => {
  beforeEach(() => {
    box = createSandbox({ withK3d: false });
    writeFileSync(join(box.root, "secret"), "fd five\n");
  });

  test("reach k3d: `5<file` and a process substitution, also with K3DX_NO_PLUGINS=1", async () => {
    recorder("k3d", "k3d");
    for (const env of [{}, { K3DX_NO_PLUGINS: "1" }] as Record<string, string>[]) {
      const run = await bash(`exec "$K3DX" version --config <(echo hi) 5<secret`, env);
      expect(run.code).toBe(0);
      expect(read("k3d", "fd5").toString()).toBe("fd five\n");
      expect(fdsOf("k3d")).toContain(63);
      expect(read("k3d", "argv").toString()).toBe("version\0--config\0/dev/fd/63\0");
    }
  });

  test("reach a plugin (a child of k3dx, not an exec)", async () => {
    recorder("k3d-probe", "plugin");
    const run = await bash(`exec "$K3DX" probe <(echo hi) 5<secret`);
    expect(run.code).toBe(0);
    expect(read("plugin", "fd5").toString()).toBe("fd five\n");
    expect(fdsOf("plugin")).toContain(63);
  });

  test("reach the k3d that runs between hooks; hooks themselves do not get them", async () => {
    recorder("k3d", "k3d");
    recorder("hook", "hook", join(box.k3dxHome, "hooks", "pre-cluster-create"));
    const run = await bash(`exec "$K3DX" cluster create dev 5<secret`);
    expect(run.stderr).toContain("pre-cluster-create hook ok");
    expect(read("k3d", "fd5").toString()).toBe("fd five\n");
    expect(fdsOf("hook")).not.toContain(5);
  });

  test("k3d has exactly the descriptors it has when the shell runs it alone: none of k3dx's own leak", async () => {
    const k3d = recorder("k3d", "k3d");
    await bash(`"${k3d}" version 5<secret`);
    const alone = fdsOf("k3d");
    await bash(`exec "$K3DX" version 5<secret`);
    expect(fdsOf("k3d")).toEqual(alone);
  });
});

describe.if(process.platform === "linux")("bytes that are not UTF-8", () => {
  beforeEach(() => (box = createSandbox({ withK3d: false })));

  const oddEnv = `export KUBECONFIG=$'/home/j\\xf6rg/k'; export $'ODD\\xffNAME=1'`;

  test("an environment value and a variable's name reach k3d byte for byte", async () => {
    recorder("k3d", "k3d");
    const run = await bash(`${oddEnv}; exec env $'ODD\\xffNAME=1' "$K3DX" version`);
    expect(run.code).toBe(0);
    const environ = environOf("k3d");
    expect(environ).toContain("KUBECONFIG=/home/j\xf6rg/k");
    expect(environ).toContain("ODD\xffNAME=1");
  });

  test("and reach a plugin, with its K3D_* variables added", async () => {
    recorder("k3d-probe", "plugin");
    const run = await bash(`export KUBECONFIG=$'/home/j\\xf6rg/k'; exec env $'ODD\\xffNAME=1' "$K3DX" probe $'a\\xffb' 5<&0`);
    expect(run.code).toBe(0);
    const environ = environOf("plugin");
    expect(environ).toContain("KUBECONFIG=/home/j\xf6rg/k");
    expect(environ).toContain("ODD\xffNAME=1");
    expect(environ).toContain("K3D_COMMAND=CALL");
    expect(read("plugin", "argv").toString("latin1")).toBe("a\xffb\0");
    expect(fdsOf("plugin")).toContain(5);
  });

  test("and reach the k3d that runs between hooks", async () => {
    recorder("k3d", "k3d");
    box.script("hook", "#!/bin/sh\n", join(box.k3dxHome, "hooks", "pre-cluster-create"));
    const run = await bash(`export KUBECONFIG=$'/home/j\\xf6rg/k'; exec "$K3DX" cluster create dev --k3s-node-label $'a\\xffb'`);
    expect(run.code).toBe(0);
    expect(environOf("k3d")).toContain("KUBECONFIG=/home/j\xf6rg/k");
    expect(read("k3d", "argv").toString("latin1")).toBe("cluster\0create\0dev\0--k3s-node-label\0a\xffb\0");
  });

  test("a plugin hands such a byte back as a \\udcXX escape in JSON, and k3d gets the byte", async () => {
    recorder("k3d", "k3d");
    box.script("k3d-back", `#!/bin/sh\nprintf '{"args": ["version", "a\\\\udcffb"]}' > "$K3D_RESULT"\n`);
    const run = await bash(`exec "$K3DX" back`);
    expect(run.code).toBe(0);
    expect(read("k3d", "argv").toString("latin1")).toBe("version\0a\xffb\0");
  });

  test("40 KB of arguments plus one such byte run as they would with k3d alone (no E2BIG)", async () => {
    recorder("k3d", "k3d");
    recorder("k3d-probe", "plugin");
    const big = "x".repeat(120 * 1024);
    writeFileSync(join(box.root, "big"), big);
    for (const [noun, tag] of [["version", "k3d"], ["probe", "plugin"]] as const) {
      const run = await bash(`exec "$K3DX" ${noun} --x "$(cat big)" $'\\xff' "$(cat big)"`);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      const argv = read(tag, "argv");
      const expected = Buffer.concat([Buffer.from(noun === "version" ? "version\0--x\0" : "--x\0"), Buffer.from(big + "\0"), Buffer.from([0xff, 0]), Buffer.from(big + "\0")]);
      expect(argv.equals(expected)).toBe(true);
    }
  });

  test("hooks see such bytes as \\udcXX escapes in K3D_ARGS and the stdin JSON", async () => {
    box = createSandbox();
    const log = join(box.root, "hook-log");
    mkdirSync(log);
    box.script("seen", `#!/bin/sh\nprintf '%s' "$K3D_ARGS" > "${log}/args"\ncat > "${log}/stdin"\n`, join(box.k3dxHome, "hooks", "pre-cluster-create"));
    const run = await bash(`exec "$K3DX" cluster create dev --k3s-node-label $'a\\xffb'`);
    expect(run.code).toBe(0);
    const args = JSON.parse(readFileSync(join(log, "args"), "utf8")) as string[];
    expect(readFileSync(join(log, "args"), "utf8")).toContain("a\\udcffb");
    expect(args.at(-1)).toBe("a\udcffb");
    expect((JSON.parse(readFileSync(join(log, "stdin"), "utf8")) as { args: string[] }).args.at(-1)).toBe("a\udcffb");
    // And k3d got the byte itself.
    expect(readCalls(box.state).find((call) => call.argv[1] === "create")).toBeDefined();
  });
});

describe.if(process.platform === "linux")("a config read from a stream, with a hook installed", () => {
  beforeEach(() => {
    box = createSandbox();
    box.script("named", `#!/bin/sh\necho "$K3D_CLUSTER" >> "${box.root}/named"\n`, join(box.k3dxHome, "hooks", "pre-cluster-create"));
  });
  const config = "apiVersion: k3d.io/v1alpha5\\nkind: Simple\\nmetadata:\\n  name: streamed\\n";
  const named = () => readFileSync(join(box.root, "named"), "utf8");

  test("<(…): the hook learns the name, and k3d still reads the same bytes", async () => {
    const run = await bash(`exec "$K3DX" cluster create --config <(printf '${config}')`);
    expect(run.code).toBe(0);
    expect(named()).toBe("streamed\n");
    expect(existsSync(join(box.state, "clusters", "streamed.json"))).toBe(true);
  });

  test("a named FIFO: read once by k3dx, written again for k3d (which would otherwise hang)", async () => {
    const fifo = join(box.root, "config.fifo");
    Bun.spawnSync(["mkfifo", fifo]);
    const run = await bash(`(printf '${config}' > '${fifo}' &); exec timeout 20 "$K3DX" cluster create -c '${fifo}'`);
    expect(run.code).toBe(0);
    expect(named()).toBe("streamed\n");
    expect(existsSync(join(box.state, "clusters", "streamed.json"))).toBe(true);
  });

  test("K3D_CONFIG naming a stream works the same", async () => {
    const run = await bash(`K3D_CONFIG=<(printf '${config}') exec "$K3DX" cluster create`);
    expect(run.code).toBe(0);
    expect(named()).toBe("streamed\n");
    expect(existsSync(join(box.state, "clusters", "streamed.json"))).toBe(true);
  });

  test("a stream k3d will refuse still reaches k3d, which says why", async () => {
    const run = await bash(`exec "$K3DX" cluster create --config <(printf 'kind: [')`);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("k3dx: k3d will refuse config file /dev/fd/63: it is not valid YAML");
    expect(run.stderr).toContain("Failed to read config file /dev/fd/63");
    expect(existsSync(join(box.root, "named"))).toBe(false);
  });
});

describe.if(process.platform === "linux" && Bun.which("cc") !== null)("argv[0]", () => {
  beforeEach(() => (box = createSandbox({ withK3d: false })));

  test("is what the user typed, as the shell gives it to k3d alone (k3d prints it in its advice)", async () => {
    // A script's argv[0] is replaced by its path: only a binary sees the one it was given.
    const source = join(box.root, "argv0.c");
    writeFileSync(source, '#include <stdio.h>\nint main(int c, char **v) { printf("%s\\n", v[0]); return 0; }\n');
    expect(Bun.spawnSync(["cc", "-o", join(box.bin, "k3d"), source]).exitCode).toBe(0);
    const link = join(box.root, "wrapper", "k3d");
    mkdirSync(join(box.root, "wrapper"));
    Bun.spawnSync(["ln", "-s", K3DX_BINARY, link]);
    const run = await bash(`PATH="${join(box.root, "wrapper")}:$PATH" k3d version`);
    expect(run.stdout).toBe("k3d\n");
  });
});

describe.if(process.platform === "linux")("a failed exec", () => {
  beforeEach(() => (box = createSandbox({ withK3d: false })));

  test("is one k3dx line, without Bun's ExperimentalWarning", async () => {
    const k3d = join(box.bin, "k3d");
    writeFileSync(k3d, "not a program\n", { mode: 0o755 });
    const run = await bash(`exec "$K3DX" version`);
    expect(run.code).toBe(126);
    expect(run.stderr).toBe(`k3dx: cannot run ${k3d}: not an executable format (a script needs a #! line)\n`);
  });
});
