/**
 * What every `k3d plugin …` command needs from the dispatcher. citty passes nothing
 * down to sub-commands, so the runner sets this once before running the tree.
 */
import type { DispatchContext } from "../context.ts";
import type { CommandLine } from "../k3d/command-line.ts";

export interface CommandContext extends DispatchContext {
  /** The whole k3d command line (for --verbose / --trace). */
  line: CommandLine;
}

let current: CommandContext | undefined;

export function setCommandContext(ctx: CommandContext): void {
  current = ctx;
}

export function commandContext(): CommandContext {
  if (!current) throw new Error("plugin command run outside the plugin manager");
  return current;
}
