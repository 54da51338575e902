/**
 * The part of a scaffolded plugin that answers its hooks: one branch per event asked
 * for, each with a comment on what k3dx gives a hook at that moment, so an author
 * starts from the right place. Every branch prints the line test.sh looks for:
 * "NAME: EVENT for cluster C", except the two cleanup events, which say what they get —
 * cluster-gc is about every live cluster at once (no K3D_CLUSTER), and an undo says why.
 */

const PAST: Record<string, string> = { create: "created", delete: "deleted", start: "started", stop: "stopped", restart: "restarted" };

/** What a hook of this event can count on, in a sentence or two. */
export function eventComment(event: string): string {
  if (event === "cluster-gc") {
    return "`k3d plugin gc`, and after every delete: once, not per cluster. K3D_CLUSTER is empty; K3D_CLUSTERS names every live cluster (joined by ;), and stdin's `clusters` holds them as `k3d cluster list -o json` does. What is yours and whose cluster is not live is a leftover, except what is younger than a few minutes: a create may be in its pre phase. K3D_DRY_RUN=1: only say what you would remove.";
  }
  if (event === "undo-cluster-create") {
    return "A create whose pre phase started did not complete: K3D_UNDO_REASON is k3d-failed (K3D_EXIT_STATUS is k3d's), hook-failed or interrupted. Remove what your pre-cluster-create hook made, if it made anything, but never what a live cluster of this name uses: when the name was taken, K3D_DOCKER_NETWORK is that cluster's.";
  }
  const lifecycle = /^(pre|post)-cluster-(create|delete|start|stop|restart)$/.exec(event);
  if (!lifecycle) return `See docs/plugin-authors.md for what ${event} hooks get.`;
  const [, when, verb] = lifecycle as unknown as [string, string, string];
  if (event === "pre-cluster-create") {
    return "Before k3d creates the cluster: it does not exist yet, so the K3D_DOCKER_* variables are empty. Arguments written to $K3D_RESULT are added to k3d's command line.";
  }
  if (event === "post-cluster-delete") return "After k3d deleted the cluster. Its context was read before the delete: K3D_DOCKER_NETWORK still names the network it had.";
  if (when === "pre") return `Before k3d ${verb === "stop" ? "stops" : `${verb}s`} the cluster. Arguments written to $K3D_RESULT are added to k3d's command line; a non-zero exit stops the command.`;
  return `After k3d ${PAST[verb]} the cluster.`;
}

/** `case` branches of the shell template, indented for their place in it. */
export function shellHookCases(name: string, events: readonly string[]): string {
  return events
    .map((event) =>
      [
        `      ${event})`,
        ...wrap(eventComment(event), 84).map((line) => `        # ${line}`),
        `        ${shellSay(name, event)}`,
        "        ;;",
      ].join("\n"),
    )
    .join("\n");
}

/** `case` clauses of the TypeScript template's `switch (event)`. */
export function typescriptHookCases(name: string, events: readonly string[]): string {
  return events
    .map((event) =>
      [
        `    case "${event}":`,
        ...wrap(eventComment(event), 86).map((line) => `      // ${line}`),
        `      ${typescriptSay(name, event)}`,
        "      break;",
      ].join("\n"),
    )
    .join("\n");
}

/** The shell branch's line: what the hook got, as test.sh expects it. */
function shellSay(name: string, event: string): string {
  if (event === "cluster-gc") return `echo "${name}: $K3D_EVENT, live clusters: \${K3D_CLUSTERS:-none}\${K3D_DRY_RUN:+ (dry run)}"`;
  if (event === "undo-cluster-create") return `echo "${name}: $K3D_EVENT for cluster $K3D_CLUSTER (\${K3D_UNDO_REASON:-no reason})"`;
  return `echo "${name}: $K3D_EVENT for cluster \${K3D_CLUSTER:-?}"`;
}

/** The TypeScript clause's line, the same as the shell one. */
function typescriptSay(name: string, event: string): string {
  if (event === "cluster-gc") {
    return `console.log(\`${name}: \${event}, live clusters: \${env.K3D_CLUSTERS || "none"}\${env.K3D_DRY_RUN === "1" ? " (dry run)" : ""}\`);`;
  }
  if (event === "undo-cluster-create") return `console.log(\`${name}: \${event} for cluster \${cluster} (\${env.K3D_UNDO_REASON || "no reason"})\`);`;
  return `console.log(\`${name}: \${event} for cluster \${cluster}\`);`;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
