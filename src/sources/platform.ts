/**
 * Platforms as release assets spell them. One vocabulary serves three readers: asset
 * selection (which OS and arch a name announces), default plugin names (where the
 * platform part of a file name starts), and K3DX_OS / K3DX_ARCH (which aliases a user
 * may write). Aliases are token sequences because names are split on `-`, `_` and `.`:
 * `x86_64` arrives as `x86`, `64`.
 */
import { K3dxError } from "../errors.ts";

export interface Platform {
  os: string;
  arch: string;
  /** Linux only: "musl" where the C library is musl (Alpine), which prefers `musl` builds. */
  libc?: "musl";
}

const OPERATING_SYSTEMS: Record<string, string[]> = {
  linux: ["linux"],
  darwin: ["darwin", "macos", "apple", "osx", "macosx", "mac"],
  windows: ["windows", "win", "win64"],
  freebsd: ["freebsd"],
  netbsd: ["netbsd"],
  openbsd: ["openbsd"],
  android: ["android"],
  illumos: ["illumos"],
  solaris: ["solaris"],
};

const ARCHITECTURES: Record<string, string[]> = {
  amd64: ["amd64", "x86_64", "x86-64", "x64"],
  arm64: ["arm64", "aarch64"],
  "386": ["386", "i386", "i686", "x86", "ia32"],
  arm: ["arm", "armv5", "armv6", "armv6l", "armv7", "armv7l", "armhf", "armel"],
  ppc64le: ["ppc64le"],
  ppc64: ["ppc64"],
  s390x: ["s390x"],
  riscv64: ["riscv64"],
  loong64: ["loong64"],
  mips64le: ["mips64le"],
  mips64: ["mips64"],
  mipsle: ["mipsle"],
  mips: ["mips"],
};

/** macOS builds that run on every Mac (lipo'd universal binaries; goreleaser calls them `all`). */
export const UNIVERSAL_DARWIN = ["universal", "universal2", "all"];

export function nameTokens(name: string): string[] {
  return name.toLowerCase().split(/[-_.\s]+/).filter((token) => token !== "");
}

interface Alias {
  kind: "os" | "arch";
  value: string;
  tokens: string[];
}

/** Longest aliases first, so `x86 64` is read as amd64 before `x86` alone is read as 386. */
const ALIASES: Alias[] = [
  ...Object.entries(OPERATING_SYSTEMS).flatMap(([value, names]) => names.map((name) => ({ kind: "os" as const, value, tokens: nameTokens(name) }))),
  ...Object.entries(ARCHITECTURES).flatMap(([value, names]) => names.map((name) => ({ kind: "arch" as const, value, tokens: nameTokens(name) }))),
].sort((a, b) => b.tokens.length - a.tokens.length);

export interface PlatformWords {
  /** Every OS the name announces (normally one). */
  os: Set<string>;
  arch: Set<string>;
  /** Index of the first token that belongs to a platform, or the token count. */
  firstPlatformToken: number;
}

/** Reads the OS and arch words out of a token list. */
export function platformWords(tokens: string[]): PlatformWords {
  const found: PlatformWords = { os: new Set(), arch: new Set(), firstPlatformToken: tokens.length };
  for (let i = 0; i < tokens.length; ) {
    const alias = ALIASES.find((candidate) => candidate.tokens.every((token, j) => tokens[i + j] === token));
    if (!alias) {
      i++;
      continue;
    }
    found[alias.kind].add(alias.value);
    found.firstPlatformToken = Math.min(found.firstPlatformToken, i);
    i += alias.tokens.length;
  }
  return found;
}

/**
 * This machine, or K3DX_OS / K3DX_ARCH when set (any alias above is accepted). The C
 * library is this machine's when it is Linux and neither is overridden; `K3DX_LIBC=musl`
 * or `glibc` says which for another platform.
 */
export function targetPlatform(env: Record<string, string | undefined>): Platform {
  const os = env.K3DX_OS ? canonical("K3DX_OS", env.K3DX_OS, OPERATING_SYSTEMS) : detectedOs();
  const arch = env.K3DX_ARCH ? canonical("K3DX_ARCH", env.K3DX_ARCH, ARCHITECTURES) : detectedArch();
  const libc = os !== "linux" ? undefined : env.K3DX_LIBC ? libcSetting(env.K3DX_LIBC) : env.K3DX_OS || env.K3DX_ARCH ? undefined : detectedLibc();
  return libc ? { os, arch, libc } : { os, arch };
}

/**
 * `musl` on a musl system (Alpine), where glibc's programs will not start: the system's own
 * programs ask for musl's loader (/bin/sh names its ELF interpreter in its first bytes). A
 * glibc system may have musl's loader too (Debian's `musl` package), so its mere presence
 * decides only when /bin/sh cannot tell (a static shell).
 */
function detectedLibc(): "musl" | undefined {
  if (process.platform !== "linux") return undefined;
  const machine = process.arch === "x64" ? "x86_64" : process.arch === "arm64" ? "aarch64" : process.arch;
  const { closeSync, existsSync, openSync, readSync } = require("node:fs") as typeof import("node:fs");
  try {
    const fd = openSync("/bin/sh", "r");
    const head = Buffer.alloc(4096);
    const read = readSync(fd, head, 0, head.length, 0);
    closeSync(fd);
    const text = head.subarray(0, read).toString("latin1");
    if (text.includes("/ld-musl-")) return "musl";
    if (text.includes("/ld-linux")) return undefined;
  } catch {
    // No /bin/sh, or not readable: the loader alone decides.
  }
  return existsSync(`/lib/ld-musl-${machine}.so.1`) ? "musl" : undefined;
}

function libcSetting(value: string): "musl" | undefined {
  const wanted = value.toLowerCase();
  if (wanted === "musl") return "musl";
  if (wanted === "glibc" || wanted === "gnu") return undefined;
  throw new K3dxError(`K3DX_LIBC=${value} is not a C library k3dx knows; use musl or glibc`, 2);
}

function detectedOs(): string {
  return process.platform === "win32" ? "windows" : process.platform;
}

function detectedArch(): string {
  return ({ x64: "amd64", ia32: "386" } as Record<string, string>)[process.arch] ?? process.arch;
}

function canonical(variable: string, value: string, vocabulary: Record<string, string[]>): string {
  const wanted = value.toLowerCase();
  const hit = Object.entries(vocabulary).find(([name, aliases]) => name === wanted || aliases.includes(wanted));
  if (!hit) throw new K3dxError(`${variable}=${value} is not a platform k3dx knows; use one of: ${Object.keys(vocabulary).join(", ")}`, 2);
  return hit[0];
}
