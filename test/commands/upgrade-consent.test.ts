/**
 * Black-box: `k3d plugin upgrade` and consent. A new version whose hooks differ from the
 * installed one's (new events, another timeout or onError) is shown as install shows it,
 * and asked about on a terminal; No keeps the installed version as it was. An upgrade
 * that keeps its hooks asks nothing.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { startGithubServer, type GithubServer } from "../fixtures/github-server.ts";
import { runOnPty } from "../helpers/pty.ts";
import { createSandbox, runK3dx, type Sandbox } from "../helpers/sandbox.ts";
import { metadataYaml, release } from "./plugin-sources.ts";

let box: Sandbox;
let server: GithubServer;
beforeEach(() => {
  box = createSandbox();
  server = startGithubServer({ releases: [release("acme", "mirror", "v1.0.0", metadataYaml("mirror", "1.0.0"))] });
  Object.assign(box.env, { K3DX_GITHUB_API: server.apiUrl, K3DX_OS: "linux", K3DX_ARCH: "amd64" });
});
afterEach(async () => {
  await server.stop();
  box.cleanup();
});

const QUESTION = "Upgrade mirror to 1.1.0 and let it run on these events?";
const mirrorDir = () => join(box.k3dxHome, "plugins", "acme", "k3d-mirror");
const receiptOf = () => Bun.YAML.parse(readFileSync(join(mirrorDir(), "receipt.yaml"), "utf8")) as Record<string, unknown>;
const publishWithHooks = (hooks: string[]) => server.releases.push(release("acme", "mirror", "v1.1.0", metadataYaml("mirror", "1.1.0", hooks)));

describe("an upgrade that adds hooks", () => {
  test("in a pipe: the hooks are listed on stderr, new ones named, and the upgrade goes ahead", async () => {
    expect((await runK3dx(box, ["plugin", "install", "acme/k3d-mirror"])).code).toBe(0);
    publishWithHooks(["pre-cluster-create", "cluster-gc"]);
    const result = await runK3dx(box, ["plugin", "upgrade", "mirror"]);
    expect(result).toEqual({
      code: 0,
      stdout: "upgraded mirror 1.0.0 -> 1.1.0\n",
      stderr: [
        "k3dx: mirror 1.1.0 (from acme/k3d-mirror) will run by itself, without being called:",
        "k3dx:   pre-cluster-create  before every 'k3d cluster create'; up to 300 s; if it fails, the create does not run",
        "k3dx:   cluster-gc          on 'k3d plugin gc', and after every successful 'k3d cluster delete'; up to 300 s; if it fails, it is reported; a delete keeps its exit status, 'k3d plugin gc' exits 1",
        "k3dx:   new or changed since mirror 1.0.0: pre-cluster-create, cluster-gc",
        "",
      ].join("\n"),
    });
  });

  test("on a terminal, No keeps the installed version and its (absent) hooks; the staged one is gone", async () => {
    expect((await runK3dx(box, ["plugin", "install", "acme/k3d-mirror"])).code).toBe(0);
    publishWithHooks(["pre-cluster-create", "cluster-gc"]);
    const result = await runOnPty(box, ["plugin", "upgrade", "mirror"], { answers: [{ after: QUESTION, type: "n" }] });
    expect(result.code).toBe(1);
    expect(result.screen).toContain("k3dx: mirror was not upgraded to 1.1.0: its hooks were declined; mirror 1.0.0 stays installed as it was");
    expect(result.screen).not.toContain("upgraded mirror");
    expect(receiptOf()).toMatchObject({ tag: "v1.0.0" });
    expect(existsSync(join(box.k3dxHome, "hooks", "pre-cluster-create", "mirror"))).toBe(false);
    expect(readdirSync(join(box.k3dxHome, "plugins", "acme"))).toEqual(["k3d-mirror"]);
  });

  test("on a terminal, Yes upgrades; --all asks too; --yes (-y) asks nothing", async () => {
    expect((await runK3dx(box, ["plugin", "install", "acme/k3d-mirror"])).code).toBe(0);
    publishWithHooks(["pre-cluster-create"]);
    const asked = await runOnPty(box, ["plugin", "upgrade", "--all"], { answers: [{ after: QUESTION, type: "y" }] });
    expect(asked.code).toBe(0);
    expect(asked.screen).toContain("upgraded mirror 1.0.0 -> 1.1.0");
    expect(receiptOf()).toMatchObject({ tag: "v1.1.0" });

    server.releases.push(release("acme", "mirror", "v1.2.0", metadataYaml("mirror", "1.2.0", ["pre-cluster-create", "post-cluster-delete"])));
    const yes = await runOnPty(box, ["plugin", "upgrade", "mirror", "-y"]);
    expect(yes.code).toBe(0);
    expect(yes.screen).toContain("will run by itself");
    expect(yes.screen).toContain("new or changed since mirror 1.1.0: post-cluster-delete");
    expect(yes.screen).not.toContain("let it run on these events?");
    expect(yes.screen).toContain("upgraded mirror 1.1.0 -> 1.2.0");
  });

  test("Ctrl-C at the question stops the whole command: exit 130, nothing upgraded", async () => {
    expect((await runK3dx(box, ["plugin", "install", "acme/k3d-mirror"])).code).toBe(0);
    publishWithHooks(["pre-cluster-create"]);
    const result = await runOnPty(box, ["plugin", "upgrade", "mirror"], { answers: [{ after: QUESTION, type: "\x03" }] });
    expect(result.code).toBe(130);
    expect(result.screen).toContain("k3dx: cancelled: nothing more was upgraded");
    expect(receiptOf()).toMatchObject({ tag: "v1.0.0" });
  });
});

describe("an upgrade whose hooks differ only in their settings", () => {
  test("another timeout is asked about", async () => {
    server.releases[0] = release("acme", "mirror", "v1.0.0", metadataYaml("mirror", "1.0.0", ["{ event: post-cluster-delete, timeout: 60 }"]));
    expect((await runK3dx(box, ["plugin", "install", "acme/k3d-mirror"])).code).toBe(0);
    publishWithHooks(["{ event: post-cluster-delete, timeout: 600 }"]);
    const result = await runOnPty(box, ["plugin", "upgrade", "mirror"], { answers: [{ after: QUESTION, type: "y" }] });
    expect(result.code).toBe(0);
    expect(result.screen).toContain("post-cluster-delete  after every successful 'k3d cluster delete'; up to 600 s");
    expect(result.screen).toContain("new or changed since mirror 1.0.0: post-cluster-delete");
  });
});

describe("an upgrade that keeps its hooks", () => {
  test("asks nothing and lists nothing, on a terminal or not", async () => {
    server.releases[0] = release("acme", "mirror", "v1.0.0", metadataYaml("mirror", "1.0.0", ["pre-cluster-create", "{ event: post-cluster-delete, onError: warn }"]));
    expect((await runK3dx(box, ["plugin", "install", "acme/k3d-mirror"])).code).toBe(0);
    publishWithHooks(["{ event: post-cluster-delete, onError: warn }", "pre-cluster-create"]);
    const result = await runOnPty(box, ["plugin", "upgrade", "mirror"]);
    expect(result.code).toBe(0);
    expect(result.screen).not.toContain("will run by itself");
    expect(result.screen).toContain("upgraded mirror 1.0.0 -> 1.1.0");
  });
});
