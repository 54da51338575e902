/** `k3d plugin check SOURCE [-o text|json]`: what install would do, on every release platform, without installing (SPEC §9). */
import { defineCommand } from "citty";
import { checkPlugin, type CheckReport, type MetadataCheck, type PlatformCheck } from "../check/check-plugin.ts";
import { printErrorLine } from "../errors.ts";
import { printable } from "../platform/printable.ts";
import { parseSource } from "../sources/parse-source.ts";
import { commandContext } from "./context.ts";
import { commandOf, hooksOf } from "./describe-plugin.ts";
import { strictArgs } from "./strict-args.ts";
import { jsonOutput } from "./terminal-safe-output.ts";

export default defineCommand({
  meta: { name: "check", description: "Show what install would do with a source on every release platform, without installing it" },
  args: {
    source: { type: "positional", required: true, description: "OWNER/REPO, OWNER/REPO@TAG, https://…, or a path to an executable, folder or archive" },
    output: { type: "enum", alias: "o", options: ["text", "json"], default: "text", description: "Output format", valueHint: "text|json" },
  },
  setup: strictArgs(),
  async run({ args }) {
    const ctx = commandContext();
    const source = parseSource(args.source, process.cwd());
    const report = await checkPlugin(source, { env: ctx.env, progress: Boolean(process.stderr.isTTY) });
    process.stdout.write(args.output === "json" ? jsonOutput(report) : text(report));
    if (!report.ok) {
      const where = [...new Set(report.problems.map((problem) => problem.slice(0, problem.indexOf(":"))))];
      printErrorLine(`${printable(report.source)} would not install everywhere: ${count(report.problems.length, "problem")} (${where.join(", ")})`);
      process.exitCode = 1;
    }
  },
});

function text(report: CheckReport): string {
  const lines: string[] = [];
  if (report.release) {
    lines.push(`release ${report.release.repository}@${report.release.tag} (${count(report.release.assets.length, "asset")})`, "");
    lines.push(...platformTable(report.platforms ?? []), "");
  } else {
    lines.push(`${report.kind === "local" ? "path" : "URL"} ${printable(report.metadata.from)}: the same files on every platform`, "");
  }
  lines.push(...metadataLines(report.metadata), "");
  for (const warning of report.warnings) lines.push(`warning: ${printable(warning)}`);
  lines.push(verdict(report));
  return lines.join("\n") + "\n";
}

function platformTable(rows: PlatformCheck[]): string[] {
  const cells = rows.map((row) => [row.platform, row.asset === null ? "-" : printable(row.asset), checksumCell(row)]);
  const table = [["PLATFORM", "ASSET", "CHECKSUM"], ...cells];
  const widths = [0, 1].map((col) => Math.max(...table.map((cells) => cells[col]!.length)));
  const line = (cells: string[]) => cells.map((cell, col) => (col < 2 ? cell.padEnd(widths[col]!) : cell)).join("  ").trimEnd();
  const out = [line(table[0]!)];
  rows.forEach((row, i) => {
    out.push(line(cells[i]!));
    // Messages about names a server chose are already escaped where they quote them.
    for (const [label, message] of [["problem", row.problem], ["note", row.note], ["problem", row.checksumProblem]] as const) {
      if (message) out.push(...labelled(label, message));
    }
  });
  return out;
}

/** `  problem: …`, and the lines after the first of a message (a YAML error shows its line) indented under it. */
function labelled(label: string, message: string): string[] {
  const [first, ...rest] = message.split("\n");
  return [`  ${label}: ${first}`, ...rest.map((line) => `    ${line}`)];
}

function checksumCell(row: PlatformCheck): string {
  if (row.asset === null) return "-";
  if (row.checksumFrom) return printable(row.checksumFrom);
  return row.checksumProblem ? "refused" : "none";
}

function metadataLines(check: MetadataCheck): string[] {
  const asset = check.platform ? `${printable(check.from)} (the ${check.platform} asset${check.verifiedBy ? `, its SHA-256 as ${printable(check.verifiedBy)} gives it` : ""})` : printable(check.from);
  if (check.problem) return [`metadata of ${asset}:`, ...labelled("problem", check.problem)];
  if (check.kind === "info") {
    return [
      `metadata of ${asset}:`,
      `  no plugin.yaml: install would run \`${printable(check.executable ?? "")} metadata\` (K3D_COMMAND=INFO) to ask for it;`,
      "  check runs nothing it downloads, so it cannot say what the answer would be",
      `  executable:  ${printable(check.executable ?? "")}`,
    ];
  }
  const metadata = check.metadata!;
  const fields: [string, string | undefined][] = [
    ["name", metadata.name],
    ["version", metadata.version],
    ["description", metadata.description],
    ["command", commandOf(metadata)],
    ["hooks", hooksOf(metadata)],
    ["k3d", metadata.k3d],
    ["executable", check.executable ?? undefined],
  ];
  return [`plugin.yaml of ${asset}: valid`, ...fields.filter(([, value]) => value !== undefined).map(([key, value]) => `  ${`${key}:`.padEnd(13)}${printable(value!)}`)];
}

function verdict(report: CheckReport): string {
  if (!report.ok) return `${count(report.problems.length, "problem")}: install would fail where the lines above say "problem"`;
  const what = report.metadata.metadata ? `${report.metadata.metadata.name}${report.metadata.metadata.version ? ` ${report.metadata.metadata.version}` : ""}` : "the plugin";
  const where = report.platforms ? ` on all ${report.platforms.length} release platforms` : "";
  return `ok: k3d plugin install ${printable(report.source)} would install ${printable(what)}${where}`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
