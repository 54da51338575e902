/**
 * The README's "Limits" table quotes src/limits.ts: every cap the code applies has its
 * row, and each row shows the number the code uses. Adding a limit without a row, or
 * changing a number without the README, fails here.
 */
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as limits from "../../src/limits.ts";
import { bytesText } from "../../src/platform/sizes.ts";
import { REPO_ROOT } from "../helpers/sandbox.ts";

const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
const section = readme.slice(readme.indexOf("\n## Limits\n"), readme.indexOf("\n## ", readme.indexOf("\n## Limits\n") + 1));
const rows = new Map(
  section
    .split("\n")
    .filter((line) => line.startsWith("| ") && !line.startsWith("| ---") && !line.startsWith("| limit |"))
    .map((line) => [line.split(" | ")[0]!.slice(2), line] as const),
);

const count = (n: number) => (n >= 10_000 ? n.toLocaleString("en-US").replaceAll(",", " ") : String(n));
const seconds = (n: number) => `${n} s`;
const days = (n: number) => `${n / 86_400} days (${n} s)`;

/** Each limit: the row that quotes it, and how the row writes its number. */
const QUOTED: Record<keyof typeof limits, [row: string, text: string]> = {
  PLUGIN_NAME_MAX_BYTES: ["plugin name", `${limits.PLUGIN_NAME_MAX_BYTES} characters`],
  HAND_BACK_MAX_BYTES: ["hand-back size (`$K3D_RESULT`)", bytesText(limits.HAND_BACK_MAX_BYTES)],
  HAND_BACK_MAX_ARGS: ["hand-back arguments", count(limits.HAND_BACK_MAX_ARGS)],
  HAND_BACK_MAX_DEPTH: ["hand-back depth", `${limits.HAND_BACK_MAX_DEPTH} plugin calls`],
  DEFAULT_HOOK_TIMEOUT_SECONDS: ["hook timeout", `${limits.DEFAULT_HOOK_TIMEOUT_SECONDS} s by default`],
  TIMEOUT_MAX_SECONDS: ["hook timeout", days(limits.TIMEOUT_MAX_SECONDS)],
  HOOK_FAN_OUT_MAX: ["hooks at once", `at most ${limits.HOOK_FAN_OUT_MAX}`],
  HOOK_FAN_OUT_WITHOUT_LIMIT: ["hooks at once", `${limits.HOOK_FAN_OUT_WITHOUT_LIMIT} where the limit cannot be read`],
  DESCRIPTORS_PER_HOOK: ["hooks at once", `about ${limits.DESCRIPTORS_PER_HOOK} descriptors`],
  DESCRIPTORS_RESERVED: ["hooks at once", `${limits.DESCRIPTORS_RESERVED} are kept for k3dx`],
  UNDO_AFTER_INTERRUPT_SECONDS: ["undo after an interrupt", seconds(limits.UNDO_AFTER_INTERRUPT_SECONDS)],
  HOOK_LINE_MAX_BYTES: ["hook output line", bytesText(limits.HOOK_LINE_MAX_BYTES)],
  PLUGIN_ANSWER_MAX_BYTES: ["plugin answer (`metadata`, `__complete`)", bytesText(limits.PLUGIN_ANSWER_MAX_BYTES)],
  INFO_TIMEOUT_SECONDS: ["metadata question", seconds(limits.INFO_TIMEOUT_SECONDS)],
  COMPLETION_TIMEOUT_MS: ["completion question", `${limits.COMPLETION_TIMEOUT_MS} ms`],
  DOWNLOAD_MAX_BYTES: ["download size", bytesText(limits.DOWNLOAD_MAX_BYTES)],
  DEFAULT_STALL_SECONDS: ["download throughput", `(${seconds(limits.DEFAULT_STALL_SECONDS)})`],
  DOWNLOAD_MIN_BYTES_PER_WINDOW: ["download throughput", bytesText(limits.DOWNLOAD_MIN_BYTES_PER_WINDOW)],
  DEFAULT_DOWNLOAD_TIMEOUT_SECONDS: ["download time", `(${seconds(limits.DEFAULT_DOWNLOAD_TIMEOUT_SECONDS)})`],
  RELEASE_JSON_MAX_BYTES: ["release JSON", bytesText(limits.RELEASE_JSON_MAX_BYTES)],
  CHECKSUM_FILE_MAX_BYTES: ["checksum file", bytesText(limits.CHECKSUM_FILE_MAX_BYTES)],
  REDIRECTS_MAX: ["redirects", String(limits.REDIRECTS_MAX)],
  RETRY_AFTER_MAX_MS: ["`Retry-After` waited out", `${limits.RETRY_AFTER_MAX_MS} ms`],
  UNPACK_MAX_BYTES: ["unpacked size", bytesText(limits.UNPACK_MAX_BYTES)],
  UNPACK_MAX_ENTRIES: ["unpacked entries", count(limits.UNPACK_MAX_ENTRIES)],
  TAR_HEADER_RECORD_MAX_BYTES: ["tar header record (pax, GNU long name)", bytesText(limits.TAR_HEADER_RECORD_MAX_BYTES)],
  ZIP_DIRECTORY_MAX_BYTES: ["zip central directory", bytesText(limits.ZIP_DIRECTORY_MAX_BYTES)],
  LINK_TARGET_MAX_BYTES: ["link target in an archive", `${limits.LINK_TARGET_MAX_BYTES} bytes`],
  PROJECT_PLUGINS_MAX: ["plugins in a project file", String(limits.PROJECT_PLUGINS_MAX)],
  PROJECT_FILE_MAX_BYTES: ["project file, lock", `${bytesText(limits.PROJECT_FILE_MAX_BYTES)} (`],
  LOCK_FILE_MAX_BYTES: ["project file, lock", `lock: ${bytesText(limits.LOCK_FILE_MAX_BYTES)}`],
  PARALLEL_FETCHES_MAX: ["downloads at once (several plugins)", String(limits.PARALLEL_FETCHES_MAX)],
  SEARCH_MAX_RESULTS: ["search results", `at most ${limits.SEARCH_MAX_RESULTS}`],
  SEARCH_QUERY_MAX_LENGTH: ["search query", `${limits.SEARCH_QUERY_MAX_LENGTH} characters`],
  SEARCH_JSON_MAX_BYTES: ["search answer", bytesText(limits.SEARCH_JSON_MAX_BYTES)],
  SEARCH_RELEASE_LOOKUPS_AT_ONCE: ["search results", `${limits.SEARCH_RELEASE_LOOKUPS_AT_ONCE} release lookups at once`],
  LISTED_NAMES_MAX: ["names listed in one error line", String(limits.LISTED_NAMES_MAX)],
  YAML_ALIASES_MAX: ["YAML aliases in a hand-written file", String(limits.YAML_ALIASES_MAX)],
};

test("every limit in src/limits.ts has its row in the README, with the number the code uses", () => {
  const missing: string[] = [];
  for (const [name, [row, text]] of Object.entries(QUOTED)) {
    const line = rows.get(row);
    if (!line?.includes(` ${text}`) && !line?.includes(`| ${text}`)) missing.push(`${name}: row "${row}" should say "${text}"`);
  }
  expect(missing).toEqual([]);
});

test("no README row without a limit behind it", () => {
  const quotedRows = new Set(Object.values(QUOTED).map(([row]) => row));
  expect([...rows.keys()].filter((row) => !quotedRows.has(row))).toEqual([]);
});
