import { describe, expect, test } from "bun:test";
import { closeSync, openSync, readFileSync } from "node:fs";
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

  test("the open-file limit, the open descriptors, and which are the kernel's anonymous ones", () => {
    expect(libc.openFileLimit()).toBeGreaterThan(2);
    const fd = openSync("/etc/hostname", "r");
    try {
      const fds = libc.openFds();
      expect(fds).toContain(0);
      expect(fds).toContain(fd);
      expect(libc.anonymousInode(fd)).toBe("");
      // One after another, a short link after a long one is still read alone.
      const kinds = fds.map((open) => libc.anonymousInode(open));
      expect(kinds[fds.indexOf(fd)]).toBe("");
      expect(fds.map((open) => libc.anonymousInode(open))).toEqual(kinds);
      // Bun's event loop polls through an epoll descriptor.
      expect(fds.some((open) => libc.anonymousInode(open) === "anon_inode:[eventpoll]")).toBe(true);
      expect(libc.anonymousInode(99_999)).toBeUndefined();
    } finally {
      closeSync(fd);
    }
  });
});
