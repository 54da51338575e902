/**
 * The part of a scaffolded plugin that answers its hooks: one branch per event asked
 * for, each with a comment on what k3dx gives a hook at that moment, so an author
 * starts from the right place. Every branch prints the line test.sh looks for.
 */

const PAST: Record<string, string> = { create: "created", delete: "deleted", start: "started", stop: "stopped", restart: "restarted" };

/** What a hook of this event can count on, in a sentence or two. */
export function eventComment(event: string): string {
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
        `        echo "${name}: $K3D_EVENT for cluster \${K3D_CLUSTER:-?}"`,
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
        `      console.log(\`${name}: \${event} for cluster \${cluster}\`);`,
        "      break;",
      ].join("\n"),
    )
    .join("\n");
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
