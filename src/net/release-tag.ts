/**
 * What a release tag may be: a git tag name by git's own rules (`git check-ref-format`)
 * that prints as itself. A tag goes into an API path, comes back in answers and ends up
 * on screen and in the receipt, so k3dx takes none that git itself would refuse: no `.`
 * or `..` parts, which a URL resolves away (`@../../../other/repo/releases/latest` would
 * ask for another repository's release), and no control characters or bidi marks,
 * which would act on the terminal when the tag is printed.
 */
import { printable } from "../platform/printable.ts";

/** Control characters, space, and the characters git reserves for revision syntax. */
const FORBIDDEN_CHARACTERS = /[\u0000-\u0020\u007f~^:?*[\\]/;

export function isValidTagName(tag: string): boolean {
  if (tag === "" || tag === "@" || FORBIDDEN_CHARACTERS.test(tag) || tag.includes("..") || tag.includes("@{")) return false;
  if (tag.endsWith(".") || printable(tag) !== tag) return false;
  // Each slash-separated part: not empty (no leading, trailing or double slash), not hidden, not a lock file.
  return tag.split("/").every((part) => part !== "" && !part.startsWith(".") && !part.endsWith(".lock"));
}
