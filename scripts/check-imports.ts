/**
 * `npm run check:imports` (CI runs it): the rooms of src/ stay floors, every arrow
 * pointing down. It reads every import of src/ — static, `import type`, lazy `import()`
 * and `require()` of our own files — and fails, naming the files, on
 *
 *   1. an import cycle between files;
 *   2. a cycle between rooms (the folders of src/; a file at the top level is a room of
 *      its own), even when no two files form one;
 *   3. a room reaching above its floor: the router (dispatch/) is imported by main.ts
 *      alone, the process primitives (process/) import nothing of ours but platform/,
 *      errors.ts and limits.ts, and limits.ts — the numbers every room reads — imports
 *      nothing at all.
 *
 * Type-only imports count: they are part of the structure a reader has to hold.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";

const SRC = join(import.meta.dir, "..", "src");
/** `from "./x.ts"`, `import("./x.ts")`, `require("./x.ts")` — our own files only. */
const IMPORT = /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*)["'](\.{1,2}\/[^"']+)["']/g;

/** Which rooms each room may import, when it is limited (others may import any room below them). */
const ALLOWED: Record<string, readonly string[]> = {
  process: ["process", "platform", "errors.ts", "limits.ts"],
  platform: ["platform", "limits.ts"],
  "limits.ts": ["limits.ts"],
};
/** Rooms only these files may import. */
const IMPORTED_ONLY_BY: Record<string, readonly string[]> = {
  dispatch: ["main.ts", "dispatch"],
};

export interface ImportGraph {
  /** File (relative to src/) → the files it imports. */
  edges: Map<string, Set<string>>;
}

export function readImportGraph(root = SRC): ImportGraph {
  const edges = new Map<string, Set<string>>();
  for (const file of sourceFiles(root)) {
    const text = readFileSync(join(root, file), "utf8");
    const targets = new Set<string>();
    for (const match of text.matchAll(IMPORT)) {
      const target = normalize(join(dirname(file), match[1]!));
      if (target.endsWith(".ts")) targets.add(target);
    }
    edges.set(file, targets);
  }
  return { edges };
}

export function roomOf(file: string): string {
  const slash = file.indexOf("/");
  return slash < 0 ? file : file.slice(0, slash);
}

/** Every problem, one line each; empty when the structure holds. */
export function findProblems(graph: ImportGraph): string[] {
  const problems: string[] = [];
  for (const cycle of cycles(graph.edges)) problems.push(`import cycle between files: ${cycle.join(" → ")} → ${cycle[0]}`);

  const rooms = new Map<string, Set<string>>();
  const why = new Map<string, string>();
  for (const [file, targets] of graph.edges) {
    for (const target of targets) {
      const [from, to] = [roomOf(file), roomOf(target)];
      if (from === to) continue;
      if (!rooms.has(from)) rooms.set(from, new Set());
      rooms.get(from)!.add(to);
      why.set(`${from}→${to}`, `${file} imports ${target}`);
      const allowed = ALLOWED[from];
      if (allowed && !allowed.includes(to)) problems.push(`${from.endsWith(".ts") ? from : `${from}/`} may import only ${allowed.join(", ")}: ${file} imports ${target}`);
      const only = IMPORTED_ONLY_BY[to];
      if (only && !only.includes(from)) problems.push(`${to}/ is the top of the program and only ${only.join(", ")} may import it: ${file} imports ${target}`);
    }
  }
  for (const cycle of cycles(rooms)) {
    const steps = cycle.map((room, i) => why.get(`${room}→${cycle[(i + 1) % cycle.length]}`));
    problems.push(`rooms import each other: ${cycle.join(" → ")} → ${cycle[0]} (${steps.join("; ")})`);
  }
  return problems;
}

/** The strongly connected components of more than one node (Tarjan), each as a list. */
function cycles(edges: Map<string, Set<string>>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    indices.set(node, index);
    low.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, indices.get(next)!));
      }
    }
    if (low.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || edges.get(node)?.has(node)) found.push(component.reverse());
    }
  };
  for (const node of [...edges.keys()].sort()) if (!indices.has(node)) visit(node);
  return found;
}

function sourceFiles(root: string, dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(root, path);
    return entry.name.endsWith(".ts") ? [relative(root, path)] : [];
  });
}

if (import.meta.main) {
  const problems = findProblems(readImportGraph());
  for (const problem of problems) process.stderr.write(`${problem}\n`);
  if (problems.length > 0) process.exit(1);
  process.stdout.write("imports: no cycles, every room on its floor\n");
}
