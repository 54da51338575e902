import { describe, expect, test } from "bun:test";
import { linePrefix, prefixLines, pumpLines, shouldColour, type LineSink } from "../../src/hooks/hook-output.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array | undefined) => (data ? new TextDecoder().decode(data) : "");

/** A sink that keeps what it gets. */
function collector(): LineSink & { text(): string } {
  const parts: Uint8Array[] = [];
  return {
    async write(data) {
      parts.push(typeof data === "string" ? new TextEncoder().encode(data) : data.slice());
    },
    text: () => parts.map((part) => new TextDecoder().decode(part)).join(""),
  };
}

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(bytes(chunk));
      controller.close();
    },
  });
}

describe("prefixLines", () => {
  const prefix = linePrefix("mirror", undefined);

  test("complete lines get the prefix; the unfinished rest waits for the next chunk", () => {
    const first = prefixLines(new Uint8Array(0), bytes("one\ntwo\nthr"), prefix);
    expect(text(first.lines)).toBe("[mirror] one\n[mirror] two\n");
    const second = prefixLines(first.rest, bytes("ee\n"), prefix);
    expect(text(second.lines)).toBe("[mirror] three\n");
    expect(second.rest.length).toBe(0);
  });

  test("bytes pass through undecoded", () => {
    const raw = new Uint8Array([0xff, 0xfe, 0x0a]);
    const out = prefixLines(new Uint8Array(0), raw, prefix).lines!;
    expect(Array.from(out.slice(prefix.length))).toEqual([0xff, 0xfe, 0x0a]);
  });

  test("a line longer than 64 KiB is split into 64 KiB pieces, so memory stays bounded", () => {
    const piece = "x".repeat(64 * 1024);
    const out = prefixLines(new Uint8Array(0), bytes(piece + piece + "tail"), prefix);
    expect(text(out.lines)).toBe(`[mirror] ${piece}\n[mirror] ${piece}\n`);
    expect(text(out.rest)).toBe("tail");
  });

  test("colour only when asked: a terminal without NO_COLOR", () => {
    expect(text(linePrefix("a", "\u001b[36m"))).toBe("\u001b[36m[a]\u001b[0m ");
    expect(shouldColour(true, {})).toBe(true);
    expect(shouldColour(true, { NO_COLOR: "1" })).toBe(false);
    expect(shouldColour(false, {})).toBe(false);
    expect(shouldColour(false, { FORCE_COLOR: "1" })).toBe(true);
    expect(shouldColour(true, { FORCE_COLOR: "0" })).toBe(false);
  });
});

describe("pumpLines", () => {
  test("every line of the stream, and a last line without newline gets one", async () => {
    const sink = collector();
    const pump = pumpLines(streamOf(["a\nb", "c\n", "last"]), linePrefix("h", undefined), sink);
    await pump.done;
    expect(sink.text()).toBe("[h] a\n[h] bc\n[h] last\n");
  });

  test("stopWhenIdle ends a stream that stays open once it is quiet", async () => {
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const open = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    const sink = collector();
    const pump = pumpLines(open, linePrefix("h", undefined), sink);
    controller.enqueue(bytes("early\n"));
    await Bun.sleep(20);
    const started = performance.now();
    pump.stopWhenIdle(50);
    await pump.done;
    expect(performance.now() - started).toBeLessThan(1000);
    expect(sink.text()).toBe("[h] early\n");
  });

  test("stopWhenIdle still takes what keeps coming", async () => {
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const open = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    const sink = collector();
    const pump = pumpLines(open, linePrefix("h", undefined), sink);
    pump.stopWhenIdle(80);
    for (let i = 0; i < 5; i++) {
      controller.enqueue(bytes(`line ${i}\n`));
      await Bun.sleep(30);
    }
    await pump.done;
    expect(sink.text().split("\n").filter(Boolean)).toHaveLength(5);
  });
});
