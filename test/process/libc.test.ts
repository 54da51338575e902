import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { Errno, linuxLibc } from "../../src/process/libc.ts";

describe.if(process.platform === "linux")("linuxLibc", () => {
  const libc = linuxLibc()!;

  test("loads on Linux", () => {
    expect(libc).toBeDefined();
  });

  test("a memory file holds every byte, read from its start", () => {
    const bytes = new Uint8Array(300_000).map((_, i) => i % 251);
    const fd = libc.memoryFile("test", bytes)!;
    try {
      expect(new Uint8Array(readFileSync(`/proc/self/fd/${fd}`))).toEqual(bytes);
    } finally {
      libc.close(fd);
    }
  });

  test("execve reports why it failed", () => {
    expect(libc.execve(Buffer.from("/nonexistent/k3d"), [Buffer.from("k3d")], [])).toBe(Errno.ENOENT);
  });

  test("the open-file limit and links are read", () => {
    expect(libc.openFileLimit()).toBeGreaterThan(2);
    expect(libc.readlink("/proc/self/exe")).toBe(process.execPath);
    expect(libc.readlink("/nonexistent")).toBeUndefined();
  });
});
