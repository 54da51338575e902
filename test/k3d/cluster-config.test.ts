import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configClusterName, expandEnvLikeGo, readClusterConfig } from "../../src/k3d/cluster-config.ts";
import { replayFor } from "../../src/k3d/config-replay.ts";

describe("expandEnvLikeGo (Go's os.ExpandEnv)", () => {
  const env = { NAME: "dev", EMPTY: "", A_1: "x", "1": "one", "*": "star" };
  test("$NAME and ${NAME}; unset is empty", () => {
    expect(expandEnvLikeGo("name: $NAME-${NAME}", env)).toBe("name: dev-dev");
    expect(expandEnvLikeGo("[$MISSING]", env)).toBe("[]");
    expect(expandEnvLikeGo("$A_1.$EMPTY.", env)).toBe("x..");
  });

  test("special one-character names", () => {
    expect(expandEnvLikeGo("$1 $* ${1}", env)).toBe("one star one");
  });

  test("a $ that names nothing stays; bad brace syntax is eaten", () => {
    expect(expandEnvLikeGo("cost: 5$ and $ alone, trailing $", env)).toBe("cost: 5$ and $ alone, trailing $");
    expect(expandEnvLikeGo("a${}b", env)).toBe("ab");
    expect(expandEnvLikeGo("a${NAME", env)).toBe("aNAME");
  });
});

describe("configClusterName", () => {
  test("metadata.name, after expansion", () => {
    expect(configClusterName("apiVersion: k3d.io/v1alpha5\nkind: Simple\nmetadata:\n  name: ${N}\n", { N: "fromenv" })).toEqual({ ok: true, name: "fromenv" });
  });

  test("no metadata.name, or an empty file: no name (k3d's default applies)", () => {
    expect(configClusterName("kind: Simple\n", {})).toEqual({ ok: true, name: undefined });
    expect(configClusterName("", {})).toEqual({ ok: true, name: undefined });
    expect(configClusterName("metadata:\n  name: ''\n", {})).toEqual({ ok: true, name: undefined });
  });

  test("YAML that does not parse, or is not a map, is an error", () => {
    expect(configClusterName("metadata: [unclosed\n", {}).ok).toBe(false);
    expect(configClusterName("- a list\n", {}).ok).toBe(false);
  });
});

describe("readClusterConfig", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "k3dx-config-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("a file: its name, and stdin left alone", async () => {
    const file = join(dir, "c.yaml");
    writeFileSync(file, "metadata:\n  name: filed\n");
    let stdinRead = false;
    const reading = await readClusterConfig(file, {}, async () => {
      stdinRead = true;
      return new Uint8Array();
    });
    expect(reading).toEqual({ ok: true, name: "filed", replay: {} });
    expect(stdinRead).toBe(false);
  });

  test("'-': stdin is read and its exact bytes are kept for k3d", async () => {
    const bytes = new TextEncoder().encode("metadata:\n  name: piped # ü\n");
    const reading = await readClusterConfig("-", {}, async () => bytes);
    expect(reading.ok && reading.name).toBe("piped");
    expect(reading.replay.stdin).toBe(bytes);
  });

  test("a stream is read once and its bytes handed back where k3d will look", () => {
    const bytes = new TextEncoder().encode("x");
    const fifo = join(dir, "fifo");
    Bun.spawnSync(["mkfifo", fifo]);
    expect(replayFor("/dev/fd/63", bytes)).toEqual({ fds: new Map([[63, bytes]]) });
    expect(replayFor("/proc/self/fd/0", bytes)).toEqual({ stdin: bytes });
    expect(replayFor("/dev/stdin", bytes)).toEqual({ stdin: bytes });
    expect(replayFor(fifo, bytes)).toEqual({ fifo: { path: fifo, bytes } });
    const file = join(dir, "c.yaml");
    writeFileSync(file, "x");
    expect(replayFor(file, bytes)).toEqual({});
  });

  test("a missing file or a broken one: not ok, with a reason", async () => {
    const missing = await readClusterConfig(join(dir, "nope.yaml"), {});
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.reason).toContain("nope.yaml");
    const broken = await readClusterConfig("-", {}, async () => new TextEncoder().encode("a: [\n"));
    expect(broken.ok).toBe(false);
    expect(broken.replay.stdin).toBeDefined();
  });
});
