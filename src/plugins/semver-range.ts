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

/**
 * Where a version the range leaves out stands: `newer` than every version it allows (a
 * range like `<5.0.0` or `^4.0.0`: the plugin has not caught up with k3d), `older` (k3d
 * needs an upgrade), or `between` (the range has a gap, or cannot be told). Probed with
 * versions on both sides of every bound the range names, as Bun.semver only answers
 * "satisfies". Undefined when the version is unreadable or in the range.
 */
export function k3dVersionOutside(version: string, range: string): "newer" | "older" | "between" | undefined {
  const plain = version.replace(/^v/, "");
  if (k3dVersionSatisfies(version, range) !== false) return undefined;
  const allowed = probesFor(range).filter((probe) => Bun.semver.satisfies(probe, range));
  if (allowed.length === 0) return "between";
  const order = allowed.map((probe) => Bun.semver.order(probe, plain));
  if (order.every((side) => side < 0)) return "newer";
  if (order.every((side) => side > 0)) return "older";
  return "between";
}

/** Each bound the range names, and versions just below and above it. */
function probesFor(range: string): string[] {
  const probes = new Set<string>();
  for (const match of range.matchAll(/(\d+)(?:\.(\d+))?(?:\.(\d+))?/g)) {
    const [major, minor, patch] = [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
    const versions: [number, number, number][] = [
      [major, minor, patch],
      [major, minor, patch + 1],
      [major, minor + 1, 0],
      [major + 1, 0, 0],
    ];
    if (patch > 0) versions.push([major, minor, patch - 1]);
    if (minor > 0) versions.push([major, minor - 1, 999]);
    if (major > 0) versions.push([major - 1, 999, 999]);
    for (const [a, b, c] of versions) probes.add(`${a}.${b}.${c}`);
  }
  return [...probes];
}
