/** `k3d plugin search [QUERY] [--limit N] [-o table|json]`: GitHub repositories with the topic k3d-plugin (SPEC §9). */
import { defineCommand } from "citty";
import { K3dxError, printErrorLine } from "../errors.ts";
import { SEARCH_MAX_RESULTS, SEARCH_QUERY_MAX_LENGTH } from "../limits.ts";
import { printable, quoted } from "../platform/printable.ts";
import { DEFAULT_SEARCH_LIMIT, PLUGIN_TOPIC, searchPlugins, type PluginHit, type SearchResult } from "../search/search-plugins.ts";
import { commandContext } from "./context.ts";
import { strictArgs } from "./strict-args.ts";
import { jsonOutput } from "./terminal-safe-output.ts";

export default defineCommand({
  meta: { name: "search", description: "Find plugins: GitHub repositories with the topic k3d-plugin, their latest release, and which are installed" },
  args: {
    query: { type: "positional", required: false, description: "Words to look for in names and descriptions (GitHub search qualifiers work too)", valueHint: "QUERY" },
    limit: { type: "string", description: `How many repositories to show (default ${DEFAULT_SEARCH_LIMIT}, at most ${SEARCH_MAX_RESULTS})`, valueHint: "N" },
    output: { type: "enum", alias: "o", options: ["table", "json"], default: "table", description: "Output format", valueHint: "table|json" },
  },
  setup: strictArgs({ variadic: true }),
  async run({ args }) {
    const ctx = commandContext();
    const words = args._.join(" ").trim();
    if (words.length > SEARCH_QUERY_MAX_LENGTH) {
      throw new K3dxError(`the query is ${words.length} characters long; GitHub searches at most ${SEARCH_QUERY_MAX_LENGTH}. Run 'k3d plugin search --help' for usage.`, 2);
    }
    const result = await searchPlugins(words, readLimit(args.limit), { env: ctx.env, home: ctx.settings.home });
    for (const note of result.notes) printErrorLine(`note: ${note}`);
    process.stdout.write(args.output === "json" ? jsonOutput(result) : table(result, words));
  },
});

/** --limit: a whole number from 1 to GitHub's page size. */
export function readLimit(text: string | undefined): number {
  if (text === undefined) return DEFAULT_SEARCH_LIMIT;
  const limit = Number(text);
  if (!/^\d+$/.test(text.trim()) || limit < 1 || limit > SEARCH_MAX_RESULTS) {
    throw new K3dxError(`--limit must be a whole number from 1 to ${SEARCH_MAX_RESULTS}, not ${quoted(text)}. Run 'k3d plugin search --help' for usage.`, 2);
  }
  return limit;
}

function table(result: SearchResult, words: string): string {
  if (result.plugins.length === 0) {
    return words ? `No repository with the topic ${PLUGIN_TOPIC} matches ${quoted(words)}.\n` : `No repository has the topic ${PLUGIN_TOPIC} yet.\n`;
  }
  const rows = [
    ["REPOSITORY", "STARS", "LATEST", "INSTALLED", "DESCRIPTION"],
    ...result.plugins.map((hit) => [printable(hit.repository), String(hit.stars), latestCell(hit, result.platform), installedCell(hit), descriptionCell(hit)]),
  ];
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  // On a terminal, the description gives way so that each repository stays on one line.
  const room = process.stdout.isTTY && process.stdout.columns ? process.stdout.columns - widths.slice(0, 4).reduce((sum, width) => sum + width + 2, 0) : Infinity;
  const lines = rows.map((row) => row.map((cell, col) => (col < 4 ? cell.padEnd(widths[col]!) : shorten(cell, Math.max(room, 20)))).join("  ").trimEnd());
  const footer: string[] = [];
  if (result.more) {
    const more = result.limit < SEARCH_MAX_RESULTS ? `--limit ${Math.min(result.total, SEARCH_MAX_RESULTS)} shows more` : "words after 'search' narrow the list";
    footer.push(`${result.plugins.length} of ${result.total} repositories shown; ${more}.`);
  }
  if (result.incomplete) footer.push("GitHub's search timed out: some repositories may be missing; try again, or search for fewer words.");
  footer.push("Install one with: k3d plugin install OWNER/REPO");
  return [...lines, "", ...footer].join("\n") + "\n";
}

/** `v1.2.0`; `v1.2.0 (no linux/amd64 build)`; `-` without a release; `?` when it could not be read. */
function latestCell(hit: PluginHit, platform: string): string {
  if (hit.latestProblem !== null) return "?";
  if (hit.latest === null) return "- (no release)";
  const tag = printable(hit.latest.tag);
  if (hit.latest.asset === null) return `${tag} (no ${platform} build)`;
  return hit.latest.note ? `${tag} (amd64, Rosetta 2)` : tag;
}

function installedCell(hit: PluginHit): string {
  if (!hit.installed) return "-";
  return printable(hit.installed.tag ? `${hit.installed.name} ${hit.installed.tag}` : hit.installed.name);
}

function descriptionCell(hit: PluginHit): string {
  // The first line, with whatever a terminal would act on shown escaped.
  const description = printable((hit.description ?? "").split(/\r?\n/, 1)[0]!.trim());
  return hit.archived ? `(archived) ${description}`.trimEnd() : description;
}

function shorten(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
