/**
 * What `file` would say about a release binary, read from its headers, so the release test
 * checks every platform's binary on any machine:
 *   ELF     e_ident class/data, then e_machine (0x3e x86-64, 0xb7 aarch64)
 *   Mach-O  magic 0xfeedfacf, then cputype (0x01000007 x86-64, 0x0100000c arm64)
 *   PE32+   "MZ", e_lfanew → "PE\0\0", machine (0x8664 x86-64), optional-header magic 0x20b
 */
import { closeSync, openSync, readSync } from "node:fs";

export type ExecutableFormat = "ELF x86-64" | "ELF aarch64" | "Mach-O x86-64" | "Mach-O arm64" | "PE32+ x86-64" | "unknown";

export function readHead(path: string, length = 4096): Uint8Array {
  const fd = openSync(path, "r");
  try {
    const buffer = new Uint8Array(length);
    return buffer.subarray(0, readSync(fd, buffer, 0, length, 0));
  } finally {
    closeSync(fd);
  }
}

export function executableFormat(head: Uint8Array): ExecutableFormat {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (head.length < 64) return "unknown";

  // ELF: \x7fELF, 64-bit (class 2), little-endian (data 1).
  if (view.getUint32(0, false) === 0x7f454c46 && head[4] === 2 && head[5] === 1) {
    const machine = view.getUint16(18, true);
    return machine === 0x3e ? "ELF x86-64" : machine === 0xb7 ? "ELF aarch64" : "unknown";
  }

  // Mach-O 64-bit, little-endian.
  if (view.getUint32(0, true) === 0xfeedfacf) {
    const cputype = view.getUint32(4, true);
    return cputype === 0x01000007 ? "Mach-O x86-64" : cputype === 0x0100000c ? "Mach-O arm64" : "unknown";
  }

  // PE: DOS header "MZ", then the PE header where e_lfanew points.
  if (head[0] === 0x4d && head[1] === 0x5a) {
    const pe = view.getUint32(0x3c, true);
    if (pe + 26 > head.length || view.getUint32(pe, false) !== 0x50450000) return "unknown";
    const machine = view.getUint16(pe + 4, true);
    const optionalMagic = view.getUint16(pe + 24, true);
    return machine === 0x8664 && optionalMagic === 0x20b ? "PE32+ x86-64" : "unknown";
  }
  return "unknown";
}
