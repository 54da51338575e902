/** Firing one event, in-process: what the lines of its hooks look like. */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { join } from "node:path";
import { fireEvent } from "../../src/hooks/fire-event.ts";
import type { LineSink } from "../../src/hooks/hook-output.ts";
import { watchInterrupts } from "../../src/process/interrupts.ts";
import type { RegisteredHook } from "../../src/hooks/registered-hooks.ts";
import { absentClusterContext } from "../../src/k3d/cluster-context.ts";
import type { LifecycleEvent } from "../../src/plugins/types.ts";
import { createSandbox, type Sandbox } from "../helpers/sandbox.ts";

let box: Sandbox;
beforeEach(() => (box = createSandbox({ withK3d: false })));
afterEach(() => box.cleanup());

function hook(event: LifecycleEvent, name: string): RegisteredHook {
  const path = box.script(name, "echo hello\n", join(box.k3dxHome, "hooks", event));
  return { event, name, path, target: path, timeoutSeconds: 10, onError: "fail", warnIgnored: false, plugin: undefined, pluginDir: box.root };
}

/** Fires `event` with coloured prefixes; resolves to the text k3dx would write. */
async function fireColoured(event: LifecycleEvent, hooks: RegisteredHook[]): Promise<string> {
  let written = "";
  const sink: LineSink = {
    async write(data) {
      written += typeof data === "string" ? data : new TextDecoder().decode(data);
    },
  };
  const interrupts = watchInterrupts();
  try {
    const setting = { event, args: ["cluster", "create", "dev"], env: box.env, k3dBinary: "", wrapperPath: "", k3dVersion: "", depth: 0, collectArgs: false };
    await fireEvent(hooks, [absentClusterContext("dev")], setting, { sink, interrupts, stop: interrupts.abortSignal, colour: true, resultRoots: [box.env.TMPDIR!] });
  } finally {
    interrupts.stop();
  }
  return written;
}

test("a hook's prefix keeps its colour from the pre- to the post- phase, whatever other hooks run", async () => {
  const pre = await fireColoured("pre-cluster-create", [hook("pre-cluster-create", "aardvark"), hook("pre-cluster-create", "mirror")]);
  const post = await fireColoured("post-cluster-create", [hook("post-cluster-create", "mirror")]);
  const colourOf = (output: string) => /^(.*)\[mirror\]\u001b\[0m hello$/m.exec(output)?.[1];
  expect(colourOf(pre)).toMatch(/^\u001b\[\d+m$/);
  expect(colourOf(post)).toBe(colourOf(pre));
});
