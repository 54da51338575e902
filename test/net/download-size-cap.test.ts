/**
 * The download size cap: a server that sends (or announces) more than any plugin needs
 * fails the download instead of filling the disk.
 */
import { afterAll, afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DOWNLOAD_MAX_BYTES } from "../../src/limits.ts";
import { downloadToFile } from "../../src/net/download.ts";
import { TooLargeError } from "../../src/net/network-errors.ts";

const net = { stallMs: 2000, retries: 0, deadlineMs: 60_000 };
/** An endless body without a Content-Length. */
const endless = Bun.serve({
  port: 0,
  fetch: () =>
    new Response(
      new ReadableStream({
        pull(controller) {
          controller.enqueue(new Uint8Array(1000));
        },
      }),
    ),
});
/** Announces 2 GiB, then sends nothing: written by hand, since a real server would not lie. */
const announcer = Bun.listen({
  hostname: "127.0.0.1",
  port: 0,
  socket: {
    data(socket) {
      socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${2 * 1024 ** 3}\r\n\r\n`);
    },
  },
});
afterAll(() => {
  endless.stop(true);
  announcer.stop(true);
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "k3dx-download-cap-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function failure(url: string, maxBytes?: number): Promise<unknown> {
  try {
    await downloadToFile({ url, accept: "*/*", net, maxBytes }, join(dir, "file"));
  } catch (error) {
    return error;
  }
  throw new Error("the download should have failed");
}

describe("downloadToFile's size cap", () => {
  test("a body without a Content-Length stops once it passes the cap", async () => {
    const error = await failure(endless.url.href, 10_000);
    expect(error).toBeInstanceOf(TooLargeError);
    expect((error as Error).message).toBe("it is larger than 10000 bytes");
    expect(statSync(join(dir, "file")).size).toBeLessThanOrEqual(10_000);
  });

  test("a Content-Length over the default 1 GiB fails before a byte is written", async () => {
    expect(DOWNLOAD_MAX_BYTES).toBe(1024 ** 3);
    const error = await failure(`http://127.0.0.1:${announcer.port}/asset`);
    expect(error).toBeInstanceOf(TooLargeError);
    expect((error as Error).message).toBe(`it is larger than ${1024 ** 3} bytes`);
    expect(statSync(join(dir, "file")).size).toBe(0);
  });
});
