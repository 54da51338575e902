/** Sizes as a person reads them in a message. */

/** `1 GiB`, `512 MiB`, `64 KiB`, or a plain byte count. */
export function bytesText(bytes: number): string {
  for (const [unit, size] of [["GiB", 1024 ** 3], ["MiB", 1024 ** 2], ["KiB", 1024]] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return `${bytes} bytes`;
}
