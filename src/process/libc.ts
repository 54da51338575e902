/**
 * The few libc calls Bun does not offer, through bun:ffi, on Linux (glibc and musl).
 *
 * Why each is needed:
 * - `execve`: Bun's `process.execve` takes strings only (a non-UTF-8 byte in argv or the
 *   environment arrives as U+FFFD) and runs `close_range(3, ~0, CLOSE_RANGE_CLOEXEC)`
 *   first, so every descriptor the caller passed (`--config <(…)`) is closed in k3d.
 * - `fcntl(F_SETFD, 0)`: Bun marks inherited descriptors close-on-exec at start-up;
 *   the ones the caller passed must stay open across our exec.
 * - `opendir`/`readdir`/`readlink`: listing /proc/self/fd and telling the caller's
 *   descriptors from Bun's own, without loading node:fs (~1 ms) on the start-up path.
 * - `getrlimit(RLIMIT_NOFILE)`: how many descriptors a fan-out of children may use.
 * - `memfd_create`: bytes handed to a child as a file descriptor, whatever their size.
 * - `renameat2(RENAME_EXCHANGE)` (through `syscall`: older C libraries lack the wrapper):
 *   swapping a plugin's folder with its staged replacement in one step, so no crash can
 *   leave the store without either.
 * - `prctl(PR_SET_CHILD_SUBREAPER)` and `waitpid`: processes that a plugin we ask a
 *   question (INFO, COMPLETE) orphans are re-parented to k3dx instead of init, so they
 *   can be found, ended and reaped (adopted-orphans.ts).
 *
 * Loading bun:ffi and opening libc costs ~0.4 ms, paid only when one of these is used;
 * `process.execve` itself costs more than that. Elsewhere (macOS, Windows) `linuxLibc()`
 * is undefined and callers fall back to what Bun offers: on macOS's arm64 ABI a variadic
 * call such as fcntl cannot be made through ffi's fixed signatures.
 */

/** Linux errno values that k3dx tells apart (identical on x86_64 and aarch64). */
export const Errno = { ENOENT: 2, E2BIG: 7, ENOEXEC: 8, EACCES: 13, ENOTDIR: 20, EINVAL: 22, ENAMETOOLONG: 36, ENOSYS: 38, ELOOP: 40 } as const;

const F_SETFD = 2;
const RLIMIT_NOFILE = 7;
const MFD_CLOEXEC = 1;
const AT_FDCWD = -100;
const RENAME_EXCHANGE = 2;
const PR_SET_CHILD_SUBREAPER = 36;
const WNOHANG = 1;
/** renameat2's system call number, which differs by architecture. */
const SYS_RENAMEAT2: Partial<Record<string, number>> = { x64: 316, arm64: 276 };

export interface Libc {
  /**
   * Replaces the process. `envp` undefined: the environment this process was started
   * with, byte for byte (libc's `environ`, which Bun leaves untouched). Returns only on
   * failure, with the errno.
   */
  execve(path: Uint8Array, argv: Uint8Array[], envp: Uint8Array[] | undefined): number;
  /** Clears FD_CLOEXEC, so that `fd` stays open in a program we exec. */
  keepOpenAcrossExec(fd: number): boolean;
  /** The numbers of this process's open descriptors (/proc/self/fd), in no order; [] when unreadable. */
  openFds(): number[];
  /** Where /proc/self/fd/N points, when it is one of the kernel's anonymous inodes (`anon_inode:[eventpoll]`…); "" otherwise, undefined when unreadable. */
  anonymousInode(fd: number): string | undefined;
  /** The soft limit of open descriptors (RLIMIT_NOFILE); undefined when unknown. */
  openFileLimit(): number | undefined;
  /** A close-on-exec memory file holding `bytes`, positioned at its start; undefined on failure. */
  memoryFile(name: string, bytes: Uint8Array): number | undefined;
  /** Closes a descriptor of ours. */
  close(fd: number): void;
  /**
   * Swaps two paths in one atomic step (both must exist). Returns 0, or the errno:
   * EINVAL where the file system cannot (some network and FUSE ones), ENOSYS before Linux 3.15.
   */
  exchangePaths(a: string, b: string): number;
  /** Makes this process the reaper of its orphaned descendants (true), or stops (false). */
  setChildSubreaper(on: boolean): boolean;
  /** Reaps `pid` if it has ended: true when it was ours to reap and is gone now. */
  reapIfEnded(pid: number): boolean;
  /** Whether this process is in the foreground process group of the terminal on `fd` (false when `fd` is no terminal). */
  inForegroundOf(fd: number): boolean;
}

let loaded: Libc | null | undefined;

/** libc on Linux, loaded on first use; undefined elsewhere or when it cannot be loaded. */
export function linuxLibc(): Libc | undefined {
  if (loaded === undefined) loaded = process.platform === "linux" ? load() : null;
  return loaded ?? undefined;
}

/** glibc's soname, then musl's (Alpine names it after the machine). */
function libraryNames(): string[] {
  const machine = process.arch === "x64" ? "x86_64" : process.arch === "arm64" ? "aarch64" : process.arch;
  return ["libc.so.6", `libc.musl-${machine}.so.1`, `/lib/ld-musl-${machine}.so.1`];
}

type Ffi = typeof import("bun:ffi");
type Symbols = Record<string, import("bun:ffi").FFIFunction>;

/**
 * Binds symbols in groups, each on first use: bun:ffi compiles a trampoline for every
 * symbol it binds (about 0.1 ms each), and the start-up path of every k3d call needs
 * only the exec group.
 */
function binder(ffi: Ffi, library: string) {
  return <S extends Symbols>(symbols: S) => {
    let bound: ReturnType<typeof ffi.dlopen<S>>["symbols"] | undefined;
    return () => (bound ??= ffi.dlopen(library, symbols).symbols);
  };
}

/** Where a dirent's d_name starts: after d_ino (8), d_off (8), d_reclen (2), d_type (1) — glibc and musl, 64-bit. */
const DIRENT_NAME_OFFSET = 19;
const FD_FOLDER = "/proc/self/fd/";
const ANON_INODE = "anon_inode:";

function load(): Libc | null {
  let ffi: Ffi;
  try {
    ffi = require("bun:ffi") as Ffi;
  } catch {
    return null;
  }
  const { FFIType: T, ptr, read } = ffi;
  const execSymbols = {
    execve: { args: [T.ptr, T.ptr, T.ptr], returns: T.i32 },
    execv: { args: [T.ptr, T.ptr], returns: T.i32 },
    fcntl: { args: [T.i32, T.i32, T.i32], returns: T.i32 },
    opendir: { args: [T.ptr], returns: T.ptr },
    readdir: { args: [T.ptr], returns: T.ptr },
    closedir: { args: [T.ptr], returns: T.i32 },
    readlink: { args: [T.ptr, T.ptr, T.u64], returns: T.i64 },
  } as const;
  // The first library that opens with these is this machine's C library.
  let library: string | undefined;
  let execGroup: ReturnType<typeof ffi.dlopen<typeof execSymbols>>["symbols"] | undefined;
  for (const name of libraryNames()) {
    try {
      execGroup = ffi.dlopen(name, execSymbols).symbols;
      library = name;
      break;
    } catch {
      // Not this C library; try the next.
    }
  }
  if (!library || !execGroup) return null;
  const exec = execGroup;
  const bind = binder(ffi, library);
  const errnoOf = bind({ __errno_location: { args: [], returns: T.ptr } });
  const limits = bind({ getrlimit: { args: [T.i32, T.ptr], returns: T.i32 } });
  const files = bind({
    memfd_create: { args: [T.ptr, T.u32], returns: T.i32 },
    write: { args: [T.i32, T.ptr, T.u64], returns: T.i64 },
    lseek: { args: [T.i32, T.i64, T.i32], returns: T.i64 },
    close: { args: [T.i32], returns: T.i32 },
  });
  const processes = bind({
    syscall: { args: [T.i64, T.i32, T.ptr, T.i32, T.ptr, T.u32], returns: T.i64 },
    prctl: { args: [T.i32, T.u64, T.u64, T.u64, T.u64], returns: T.i32 },
    waitpid: { args: [T.i32, T.ptr, T.i32], returns: T.i32 },
  });
  const terminal = bind({
    tcgetpgrp: { args: [T.i32], returns: T.i32 },
    getpgrp: { args: [], returns: T.i32 },
  });
  const errno = () => read.i32(errnoOf().__errno_location()!, 0);
  const cString = (text: string) => Buffer.from(`${text}\0`);
  /**
   * Memory whose address stays put. A small typed array made from a length keeps its bytes
   * inside the JavaScript object, and JavaScriptCore moves them elsewhere the first time
   * its buffer or a subarray is asked for: a pointer taken before that would point at the
   * old copy. One made over its own ArrayBuffer never moves.
   */
  const fixed = (length: number) => new Uint8Array(new ArrayBuffer(length));
  /** A NULL-terminated array of pointers to NUL-terminated copies of `items`. */
  const pointerArray = (items: Uint8Array[], keep: Uint8Array[]) => {
    const array = new BigUint64Array(items.length + 1);
    items.forEach((item, i) => {
      const terminated = fixed(item.length + 1);
      terminated.set(item);
      keep.push(terminated);
      array[i] = BigInt(ptr(terminated));
    });
    return array;
  };
  // One path buffer `/proc/self/fd/N\0` and one link buffer, reused: on the start-up path
  // every allocation and typed-array-to-pointer conversion shows.
  const path = fixed(FD_FOLDER.length + 12);
  for (let i = 0; i < FD_FOLDER.length; i++) path[i] = FD_FOLDER.charCodeAt(i);
  const link = fixed(64);
  const [pathPointer, linkPointer] = [ptr(path), ptr(link)];

  return {
    execve(file, argv, envp) {
      // Kept reachable until the call: the pointers in the arrays point into them.
      const keep: Uint8Array[] = [];
      const terminated = fixed(file.length + 1);
      terminated.set(file);
      const args = pointerArray(argv, keep);
      const result = envp === undefined ? exec.execv(terminated, args) : exec.execve(terminated, args, pointerArray(envp, keep));
      keep.length = 0;
      return result === -1 ? errno() : 0;
    },
    keepOpenAcrossExec: (fd) => exec.fcntl(fd, F_SETFD, 0) === 0,
    openFds() {
      path[FD_FOLDER.length] = 0;
      const dir = exec.opendir(pathPointer);
      if (!dir) return [];
      const fds: number[] = [];
      for (let entry = exec.readdir(dir); entry; entry = exec.readdir(dir)) {
        let fd = 0;
        let i = DIRENT_NAME_OFFSET;
        for (let byte = read.u8(entry, i); byte >= 48 && byte <= 57; byte = read.u8(entry, ++i)) fd = fd * 10 + byte - 48;
        // "." and ".." have no digits.
        if (i > DIRENT_NAME_OFFSET && read.u8(entry, i) === 0) fds.push(fd);
      }
      exec.closedir(dir);
      return fds;
    },
    anonymousInode(fd) {
      const digits = String(fd);
      let end = FD_FOLDER.length;
      for (let k = 0; k < digits.length; k++) path[end++] = digits.charCodeAt(k);
      path[end] = 0;
      const length = Number(exec.readlink(pathPointer, linkPointer, link.length));
      if (length < 0) return undefined;
      // Only the `length` bytes just read count: the buffer holds the previous link after them.
      if (length < ANON_INODE.length) return "";
      for (let k = 0; k < ANON_INODE.length; k++) if (link[k] !== ANON_INODE.charCodeAt(k)) return "";
      return new TextDecoder().decode(link.subarray(0, length));
    },
    openFileLimit() {
      const limit = new BigUint64Array(2);
      if (limits().getrlimit(RLIMIT_NOFILE, limit) !== 0) return undefined;
      // RLIM_INFINITY is all ones: no limit worth counting down from.
      return limit[0]! > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(limit[0]);
    },
    memoryFile(name, bytes) {
      const c = files();
      const fd = c.memfd_create(cString(name), MFD_CLOEXEC);
      if (fd < 0) return undefined;
      for (let written = 0; written < bytes.length; ) {
        const n = Number(c.write(fd, bytes.subarray(written), bytes.length - written));
        if (n <= 0) {
          c.close(fd);
          return undefined;
        }
        written += n;
      }
      c.lseek(fd, 0, 0);
      return fd;
    },
    close: (fd) => void files().close(fd),
    exchangePaths(a, b) {
      const number = SYS_RENAMEAT2[process.arch];
      if (number === undefined) return Errno.ENOSYS;
      return Number(processes().syscall(number, AT_FDCWD, cString(a), AT_FDCWD, cString(b), RENAME_EXCHANGE)) === -1 ? errno() : 0;
    },
    setChildSubreaper: (on) => processes().prctl(PR_SET_CHILD_SUBREAPER, on ? 1 : 0, 0, 0, 0) === 0,
    inForegroundOf(fd) {
      const c = terminal();
      const foreground = c.tcgetpgrp(fd);
      return foreground > 0 && foreground === c.getpgrp();
    },
    reapIfEnded(pid) {
      const status = new Int32Array(1);
      return processes().waitpid(pid, status, WNOHANG) === pid;
    },
  };
}
