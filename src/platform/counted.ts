/** `1 plugin`, `3 plugins`: a count and its noun, agreeing. */
export function counted(count: number, noun: string, plural = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : plural}`;
}
