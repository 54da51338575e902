/**
 * Black-box, in a real bash: `source <(k3d completion bash)`, then press Tab (COMP_LINE,
 * COMP_POINT, COMP_WORDS and COMP_CWORD set, the registered function called) and read
 * COMPREPLY. The stand-in prints a script shaped like real k3d's (cobra's legacy bash
 * script, which knows k3d's nouns statically), so this shows the plugin nouns reach bash
 * through k3dx's addition, and that k3d's own completion still works beside it.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeCluster } from "../helpers/fake-k3d.ts";
import { createSandbox, K3DX_BINARY, runK3dx, type Sandbox } from "../helpers/sandbox.ts";
import { answering, installIntoStore } from "./plugin-store.ts";

let box: Sandbox;
/** PATH with the wrapper installed as `k3d` before the stand-in, as a user sets it up. */
let pathWithWrapper: string;

beforeEach(() => {
  box = createSandbox();
  const wrapperBin = join(box.root, "wrapper-bin");
  mkdirSync(wrapperBin);
  symlinkSync(K3DX_BINARY, join(wrapperBin, "k3d"));
  pathWithWrapper = `${wrapperBin}:${box.env.PATH}`;
  installIntoStore(box, { name: "mirror", description: "Image cache", body: answering(["status\tShow the cache", "start\tStart it"], 4) });
  box.script("k3d-hello", "echo hi\n");
  writeCluster(box.state, "dev");
  writeCluster(box.state, "prod");
});
afterEach(() => box.cleanup());

/** Runs bash with `script` sourced, presses Tab after each line, and returns each COMPREPLY, sorted. */
async function pressTab(script: string, lines: string[]): Promise<string[][]> {
  const scriptFile = join(box.root, "k3d-completion.bash");
  writeFileSync(scriptFile, script);
  const driver = `
source ${JSON.stringify(scriptFile)}
complete_line() {
    COMP_LINE=$1
    COMP_POINT=\${#COMP_LINE}
    read -ra COMP_WORDS <<< "$COMP_LINE"
    [[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
    COMP_TYPE=9
    COMPREPLY=()
    local fn
    fn=$(complete -p k3d | sed -E 's/.*-F ([^ ]+) .*/\\1/')
    "$fn" k3d "\${COMP_WORDS[COMP_CWORD]}" "\${COMP_WORDS[COMP_CWORD-1]}" 2>/dev/null
    printf '%s\\n' "\${COMPREPLY[@]}" | sort
    echo "--"
}
${lines.map((line) => `complete_line ${JSON.stringify(line)}`).join("\n")}
`;
  const proc = Bun.spawn({
    cmd: ["bash", "--norc", "--noprofile", "-c", driver],
    env: { ...box.env, PATH: pathWithWrapper },
    cwd: box.root,
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  expect(stderr).toBe("");
  expect(code).toBe(0);
  const replies = stdout.split("--\n").slice(0, -1);
  return replies.map((reply) => reply.split("\n").filter((line) => line !== ""));
}

describe("bash completion", () => {
  test("the script is k3d's own, with k3dx's addition after it", async () => {
    const k3dOnly = await runK3dx(box, ["completion", "bash"], { env: { K3DX_NO_PLUGINS: "1" } });
    const withPlugins = await runK3dx(box, ["completion", "bash"]);
    expect(withPlugins.code).toBe(0);
    expect(withPlugins.stdout.startsWith(k3dOnly.stdout)).toBe(true);
    expect(withPlugins.stdout.length).toBeGreaterThan(k3dOnly.stdout.length);
    expect(k3dOnly.stdout).toContain("complete -o default -F __start_k3d k3d");
  });

  test("completing the first word offers `plugin` and every plugin noun beside k3d's nouns", async () => {
    const { stdout } = await runK3dx(box, ["completion", "bash"]);
    const [first, partial] = await pressTab(stdout, ["k3d ", "k3d mi"]);
    expect(first).toEqual(["cluster", "completion", "config", "hello", "help", "image", "kubeconfig", "mirror", "node", "plugin", "registry", "version"]);
    expect(partial).toEqual(["mirror"]);
  });

  test("a plugin noun is completed by the plugin; `plugin …` by k3dx", async () => {
    const { stdout } = await runK3dx(box, ["completion", "bash"]);
    const replies = await pressTab(stdout, ["k3d mirror ", "k3d mirror sta", "k3d plugin re", "k3d plugin info ", "k3d plugin list --output=j", "k3d --verbose pl"]);
    expect(replies).toEqual([["start", "status"], ["start", "status"], ["remove"], ["mirror"], ["json"], ["plugin"]]);
  });

  test("a plugin name of several words is completed word by word", async () => {
    box.script("k3d-hello-world", "echo hi\n");
    box.script("k3d-foo-bar", "echo hi\n");
    const { stdout } = await runK3dx(box, ["completion", "bash"]);
    expect(await pressTab(stdout, ["k3d foo ", "k3d hello w"])).toEqual([["bar"], ["world"]]);
  });

  test("k3d's own nouns are completed by k3d's script, as before", async () => {
    const { stdout } = await runK3dx(box, ["completion", "bash"]);
    const replies = await pressTab(stdout, ["k3d cluster st", "k3d cluster start ", "k3d reg ", "k3d --"]);
    expect(replies).toEqual([
      ["start", "stop"],
      ["dev", "prod"],
      ["create", "delete", "list"],
      ["--help", "--timestamps", "--trace", "--verbose", "--version"],
    ]);
  });

  test("k3d's script alone knows nothing of plugins: why k3dx adds to it", async () => {
    const { stdout } = await runK3dx(box, ["completion", "bash"], { env: { K3DX_NO_PLUGINS: "1" } });
    const [first] = await pressTab(stdout, ["k3d "]);
    expect(first).toEqual(["cluster", "completion", "config", "help", "image", "kubeconfig", "node", "registry", "version"]);
  });
});

describe("the other shells", () => {
  test.each(["zsh", "fish", "powershell", "psh"])("`completion %s` is real k3d's script, byte for byte", async (shell) => {
    const wrapped = await runK3dx(box, ["completion", shell]);
    const direct = Bun.spawnSync({ cmd: [box.k3d, "completion", shell], env: box.env });
    expect(wrapped.code).toBe(0);
    expect(wrapped.stdout).toBe(direct.stdout.toString());
    expect(wrapped.stdout).toMatch(/__complete/);
  });
});
