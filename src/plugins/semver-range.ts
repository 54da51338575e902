/**
 * The syntax of a semver range (node-semver's grammar), for metadata's `k3d:` field.
 * `Bun.semver.satisfies` compares versions but accepts anything as a range ("garbage"
 * satisfies every version), so a typo would silently mean "any k3d" without this check.
 */

const PARTIAL = String.raw`v?(?:[xX*]|0|[1-9]\d*)(?:\.(?:[xX*]|0|[1-9]\d*)(?:\.(?:[xX*]|0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)?)?`;
const SIMPLE = new RegExp(`^(?:[<>]=?|=|~|\\^)?${PARTIAL}$`);
const HYPHEN = new RegExp(`^${PARTIAL} - ${PARTIAL}$`);

export function isSemverRange(text: string): boolean {
  if (text.trim() === "") return false;
  return text.split("||").every((alternative) => {
    // `>= 5.0.0` is written with a space as often as without.
    const range = alternative.trim().replace(/([<>]=?|=|~|\^)\s+/g, "$1");
    if (range === "") return false;
    return HYPHEN.test(range) || range.split(/\s+/).every((comparator) => SIMPLE.test(comparator));
  });
}

/** Whether a k3d version (`v5.9.0`) is in the range; undefined when the version is unreadable. */
export function k3dVersionSatisfies(version: string, range: string): boolean | undefined {
  const plain = version.replace(/^v/, "");
  if (!/^\d+\.\d+\.\d+/.test(plain)) return undefined;
  return Bun.semver.satisfies(plain, range);
}
