/**
 * docs/plugin-authors.md must not drift from k3dx: its plugin.yaml example passes the
 * strict schema, and its worked example, taken out of the page as it is, speaks every
 * protocol the page describes — and works as a PATH plugin through the real dist/k3d.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseHandBack } from "../../src/callable/hand-back.ts";
import { parseMetadataText } from "../../src/plugins/metadata-schema.ts";
import { readCalls } from "../helpers/fake-k3d.ts";
import { createSandbox, REPO_ROOT, runK3dx, type Sandbox } from "../helpers/sandbox.ts";

const page = readFileSync(join(REPO_ROOT, "docs", "plugin-authors.md"), "utf8");

function codeBlock(language: string, marker: string): string {
  const blocks = [...page.matchAll(new RegExp("```" + language + "\\n([\\s\\S]*?)```", "g"))].map((match) => match[1]!);
  const found = blocks.find((block) => block.includes(marker));
  if (!found) throw new Error(`docs/plugin-authors.md has no \`\`\`${language} block containing ${JSON.stringify(marker)}`);
  return found;
}

const EXAMPLE = codeBlock("sh", "# k3d-dev: team-standard dev clusters");

let sandbox: Sandbox;
let plugin: string;
beforeEach(() => {
  sandbox = createSandbox();
  plugin = sandbox.script("k3d-dev", EXAMPLE);
});
afterEach(() => sandbox.cleanup());

async function runPlugin(args: string[], env: Record<string, string>, stdin?: string) {
  const proc = Bun.spawn({
    cmd: [plugin, ...args],
    env: { PATH: "/usr/bin:/bin", ...env },
    stdin: stdin === undefined ? "ignore" : new Blob([stdin]),
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, stdout, stderr };
}

describe("docs/plugin-authors.md", () => {
  test("its plugin.yaml example is valid metadata", () => {
    const metadata = parseMetadataText(codeBlock("yaml", "name: mirror"), { where: "plugin.yaml" });
    expect(metadata).toEqual({
      name: "mirror",
      version: "1.2.0",
      description: "Pull-through image cache shared by every cluster",
      long: "Longer help text.\n",
      command: "mirror",
      hooks: [
        { event: "pre-cluster-create", onError: "fail" },
        { event: "post-cluster-delete", timeout: 60, onError: "warn" },
      ],
      k3d: ">=5.0.0",
    });
  });

  test("the worked example answers INFO with metadata that passes the strict schema", async () => {
    const result = await runPlugin(["metadata"], { K3D_COMMAND: "INFO" });
    expect(result.code).toBe(0);
    expect(parseMetadataText(result.stdout, { where: "`k3d-dev metadata`" })).toEqual({
      name: "dev",
      version: "0.1.0",
      description: "Team-standard dev clusters",
      command: "dev",
      hooks: [{ event: "post-cluster-create", timeout: 30, onError: "warn" }],
    });
  });

  test("the worked example answers COMPLETE in cobra's format", async () => {
    const first = await runPlugin(["__complete", ""], { K3D_COMMAND: "COMPLETE" });
    expect(first).toEqual({ code: 0, stdout: "up\tcreate a dev cluster\nstatus\tlist clusters\n:4\n", stderr: "" });
    const later = await runPlugin(["__complete", "up", ""], { K3D_COMMAND: "COMPLETE" });
    expect(later.stdout).toBe(":4\n");
  });

  test("the worked example, as a hook, reads its context from the environment", async () => {
    const env = { K3D_COMMAND: "EXEC", K3D_CLUSTER: "demo", K3D_DOCKER_NETWORK: "k3d-demo", K3D_DOCKER_CONTROL: "k3d-demo-server-0=172.18.0.2" };
    const result = await runPlugin([], env, '{"event":"post-cluster-create","cluster":{"name":"demo"},"args":[]}\n');
    expect(result).toEqual({
      code: 0,
      stdout: "cluster demo is on docker network k3d-demo\nservers: k3d-demo-server-0=172.18.0.2\n",
      stderr: "",
    });
  });

  test("the worked example hands back the command it documents", async () => {
    const resultFile = join(sandbox.root, "result");
    await Bun.write(resultFile, "");
    const result = await runPlugin(["up", "demo"], { K3D_COMMAND: "CALL", K3D_RESULT: resultFile });
    expect(result.code).toBe(0);
    expect(parseHandBack(readFileSync(resultFile, "utf8"), "k3d-dev")).toEqual(["cluster", "create", "demo", "--agents", "1", "--wait"]);
  });

  test("`k3d dev up demo` through dist/k3d runs the documented `k3d cluster create` on the real k3d", async () => {
    const result = await runK3dx(sandbox, ["dev", "up", "demo"]);
    expect(result.code).toBe(0);
    expect(readCalls(sandbox.state).map((call) => call.argv)).toEqual([["cluster", "create", "demo", "--agents", "1", "--wait"]]);
  });

  test("`k3d dev status` goes straight to the real k3d", async () => {
    const direct = Bun.spawnSync({ cmd: [sandbox.k3d, "cluster", "list"], env: sandbox.env, stdout: "pipe" }).stdout.toString();
    const result = await runK3dx(sandbox, ["dev", "status"]);
    expect(result).toEqual({ code: 0, stdout: direct, stderr: "" });
  });

  test("a wrong verb is the plugin's own usage error, exit 2", async () => {
    const result = await runK3dx(sandbox, ["dev", "bogus"]);
    expect(result).toEqual({ code: 2, stdout: "", stderr: "usage: k3d dev up [NAME] | k3d dev status\n" });
  });
});

/**
 * The contract's worked example (a docker volume per cluster), installed from the page's
 * own script and plugin.yaml, against the stand-in k3d and a docker that knows volumes:
 * each is a file under $FAKE_DOCKER/volumes holding its labels, one `key=value` a line.
 */
describe("docs/plugin-authors.md: the contract's worked example", () => {
  const FAKE_DOCKER = `#!/bin/sh
dir="$FAKE_DOCKER/volumes"; mkdir -p "$dir"
[ "$1" = volume ] || { echo "fake docker: volumes only" >&2; exit 1; }
verb=$2; shift 2
case $verb in
create)
  labels=""
  while [ "$1" = --label ]; do labels="$labels$2
"; shift 2; done
  [ -e "$dir/$1" ] || printf '%s' "$labels" > "$dir/$1"; echo "$1" ;;
inspect)
  format=""; if [ "$1" = --format ]; then format=$2; shift 2; fi
  [ -e "$dir/$1" ] || { echo "Error: No such volume: $1" >&2; exit 1; }
  if [ -z "$format" ]; then echo '[{}]'; exit 0; fi
  key=$(printf '%s' "$format" | sed -n 's/.*index .Labels "\\([^"]*\\)".*/\\1/p')
  sed -n "s/^$key=//p" "$dir/$1" ;;
ls)
  [ "$1 $2" = "-q --filter" ] || exit 1
  for f in "$dir"/*; do [ -e "$f" ] && grep -qx "\${3#label=}" "$f" && echo "\${f##*/}"; done; exit 0 ;;
rm)
  [ -e "$dir/$1" ] || { echo "Error: No such volume: $1" >&2; exit 1; }
  rm "$dir/$1"; echo "$1" ;;
esac
`;
  let box: Sandbox;
  let env: Record<string, string>;
  const volumes = () => Array.from(new Bun.Glob("*").scanSync({ cwd: join(box.root, "docker", "volumes") })).sort();
  const labels = (volume: string) => readFileSync(join(box.root, "docker", "volumes", volume), "utf8");

  beforeEach(async () => {
    box = createSandbox();
    env = { FAKE_DOCKER: join(box.root, "docker") };
    box.script("docker", FAKE_DOCKER);
    const folder = join(box.root, "k3d-storage");
    box.script("k3d-storage", codeBlock("sh", "# k3d-storage: each cluster's local-path storage"), folder);
    await Bun.write(join(folder, "plugin.yaml"), codeBlock("yaml", "name: storage"));
    const install = await runK3dx(box, ["plugin", "install", folder]);
    expect(install.code).toBe(0);
  });
  afterEach(() => box.cleanup());

  test("its plugin.yaml registers all four hooks", () => {
    expect(parseMetadataText(codeBlock("yaml", "name: storage"), { where: "plugin.yaml" }).hooks.map((hook) => hook.event)).toEqual([
      "pre-cluster-create",
      "undo-cluster-create",
      "post-cluster-delete",
      "cluster-gc",
    ]);
  });

  test("create makes a tagged volume and hands it to k3d; delete removes it", async () => {
    expect((await runK3dx(box, ["cluster", "create", "dev"], { env })).code).toBe(0);
    expect(volumes()).toEqual(["k3dx-storage-dev"]);
    expect(labels("k3dx-storage-dev")).toMatch(/^k3dx\.plugin=storage\nk3dx\.cluster=dev\nk3dx\.created=\d+\n$/);
    expect(readCalls(box.state).find((call) => call.argv[1] === "create")!.argv).toEqual(["cluster", "create", "dev", "--volume", "k3dx-storage-dev:/var/lib/rancher/k3s/storage@all"]);
    expect((await runK3dx(box, ["cluster", "delete", "dev"], { env })).code).toBe(0);
    expect(volumes()).toEqual([]);
  });

  test("a create k3d fails: the undo removes the volume; a create of a taken name keeps the live cluster's", async () => {
    const failed = await runK3dx(box, ["cluster", "create", "bad", "--servers", "0"], { env });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("[storage] removed volume k3dx-storage-bad");
    expect(volumes()).toEqual([]);

    await runK3dx(box, ["cluster", "create", "dev"], { env });
    const taken = await runK3dx(box, ["cluster", "create", "dev"], { env });
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain("[storage] cluster dev exists: volume k3dx-storage-dev stays");
    expect(volumes()).toEqual(["k3dx-storage-dev"]);
  });

  test("gc: a volume whose cluster went without k3dx goes (after a dry run), unless it is young enough to be a create's", async () => {
    for (const name of ["dev", "staging"]) await runK3dx(box, ["cluster", "create", name], { env });
    Bun.spawnSync({ cmd: [box.k3d, "cluster", "delete", "dev"], env: box.env });
    const young = await runK3dx(box, ["plugin", "gc"], { env });
    expect(young.stderr).toContain("[storage] volume k3dx-storage-dev: cluster dev is not live, but may still be being created");
    expect(volumes()).toEqual(["k3dx-storage-dev", "k3dx-storage-staging"]);

    await Bun.write(join(box.root, "docker", "volumes", "k3dx-storage-dev"), "k3dx.plugin=storage\nk3dx.cluster=dev\nk3dx.created=1\n");
    const dry = await runK3dx(box, ["plugin", "gc", "--dry-run"], { env });
    expect(dry.stderr).toContain("[storage] would remove volume k3dx-storage-dev");
    expect(volumes()).toEqual(["k3dx-storage-dev", "k3dx-storage-staging"]);
    const gc = await runK3dx(box, ["plugin", "gc"], { env });
    expect(gc.code).toBe(0);
    expect(gc.stderr).toContain("[storage] removed volume k3dx-storage-dev");
    expect(volumes()).toEqual(["k3dx-storage-staging"]);
  });
});
