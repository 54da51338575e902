import { expect, test } from "bun:test";
import { createProgress, progressLine } from "../../src/net/progress-bar.ts";

test("a line with a known total: percent, bar, sizes, rate", () => {
  expect(progressLine("mirror_linux_amd64.tar.gz", 21_000_000, 50_000_000, 18_200_000, 100)).toBe(
    "mirror_linux_amd64.tar.gz   42% [########            ] 21.0/50.0 MB  18.2 MB/s",
  );
});

test("without a total: bytes and rate only", () => {
  expect(progressLine("x.zip", 1_500_000, undefined, 500_000, 80)).toBe("x.zip  1.5 MB  0.5 MB/s");
});

test("a narrow terminal shortens the label first, and the line never wraps", () => {
  const line = progressLine("a-very-long-asset-name_linux_amd64.tar.gz", 1, 2, 1, 60);
  expect(line.length).toBeLessThanOrEqual(59);
  expect(line).toContain("…");
  expect(line).toEndWith("MB/s");
  expect(progressLine("x", 1, 2, 1, 10).length).toBeLessThanOrEqual(9);
});

test("drawn in place with \\r and erased at the end", () => {
  const written: string[] = [];
  const stream = { columns: 80, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream;
  const progress = createProgress("k3d-mirror", stream);
  progress.start(1000);
  progress.advance(500);
  progress.finish();
  expect(written[0]).toStartWith("\rk3d-mirror    0% [");
  expect(written.at(-1)).toBe("\r\u001b[K");
  expect(written.every((text) => !text.includes("\n"))).toBe(true);
});

test("a label the server chose is drawn with its control characters escaped", () => {
  const written: string[] = [];
  const stream = { columns: 120, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream;
  const progress = createProgress("x\u001b]0;owned\u0007\n.tar.gz", stream);
  progress.start(10);
  progress.finish();
  expect(written[0]).toStartWith("\rx\\x1b]0;owned\\x07\\n.tar.gz  ");
  expect(written[0]!.slice(1, -3)).not.toMatch(/[\u0000-\u001f]/);
});
