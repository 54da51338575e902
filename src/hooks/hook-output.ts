/**
 * Hook output on k3dx's stderr: every line of a hook's stdout and stderr, prefixed with
 * the hook's name. Bytes are passed through as they are (no decoding); memory stays
 * bounded whatever a hook prints: a longer line is split every 64 KiB, and a hook that
 * prints faster than our stderr drains waits for it (pipe backpressure) instead of piling
 * up in memory.
 */
import { fstatSync } from "node:fs";
import { HOOK_LINE_MAX_BYTES } from "../limits.ts";
import { colourWanted } from "../platform/colour.ts";

/** Where k3dx's lines go while hooks run: one queue, so lines of parallel hooks never interleave mid-line. */
export interface LineSink {
  /** Resolves once the bytes are written (so a slow reader slows the hooks, not memory). */
  write(bytes: Uint8Array | string): Promise<void>;
}

/** A pump reading one stream to its end, or until told to stop once it goes quiet. */
export interface LinePump {
  done: Promise<void>;
  /**
   * After the hook exited: stop reading once nothing came for `idleMs`, and in any case
   * `capMs` from now. A background process the hook left behind may hold the pipe open
   * forever, and keep talking into it; it must not hold k3dx too.
   */
  stopWhenIdle(idleMs: number, capMs?: number): void;
}

const NEWLINE = 0x0a;
const NEWLINE_BYTES = new Uint8Array([NEWLINE]);
const IDLE = Symbol("idle");

/**
 * k3dx's stderr through Bun's own writer: Node's process.stderr costs a compiled Bun about
 * 17 ms to set up, on every command that runs hooks. Each write is flushed before the
 * next, so lines keep their order with what k3d writes to the same stderr afterwards.
 */
export function stderrSink(): LineSink {
  const writer = Bun.stderr.writer();
  let queue = Promise.resolve();
  // Output is best effort: a reader that went away (`2>&1 | head`) must not stop the
  // command half-way — k3d, post-hooks and an undo still run; the rest is not shown.
  let gone = false;
  return {
    write(bytes) {
      queue = queue.then(async () => {
        if (gone) return;
        try {
          // write() returns a promise when the pipe pushes back: it rejects (EPIPE) too.
          await writer.write(bytes);
          await writer.flush();
        } catch {
          gone = true;
        }
      });
      return queue;
    },
  };
}

/** One line of k3dx's own, in the form every k3dx message has. */
export function say(sink: LineSink, message: string): Promise<void> {
  return sink.write(`k3dx: ${message}\n`);
}

/** `[name] ` — coloured when `shouldColour` says so. */
export function linePrefix(label: string, colour: string | undefined): Uint8Array {
  const text = colour ? `${colour}[${label}]\u001b[0m ` : `[${label}] `;
  return new TextEncoder().encode(text);
}

const PALETTE = ["\u001b[36m", "\u001b[35m", "\u001b[33m", "\u001b[34m", "\u001b[32m"];

/**
 * A colour per hook name, or none: a hash of the name, so a hook keeps its colour from
 * its pre- to its post- phase and from one command to the next, whatever else runs.
 */
export function prefixColour(hookName: string, useColour: boolean): string | undefined {
  if (!useColour) return undefined;
  let hash = 0;
  for (let i = 0; i < hookName.length; i++) hash = (hash * 31 + hookName.charCodeAt(i)) >>> 0;
  return PALETTE[hash % PALETTE.length];
}

/** The one rule for colour (platform/colour.ts): a terminal, NO_COLOR, FORCE_COLOR. */
export function shouldColour(stderrIsTerminal: boolean, env: Record<string, string | undefined>): boolean {
  return colourWanted(stderrIsTerminal, env);
}

/**
 * Whether stderr is a terminal, without process.stderr (see stderrSink): a character
 * device. /dev/null is one too; colour codes sent there harm no one.
 */
export function stderrIsTerminal(): boolean {
  try {
    return fstatSync(2).isCharacterDevice();
  } catch {
    return false;
  }
}

export function pumpLines(stream: ReadableStream<Uint8Array>, prefix: Uint8Array, sink: LineSink): LinePump {
  const reader = stream.getReader();
  let idleMs: number | undefined;
  let wakeIdle: ((value: typeof IDLE) => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const armIdleTimer = () => {
    clearTimeout(timer);
    const wake = wakeIdle;
    if (idleMs !== undefined && wake) timer = setTimeout(() => wake(IDLE), idleMs);
  };

  let capTimer: ReturnType<typeof setTimeout> | undefined;
  let capped = false;
  let finished = false;
  const done = (async () => {
    let partial: Uint8Array = new Uint8Array(0);
    for (;;) {
      if (capped) {
        await reader.cancel().catch(() => {});
        break;
      }
      const idle = new Promise<typeof IDLE>((resolve) => (wakeIdle = resolve));
      armIdleTimer();
      const result = await Promise.race([reader.read(), idle]);
      clearTimeout(timer);
      wakeIdle = undefined;
      if (result === IDLE) {
        await reader.cancel().catch(() => {});
        break;
      }
      if (result.done) break;
      const split = prefixLines(partial, result.value, prefix);
      partial = split.rest;
      if (split.lines) await sink.write(split.lines);
    }
    finished = true;
    clearTimeout(capTimer);
    // A last line without its newline still gets one, so the next line starts clean.
    if (partial.length > 0) await sink.write(concat([prefix, partial, NEWLINE_BYTES]));
  })();

  return {
    done,
    stopWhenIdle(ms, capMs) {
      idleMs = ms;
      armIdleTimer();
      // Read to its end already (the usual case): no timer may outlive the pump.
      if (capMs !== undefined && !finished) {
        capTimer = setTimeout(() => {
          // Talking all along: the quiet will not come. Stop now, whatever is still said.
          capped = true;
          wakeIdle?.(IDLE);
        }, capMs);
      }
    },
  };
}

/**
 * Pure: the complete lines in `partial + chunk`, each prefixed, as one block; what is left
 * is the start of the next line. A line longer than 64 KiB is split into 64 KiB pieces,
 * each a prefixed line of its own.
 */
export function prefixLines(partial: Uint8Array, chunk: Uint8Array, prefix: Uint8Array): { lines: Uint8Array | undefined; rest: Uint8Array } {
  const data = partial.length > 0 ? concat([partial, chunk]) : chunk;
  const parts: Uint8Array[] = [];
  let start = 0;
  for (let newline = data.indexOf(NEWLINE); newline >= 0; newline = data.indexOf(NEWLINE, start)) {
    parts.push(prefix, data.subarray(start, newline + 1));
    start = newline + 1;
  }
  let rest = data.subarray(start);
  while (rest.length >= HOOK_LINE_MAX_BYTES) {
    parts.push(prefix, rest.subarray(0, HOOK_LINE_MAX_BYTES), NEWLINE_BYTES);
    rest = rest.subarray(HOOK_LINE_MAX_BYTES);
  }
  // A copy: the stream may reuse its chunk's memory once we return.
  return { lines: parts.length > 0 ? concat(parts) : undefined, rest: rest.slice() };
}

function concat(parts: Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}
