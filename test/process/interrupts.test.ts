/**
 * The interrupt watcher, in-process: signals are sent to this test process, whose
 * handlers the watcher installs (so the default action, dying, does not happen).
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { interruptSignal, watchInterrupts, type Interrupts } from "../../src/process/interrupts.ts";
import { endsWithin, watchProcess } from "../helpers/processes.ts";
import { createSandbox, type Sandbox } from "../helpers/sandbox.ts";

let box: Sandbox;
let interrupts: Interrupts;
const children: Bun.Subprocess[] = [];
beforeEach(() => {
  box = createSandbox({ withK3d: false });
  interrupts = watchInterrupts();
});
afterEach(() => {
  interrupts.stop();
  for (const child of children.splice(0)) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // Gone.
    }
  }
  box.cleanup();
});

/** A child in a process group of its own that writes the signals it gets to `<name>.log`, and ignores them. */
function stubbornChild(name: string): Bun.Subprocess {
  const log = join(box.root, `${name}.log`);
  const child = Bun.spawn({
    cmd: ["/bin/sh", "-c", `for s in INT TERM HUP; do trap "echo $s >> '${log}'" $s; done; touch '${log}.ready'; while :; do sleep 0.05; done`],
    detached: true,
    stdout: "ignore",
  });
  children.push(child);
  return child;
}

async function ready(name: string): Promise<void> {
  while (!existsSync(join(box.root, `${name}.log.ready`))) await Bun.sleep(10);
}

const signalsOf = (name: string) => (existsSync(join(box.root, `${name}.log`)) ? readFileSync(join(box.root, `${name}.log`), "utf8").trim().split("\n") : []);

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!check() && performance.now() < deadline) await Bun.sleep(10);
}

describe("the first signal", () => {
  test("is remembered with its exit status, aborts questions with its name, and is what downloads see", async () => {
    expect(interruptSignal()).toBe(interrupts.abortSignal);
    process.kill(process.pid, "SIGTERM");
    await until(() => interrupts.received !== undefined);
    expect(interrupts.received).toBe("SIGTERM");
    expect(interrupts.exitStatus()).toBe(143);
    expect(interrupts.abortSignal.aborted).toBe(true);
    expect(interrupts.abortSignal.reason).toBe("SIGTERM");
  });

  test("reaches every tracked group, and a group tracked afterwards at once", async () => {
    const early = stubbornChild("early");
    await ready("early");
    interrupts.track(early.pid);
    process.kill(process.pid, "SIGHUP");
    await until(() => signalsOf("early").length > 0);
    expect(signalsOf("early")).toEqual(["HUP"]);
    const late = stubbornChild("late");
    await ready("late");
    interrupts.track(late.pid);
    await until(() => signalsOf("late").length > 0);
    expect(signalsOf("late")).toEqual(["HUP"]);
  });

  test("an untracked group is left alone", async () => {
    const child = stubbornChild("free");
    await ready("free");
    const untrack = interrupts.track(child.pid);
    untrack();
    process.kill(process.pid, "SIGINT");
    await until(() => interrupts.received !== undefined);
    await Bun.sleep(100);
    expect(signalsOf("free")).toEqual([]);
  });
});

describe("a second signal", () => {
  test("kills what is tracked at once", async () => {
    const child = stubbornChild("deaf");
    await ready("deaf");
    interrupts.track(child.pid);
    process.kill(process.pid, "SIGINT");
    await until(() => signalsOf("deaf").length > 0);
    process.kill(process.pid, "SIGINT");
    expect(await endsWithin(watchProcess(child.pid), 2000)).toBe(true);
  });
});

describe("afterInterrupt: cleanup with a limit of its own", () => {
  test("what the work tracks is exempt from the interrupt, gets SIGKILL at the limit, and the work's abort fires", async () => {
    process.kill(process.pid, "SIGTERM");
    await until(() => interrupts.received !== undefined);
    let aborted: unknown;
    const child = stubbornChild("undo");
    await ready("undo");
    const result = await interrupts.afterInterrupt(300, async (abort) => {
      interrupts.track(child.pid);
      await child.exited;
      aborted = abort.reason;
      return "done";
    });
    expect(result).toBe("done");
    expect(aborted).toBe("time limit");
    // It was not sent the interrupt's SIGTERM: it was started to clean up after it.
    expect(signalsOf("undo")).toEqual([]);
    expect(child.signalCode).toBe("SIGKILL");
  });

  test("another signal ends the work at once", async () => {
    const child = stubbornChild("undo2");
    await ready("undo2");
    const started = performance.now();
    const work = interrupts.afterInterrupt(20_000, async (abort) => {
      interrupts.track(child.pid);
      await child.exited;
      return abort.reason;
    });
    process.kill(process.pid, "SIGINT");
    await until(() => interrupts.received !== undefined);
    process.kill(process.pid, "SIGINT");
    expect(await work).toBe("SIGINT");
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
