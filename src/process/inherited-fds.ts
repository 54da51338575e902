/**
 * The file descriptors above 2 that whoever started k3dx passed on: `--config <(…)` is
 * `/dev/fd/63`, a CI job may hand a token on fd 3. k3d alone would have them, so k3d,
 * plugins and the k3d that runs between hooks get them too, at the same numbers.
 *
 * Bun opens descriptors of its own before our code runs (its event loop: an epoll and an
 * eventfd, both `anon_inode:` links in /proc/self/fd) and more once it spawns (a socket),
 * and it marks the inherited ones close-on-exec. So the list is read once, before k3dx
 * opens anything, and the event loop's are told apart by their `anon_inode:` link.
 *
 * Linux only: elsewhere there is no /proc/self/fd to tell them apart by, and the list is
 * empty (see README "What k3dx guarantees").
 */
import { linuxLibc } from "./libc.ts";

let remembered: readonly number[] | undefined;

/**
 * The caller's descriptors, in increasing order. The first call must come before k3dx
 * opens a descriptor of its own (a pipe, a spawn): the dispatcher makes it first.
 */
export function inheritedFds(): readonly number[] {
  return (remembered ??= readInheritedFds());
}

function readInheritedFds(): number[] {
  const libc = linuxLibc();
  if (!libc) return [];
  const fds: number[] = [];
  for (const fd of libc.openFds()) {
    if (fd <= 2) continue;
    // Unreadable: the folder's own descriptor of the listing, closed by now. anon_inode: Bun's event loop.
    if (libc.anonymousInode(fd) !== "") continue;
    fds.push(fd);
  }
  return fds.sort((a, b) => a - b);
}

/**
 * Clears close-on-exec on the caller's descriptors, just before an exec that keeps
 * them. `except`: numbers the exec gives other contents (k3dx's replacement bytes).
 */
export function keepInheritedFdsOpen(except: ReadonlySet<number> = new Set()): void {
  const libc = linuxLibc();
  if (!libc) return;
  for (const fd of inheritedFds()) if (!except.has(fd)) libc.keepOpenAcrossExec(fd);
}
