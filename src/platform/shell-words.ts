/**
 * A command line as a user would type it into a POSIX shell, for showing what k3dx runs
 * (`--verbose`): a word with anything but plain characters is single-quoted, and nothing
 * a terminal would act on is printed raw (hooks choose some of the words).
 */
import { printable } from "./printable.ts";

const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function shellWords(words: readonly string[]): string {
  return words.map((word) => printable(PLAIN.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`)).join(" ");
}
