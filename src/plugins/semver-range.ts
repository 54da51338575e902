/**
 * The syntax of a semver range (node-semver's grammar), for metadata's `k3d:` field.
 * `Bun.semver.satisfies` compares versions but accepts anything as a range ("garbage"
 * satisfies every version), so a typo would silently mean "any k3d" without this check.
 *
 * Stricter than node-semver where its leniency hides a mistake: once a part is `x` or
 * `*`, every later part must be too (node-semver reads `x.5` and `5.x.3` as "any", which
 * no author means); prerelease and build parts may not be empty (`rc..1`) and come only
 * after three numbers. `~>` is accepted, as node-semver and Bun both read it: `~`.
 */

const NUMBER = String.raw`(?:0|[1-9]\d*)`;
const ANY = "[xX*]";
/** A prerelease part: a number without leading zeros, or a word. */
const PRE_PART = String.raw`(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)`;
const BUILD_PART = "[0-9A-Za-z-]+";
const FULL = String.raw`${NUMBER}\.${NUMBER}\.${NUMBER}(?:-${PRE_PART}(?:\.${PRE_PART})*)?(?:\+${BUILD_PART}(?:\.${BUILD_PART})*)?`;
const PARTIAL = String.raw`v?(?:${FULL}|${NUMBER}\.${NUMBER}(?:\.${ANY})?|${NUMBER}(?:\.${ANY}(?:\.${ANY})?)?|${ANY}(?:\.${ANY}(?:\.${ANY})?)?)`;
const OPERATOR = String.raw`(?:[<>]=?|=|~>?|\^)`;
const SIMPLE = new RegExp(`^${OPERATOR}?${PARTIAL}$`);
const HYPHEN = new RegExp(`^${PARTIAL} - ${PARTIAL}$`);
/** `>= 5.0.0` is written with a space as often as without. */
const OPERATOR_SPACE = new RegExp(`(${OPERATOR})\\s+`, "g");

export function isSemverRange(text: string): boolean {
  if (text.trim() === "") return false;
  return text.split("||").every((alternative) => {
    const range = alternative.trim().replace(OPERATOR_SPACE, "$1");
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
