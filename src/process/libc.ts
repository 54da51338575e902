/**
 * The few libc calls Bun does not offer, through bun:ffi, on Linux (glibc and musl).
 *
 * Why each is needed:
 * - `execve`: Bun's `process.execve` takes strings only (a non-UTF-8 byte in argv or the
 *   environment arrives as U+FFFD) and runs `close_range(3, ~0, CLOSE_RANGE_CLOEXEC)`
 *   first, so every descriptor the caller passed (`--config <(…)`) is closed in k3d.
 * - `fcntl(F_SETFD, 0)`: Bun marks inherited descriptors close-on-exec at start-up;
 *   the ones the caller passed must stay open across our exec.
 * - `readlink`: telling the caller's descriptors from Bun's own (/proc/self/fd).
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
  /** Where a link points, as bytes decoded as UTF-8; undefined when it cannot be read. */
  readlink(path: string): string | undefined;
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

function load(): Libc | null {
  let ffi: typeof import("bun:ffi");
  try {
    ffi = require("bun:ffi") as typeof import("bun:ffi");
  } catch {
    return null;
  }
  const { FFIType: T, ptr, read } = ffi;
  const symbols = {
    execve: { args: [T.ptr, T.ptr, T.ptr], returns: T.i32 },
    execv: { args: [T.ptr, T.ptr], returns: T.i32 },
    fcntl: { args: [T.i32, T.i32, T.i32], returns: T.i32 },
    readlink: { args: [T.ptr, T.ptr, T.u64], returns: T.i64 },
    getrlimit: { args: [T.i32, T.ptr], returns: T.i32 },
    memfd_create: { args: [T.ptr, T.u32], returns: T.i32 },
    write: { args: [T.i32, T.ptr, T.u64], returns: T.i64 },
    lseek: { args: [T.i32, T.i64, T.i32], returns: T.i64 },
    close: { args: [T.i32], returns: T.i32 },
    syscall: { args: [T.i64, T.i32, T.ptr, T.i32, T.ptr, T.u32], returns: T.i64 },
    prctl: { args: [T.i32, T.u64, T.u64, T.u64, T.u64], returns: T.i32 },
    waitpid: { args: [T.i32, T.ptr, T.i32], returns: T.i32 },
    __errno_location: { args: [], returns: T.ptr },
  } as const;
  let lib: ReturnType<typeof ffi.dlopen<typeof symbols>> | undefined;
  for (const name of libraryNames()) {
    try {
      lib = ffi.dlopen(name, symbols);
      break;
    } catch {
      // Not this C library; try the next.
    }
  }
  if (!lib) return null;
  const c = lib.symbols;
  const errno = () => read.i32(c.__errno_location()!, 0);
  const cString = (text: string) => Buffer.from(`${text}\0`);
  /** A NULL-terminated array of pointers to NUL-terminated copies of `items`. */
  const pointerArray = (items: Uint8Array[], keep: Uint8Array[]) => {
    const array = new BigUint64Array(items.length + 1);
    items.forEach((item, i) => {
      const terminated = new Uint8Array(item.length + 1);
      terminated.set(item);
      keep.push(terminated);
      array[i] = BigInt(ptr(terminated));
    });
    return array;
  };

  return {
    execve(path, argv, envp) {
      // Kept reachable until the call: the pointers in the arrays point into them.
      const keep: Uint8Array[] = [];
      const file = new Uint8Array(path.length + 1);
      file.set(path);
      const args = pointerArray(argv, keep);
      const result = envp === undefined ? c.execv(file, args) : c.execve(file, args, pointerArray(envp, keep));
      keep.length = 0;
      return result === -1 ? errno() : 0;
    },
    keepOpenAcrossExec: (fd) => c.fcntl(fd, F_SETFD, 0) === 0,
    readlink(path) {
      const buffer = Buffer.alloc(4096);
      const length = Number(c.readlink(cString(path), buffer, buffer.length));
      return length < 0 ? undefined : buffer.subarray(0, length).toString("utf8");
    },
    openFileLimit() {
      const limit = new BigUint64Array(2);
      if (c.getrlimit(RLIMIT_NOFILE, limit) !== 0) return undefined;
      // RLIM_INFINITY is all ones: no limit worth counting down from.
      return limit[0]! > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(limit[0]);
    },
    memoryFile(name, bytes) {
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
    close: (fd) => void c.close(fd),
    exchangePaths(a, b) {
      const number = SYS_RENAMEAT2[process.arch];
      if (number === undefined) return Errno.ENOSYS;
      return Number(c.syscall(number, AT_FDCWD, cString(a), AT_FDCWD, cString(b), RENAME_EXCHANGE)) === -1 ? errno() : 0;
    },
    setChildSubreaper: (on) => c.prctl(PR_SET_CHILD_SUBREAPER, on ? 1 : 0, 0, 0, 0) === 0,
    reapIfEnded(pid) {
      const status = new Int32Array(1);
      return c.waitpid(pid, status, WNOHANG) === pid;
    },
  };
}
