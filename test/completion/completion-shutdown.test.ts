/**
 * Black-box: a plugin asked to complete (COMPLETE) runs in a session of its own, out of the
 * terminal's reach; a signal to k3dx must end it, and nothing it starts may outlive the
 * question (SPEC §9).
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { appears, endsWithin, exitWithin, killLeftovers, watchPidFile, type WatchedProcess } from "../helpers/processes.ts";
import { createSandbox, K3DX_BINARY, runK3dx, type Sandbox } from "../helpers/sandbox.ts";

let box: Sandbox;
const started: WatchedProcess[] = [];
beforeEach(() => {
  box = createSandbox();
});
afterEach(() => {
  killLeftovers(started);
  box.cleanup();
});

function watch(file: string): WatchedProcess {
  const watched = watchPidFile(join(box.root, file));
  started.push(watched);
  return watched;
}

describe("a plugin asked for completions", () => {
  for (const [signal, status] of [["SIGTERM", 143], ["SIGINT", 130]] as const) {
    test(`${signal} to k3dx alone while the plugin answers: the plugin is ended, k3dx exits ${status} and prints nothing`, async () => {
      box.script("k3d-slow", `echo $$ > "${box.root}/plugin.pid"\nsleep 30\n`);
      const proc = Bun.spawn({ cmd: [K3DX_BINARY, "__complete", "slow", ""], env: box.env, cwd: box.root, stdout: "pipe", stderr: "pipe" });
      expect(await appears(join(box.root, "plugin.pid"))).toBe(true);
      const plugin = watch("plugin.pid");
      proc.kill(signal);
      const stdout = new Response(proc.stdout).text();
      expect(await exitWithin(proc, 5000)).toBe(status);
      expect(await stdout).toBe("");
      expect(await endsWithin(plugin, 2000)).toBe(true);
    });
  }

  test("what it starts in a session of its own does not outlive the question", async () => {
    box.script(
      "k3d-sneaky",
      `setsid sh -c 'echo $$ > "${box.root}/escaped.pid"; exec sleep 60' >/dev/null 2>&1 </dev/null &\n` +
        `while [ ! -s "${box.root}/escaped.pid" ]; do sleep 0.01; done\nprintf 'one\\n:4\\n'\n`,
    );
    const result = await runK3dx(box, ["__complete", "sneaky", ""]);
    expect(result.stdout).toBe("one\n:4\n");
    expect(await endsWithin(watch("escaped.pid"), 2000)).toBe(true);
  });
});
