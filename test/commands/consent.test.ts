/**
 * Black-box: consent before a plugin with hooks is placed (SPEC §9). On a terminal the
 * question is asked, after what the hooks will do; in a pipe nothing is asked and the
 * same text is printed; --yes skips the question.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { consentText } from "../../src/commands/consent.ts";
import { runOnPty } from "../helpers/pty.ts";
import { createSandbox, K3DX_BINARY, runK3dx, type Sandbox } from "../helpers/sandbox.ts";
import { localSource, metadataYaml } from "./plugin-sources.ts";

let box: Sandbox;
beforeEach(() => {
  box = createSandbox();
});
afterEach(() => box.cleanup());

const QUESTION = "Install hello and let it run on these events?";
const hookYaml = "name: hello\nversion: 0.1.0\nhooks:\n  - pre-cluster-create\n  - { event: post-cluster-delete, timeout: 60, onError: warn }\n";
const helloDir = () => join(box.k3dxHome, "plugins", "local", "hello");

describe("on a terminal", () => {
  test("the hooks are shown, then the question; yes installs", async () => {
    const source = localSource(box, "hello", "hello", { yaml: hookYaml });
    const result = await runOnPty(box, ["plugin", "install", source], { answers: [{ after: QUESTION, type: "y" }] });
    expect(result.code).toBe(0);
    const shown = result.screen.indexOf("will run by itself");
    expect(shown).toBeGreaterThanOrEqual(0);
    expect(result.screen.indexOf(QUESTION)).toBeGreaterThan(shown);
    expect(result.screen).toContain("installed hello 0.1.0 from");
    expect(existsSync(helloDir())).toBe(true);
  });

  test("no (the default) leaves nothing installed and exits 1", async () => {
    const source = localSource(box, "hello", "hello", { yaml: hookYaml });
    const result = await runOnPty(box, ["plugin", "install", source], { answers: [{ after: QUESTION, type: "\r" }] });
    expect(result.code).toBe(1);
    expect(result.screen).toContain("k3dx: hello was not installed: its hooks were declined");
    expect(existsSync(join(box.k3dxHome, "plugins"))).toBe(false);
    expect(existsSync(join(box.k3dxHome, "hooks", "pre-cluster-create", "hello"))).toBe(false);
  });

  test("Ctrl-C at the question cancels: nothing installed, exit 130", async () => {
    const source = localSource(box, "hello", "hello", { yaml: hookYaml });
    const result = await runOnPty(box, ["plugin", "install", source], { answers: [{ after: QUESTION, type: "\x03" }] });
    expect(result.code).toBe(130);
    expect(result.screen).toContain("k3dx: cancelled: nothing more was installed");
    expect(existsSync(join(box.k3dxHome, "plugins"))).toBe(false);
  });

  test("--yes asks nothing; a plugin without hooks is not asked about", async () => {
    const source = localSource(box, "hello", "hello", { yaml: hookYaml });
    const yes = await runOnPty(box, ["plugin", "install", "--yes", source]);
    expect(yes.code).toBe(0);
    expect(yes.screen).toContain("will run by itself");
    expect(yes.screen).not.toContain(QUESTION);
    const plain = localSource(box, "plain", "plain", { yaml: metadataYaml("plain", "1.0.0") });
    const quiet = await runOnPty(box, ["plugin", "install", plain]);
    expect(quiet.code).toBe(0);
    expect(quiet.screen).not.toContain("will run by itself");
  });

  test("a plugin that could not be placed anyway is refused before it is asked about", async () => {
    const source = localSource(box, "hello", "hello", { yaml: hookYaml });
    expect((await runK3dx(box, ["plugin", "install", source])).code).toBe(0);
    const other = localSource(box, "hello-again", "hello", { yaml: hookYaml.replace("0.1.0", "0.2.0") });
    const result = await runOnPty(box, ["plugin", "install", other], { answers: [{ after: QUESTION, type: "y" }] });
    expect(result.code).toBe(1);
    expect(result.screen).toContain("k3dx: hello is already installed in");
    expect(result.screen).not.toContain(QUESTION);
  });

  test("several plugins are asked about one at a time, in the order given", async () => {
    const first = localSource(box, "hello", "hello", { yaml: hookYaml });
    const second = localSource(box, "bye", "bye", { yaml: "name: bye\nhooks: [post-cluster-create]\n" });
    const result = await runOnPty(box, ["plugin", "install", first, second], {
      answers: [
        { after: QUESTION, type: "n" },
        { after: "Install bye and let it run on these events?", type: "y" },
      ],
    });
    expect(result.code).toBe(1);
    expect(result.screen).toContain("2 plugins: 1 installed, 1 declined");
    expect(existsSync(join(box.k3dxHome, "plugins", "local", "bye"))).toBe(true);
    expect(existsSync(helloDir())).toBe(false);
  });
});

describe("the terminal goes away while the question waits", () => {
  test("k3dx ends at once (no process left spinning on a dead terminal), and nothing is installed", async () => {
    const source = localSource(box, "hello", "hello", { yaml: hookYaml });
    let screen = "";
    const decoder = new TextDecoder();
    const proc = Bun.spawn([K3DX_BINARY, "plugin", "install", source], {
      cwd: box.root,
      env: { ...box.env, TERM: "xterm-256color" },
      terminal: { cols: 120, rows: 40, data: (_terminal, data) => void (screen += decoder.decode(data, { stream: true })) },
    });
    for (let i = 0; i < 200 && !screen.includes(QUESTION); i++) await Bun.sleep(25);
    expect(screen).toContain(QUESTION);
    // The terminal window is closed: the pty's other end goes away.
    proc.terminal!.close();
    const ended = await Promise.race([proc.exited.then(() => true), Bun.sleep(10_000).then(() => false)]);
    if (!ended) proc.kill("SIGKILL");
    expect(ended).toBe(true);
    expect(proc.exitCode === 0).toBe(false);
    expect(existsSync(helloDir())).toBe(false);
  });
});

describe("stdout is not the terminal, stdin and stderr are", () => {
  test("`install … | tee log` still asks, on stderr; the log gets the result only", async () => {
    const source = localSource(box, "hello", "hello", { yaml: hookYaml });
    const log = join(box.root, "log");
    const declined = await runOnPty(box, ["plugin", "install", source], { shell: `"$@" | tee ${log}`, answers: [{ after: QUESTION, type: "n" }] });
    expect(declined.screen).toContain(QUESTION);
    expect(declined.screen).toContain("k3dx: hello was not installed: its hooks were declined");
    expect(existsSync(helloDir())).toBe(false);
    expect(readFileSync(log, "utf8")).toBe("");

    const accepted = await runOnPty(box, ["plugin", "install", source], { shell: `"$@" | tee ${log}`, answers: [{ after: QUESTION, type: "y" }] });
    expect(accepted.screen).toContain(QUESTION);
    expect(existsSync(helloDir())).toBe(true);
    const logged = readFileSync(log, "utf8");
    expect(logged).toStartWith("installed hello 0.1.0 from");
    expect(logged).not.toContain(QUESTION);
  });
});

describe("a terminal that reports no size", () => {
  test("0 columns: the question is drawn 80 wide, not a character a line", async () => {
    const source = localSource(box, "hello", "hello", { yaml: hookYaml });
    const result = await runOnPty(box, ["plugin", "install", source], { shell: `stty cols 0 rows 0 && exec "$@"`, answers: [{ after: QUESTION, type: "y" }] });
    expect(result.screen).toContain(QUESTION);
    expect(result.code).toBe(0);
    expect(existsSync(helloDir())).toBe(true);
  });
});

describe("not on a terminal", () => {
  test("no question: the same text on stderr, and the plugin is installed", async () => {
    const source = localSource(box, "hello", "hello", { yaml: hookYaml });
    const result = await runK3dx(box, ["plugin", "install", source]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      [
        `k3dx: hello 0.1.0 (from ${join(box.root, "src", "hello")}) will run by itself, without being called:`,
        "k3dx:   pre-cluster-create   before every 'k3d cluster create'; up to 300 s; if it fails, the create does not run",
        "k3dx:   post-cluster-delete  after every successful 'k3d cluster delete'; up to 60 s; if it fails, a warning (onError: warn)",
        "",
      ].join("\n"),
    );
    expect(result.stdout).not.toContain(QUESTION);
    expect(existsSync(helloDir())).toBe(true);
  });
});

describe("consentText", () => {
  const plugin = (hooks: { event: "pre-cluster-create" | "undo-cluster-create" | "cluster-gc" | "post-cluster-start"; timeout?: number; onError: "fail" | "warn" }[]) => ({
    metadata: { name: "x", command: "x", hooks },
    receipt: undefined,
    dir: "/store/x",
    executable: undefined,
  });

  test("the cleanup events are told as what they are: when they fire, and that no exit status changes", () => {
    expect(consentText(plugin([{ event: "undo-cluster-create", onError: "fail" }, { event: "cluster-gc", onError: "fail" }]), 300)).toEqual([
      "x (from /store/x) will run by itself, without being called:",
      "  undo-cluster-create  after a 'k3d cluster create' that did not complete; up to 300 s; if it fails, it is reported; the create keeps its exit status",
      "  cluster-gc           on 'k3d plugin gc', and after every successful 'k3d cluster delete'; up to 300 s; if it fails, it is reported; a delete keeps its exit status, 'k3d plugin gc' exits 1",
    ]);
    expect(consentText(plugin([{ event: "cluster-gc", onError: "warn" }]), 300)[1]).toEndWith("if it fails, a warning (onError: warn); no exit status changes");
  });

  test("a timeout longer than 24 days is shown as the 24 days that apply", () => {
    expect(consentText(plugin([{ event: "post-cluster-start", timeout: 1e300, onError: "fail" }]), 300)[1]).toBe(
      "  post-cluster-start  after every successful 'k3d cluster start'; up to 2073600 s; if it fails, 'k3d cluster start' exits 1",
    );
  });

  test("tells the truth about onError: warn on a pre- event, and K3DX_HOOK_TIMEOUT", () => {
    const plugin = {
      metadata: { name: "x", command: "x", hooks: [{ event: "pre-cluster-start" as const, onError: "warn" as const }, { event: "post-cluster-stop" as const, onError: "fail" as const }] },
      receipt: undefined,
      dir: "/store/x",
      executable: undefined,
    };
    expect(consentText(plugin, 45)).toEqual([
      "x (from /store/x) will run by itself, without being called:",
      "  pre-cluster-start  before every 'k3d cluster start'; up to 45 s; if it fails, the start does not run (its onError: warn has no effect on a pre- event)",
      "  post-cluster-stop  after every successful 'k3d cluster stop'; up to 45 s; if it fails, 'k3d cluster stop' exits 1",
    ]);
  });
});
