import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configClusterName, expandEnvLikeGo, readClusterConfig } from "../../src/k3d/cluster-config.ts";
import { replayFor } from "../../src/k3d/config-replay.ts";
import { k3dRelease } from "../../src/k3d/k3d-release.ts";

const at = (version: string) => k3dRelease(version);
/** A config of `apiVersion` naming `name` where that apiVersion keeps it. */
function config(apiVersion: string, name: string, extra = ""): string {
  const where = apiVersion.endsWith("v1alpha2") || apiVersion.endsWith("v1alpha3") ? `name: ${name}\n` : `metadata:\n  name: ${name}\n`;
  return `apiVersion: ${apiVersion}\nkind: Simple\n${where}${extra}`;
}

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

describe("configClusterName: every apiVersion, where it keeps the name", () => {
  test("v1alpha4 and v1alpha5: metadata.name, after expansion", () => {
    expect(configClusterName(config("k3d.io/v1alpha5", "${N}"), { N: "fromenv" })).toEqual({ ok: true, name: "fromenv" });
    expect(configClusterName(config("k3d.io/v1alpha4", "four"), {})).toEqual({ ok: true, name: "four" });
  });

  test("v1alpha2 and v1alpha3: the top-level name (k3d migrates it to metadata.name)", () => {
    expect(configClusterName(config("k3d.io/v1alpha3", "three"), {})).toEqual({ ok: true, name: "three" });
    expect(configClusterName(config("k3d.io/v1alpha2", "two", "servers: 1\n"), {})).toEqual({ ok: true, name: "two" });
    // The other place is no place: v1alpha3 has no metadata, v1alpha5 no top-level name.
    expect(configClusterName("apiVersion: k3d.io/v1alpha3\nkind: Simple\nmetadata:\n  name: x\n", {}).ok).toBe(false);
    expect(configClusterName("apiVersion: k3d.io/v1alpha5\nkind: Simple\nname: x\n", {}).ok).toBe(false);
  });

  test("apiVersion is compared without case, as k3d looks up its schema", () => {
    expect(configClusterName("apiVersion: K3D.io/V1ALPHA5\nkind: Simple\n", {}).ok).toBe(false); // the schema's enum is exact
    expect(configClusterName("apiVersion: k3d.io/v1alpha5\nkind: Simple\n", {})).toEqual({ ok: true, name: undefined });
  });

  test("each release reads the apiVersions it knows: v1alpha4 from v5.3.0, v1alpha5 from v5.5.0", () => {
    expect(configClusterName(config("k3d.io/v1alpha5", "x"), {}, at("v5.4.9"))).toEqual({
      ok: false,
      reason: "apiVersion 'k3d.io/v1alpha5' is not one k3d v5.4.9 reads (k3d.io/v1alpha2, k3d.io/v1alpha3, k3d.io/v1alpha4)",
    });
    expect(configClusterName(config("k3d.io/v1alpha5", "x"), {}, at("v5.5.0"))).toEqual({ ok: true, name: "x" });
    expect(configClusterName(config("k3d.io/v1alpha4", "x"), {}, at("v5.2.2")).ok).toBe(false);
    expect(configClusterName(config("k3d.io/v1alpha4", "x"), {}, at("v5.3.0"))).toEqual({ ok: true, name: "x" });
    expect(configClusterName(config("k3d.io/v1alpha2", "x"), {}, at("v5.0.0"))).toEqual({ ok: true, name: "x" });
  });

  test("no name: k3d's default applies; no apiVersion, or an empty file: k3d refuses it", () => {
    expect(configClusterName("apiVersion: k3d.io/v1alpha5\nkind: Simple\nservers: 1\n", {})).toEqual({ ok: true, name: undefined });
    expect(configClusterName("kind: Simple\n", {}).ok).toBe(false);
    expect(configClusterName("", {}).ok).toBe(false);
  });

  test("viper's environment binding: K3D_NAME and K3D_METADATA_NAME replace a name the file sets", () => {
    expect(configClusterName(config("k3d.io/v1alpha3", "file"), { K3D_NAME: "env" })).toEqual({ ok: true, name: "env" });
    expect(configClusterName(config("k3d.io/v1alpha5", "file"), { K3D_METADATA_NAME: "env" })).toEqual({ ok: true, name: "env" });
    // Only a name the file sets; an empty variable is unset to viper.
    expect(configClusterName("apiVersion: k3d.io/v1alpha5\nkind: Simple\n", { K3D_METADATA_NAME: "env" })).toEqual({ ok: true, name: undefined });
    expect(configClusterName(config("k3d.io/v1alpha5", "file"), { K3D_METADATA_NAME: "" })).toEqual({ ok: true, name: "file" });
    // Before v5.4.7 viper had no key replacer: the variable would be K3D_METADATA.NAME.
    expect(configClusterName(config("k3d.io/v1alpha4", "file"), { K3D_METADATA_NAME: "env" }, at("v5.4.6"))).toEqual({ ok: true, name: "file" });
  });
});

describe("configClusterName: what k3d's schema check refuses", () => {
  const refused = (text: string, release = at("v5.9.0")) => {
    const result = configClusterName(text, {}, release);
    return result.ok ? undefined : result.reason;
  };

  test("kind other than Simple, an unknown field, a name that is no string or no hostname", () => {
    expect(refused("apiVersion: k3d.io/v1alpha5\nkind: Cluster\n")).toBe('it fails k3d\'s schema for k3d.io/v1alpha5: kind: kind must be one of the following: "Simple"');
    expect(refused("apiVersion: k3d.io/v1alpha5\nkind: Simple\nservres: 3\n")).toBe("it fails k3d's schema for k3d.io/v1alpha5: (root): Additional property servres is not allowed");
    expect(refused(config("k3d.io/v1alpha5", "123"))).toBe("it fails k3d's schema for k3d.io/v1alpha5: metadata.name: Invalid type. Expected: string, given: integer");
    expect(refused(config("k3d.io/v1alpha5", "''"))).toBe("it fails k3d's schema for k3d.io/v1alpha5: metadata.name: Does not match format 'hostname'");
    expect(refused(config("k3d.io/v1alpha3", "under_score"))).toContain("name: Does not match format 'hostname'");
    expect(refused(config("k3d.io/v1alpha5", "x", "servers: 0\n"))).toContain("servers: Must be greater than or equal to 1");
    expect(refused(config("k3d.io/v1alpha5", "x", "options:\n  k3d:\n    wait: maybe\n"))).toContain("options.k3d.wait: Invalid type. Expected: boolean, given: string");
    expect(refused(config("k3d.io/v1alpha5", "x", "kubeAPI:\n  hostIP: 300.1.1.1\n"))).toContain("kubeAPI.hostIP: Does not match format 'ipv4'");
    expect(refused(config("k3d.io/v1alpha5", "x", "files:\n  - source: a\n"))).toContain("files.0: destination is required");
  });

  test("YAML 1.1 as k3d's checker reads it: yes is a boolean, a port pair and a date stay strings", () => {
    expect(refused(config("k3d.io/v1alpha5", "yes"))).toContain("metadata.name: Invalid type. Expected: string, given: boolean");
    const ports = "ports:\n  - port: 8080:80\n    nodeFilters: [loadbalancer]\n";
    expect(refused(config("k3d.io/v1alpha5", "x", ports))).toBeUndefined();
    expect(refused(config("k3d.io/v1alpha5", "x", "token: 2024-01-01\n"))).toBeUndefined();
  });

  test("what k3d accepts passes: every field of a full v1alpha5 config", () => {
    const full = `apiVersion: k3d.io/v1alpha5
kind: Simple
metadata:
  name: full.example
servers: 1
agents: 2
kubeAPI:
  host: "myhost.my.domain"
  hostIP: "127.0.0.1"
  hostPort: "6445"
image: rancher/k3s:v1.31.5-k3s1
network: my-custom-net
subnet: "172.28.0.0/16"
token: superSecretToken
volumes:
  - volume: /my/host/path:/path/in/node
    nodeFilters: [server:0, agent:*]
ports:
  - port: 8080:80
    nodeFilters: [loadbalancer]
env:
  - envVar: bar=baz
    nodeFilters: [server:0]
registries:
  create:
    name: registry.localhost
    host: "0.0.0.0"
    hostPort: "5000"
    proxy:
      remoteURL: https://registry-1.docker.io
    volumes: [/some/path:/var/lib/registry]
  use: [k3d-myotherregistry:5000]
  config: |
    mirrors:
      "my.company.registry":
        endpoint: ["http://my.company.registry:5000"]
hostAliases:
  - ip: 1.2.3.4
    hostnames: [my.host.local, that.other.local]
options:
  k3d:
    wait: true
    timeout: "60s"
    disableLoadbalancer: false
    disableImageVolume: false
    disableRollback: false
    loadbalancer:
      configOverrides: [settings.workerConnections=2048]
  k3s:
    extraArgs:
      - arg: "--tls-san=my.host.domain"
        nodeFilters: [server:*]
    nodeLabels:
      - label: foo=bar
        nodeFilters: [agent:1]
  kubeconfig:
    updateDefaultKubeconfig: true
    switchCurrentContext: true
  runtime:
    gpuRequest: all
    labels:
      - label: bar=baz
        nodeFilters: [agent:1]
    ulimits:
      - name: nofile
        soft: 26677
        hard: 26677
`;
    expect(configClusterName(full, {})).toEqual({ ok: true, name: "full.example" });
  });

  test("a field newer than the k3d in use is refused as that k3d refuses it", () => {
    const files = config("k3d.io/v1alpha5", "x", "files:\n  - source: a\n    destination: /b\n");
    expect(refused(files, at("v5.7.0"))).toBeUndefined();
    expect(refused(files, at("v5.6.3"))).toBe("it fails k3d's schema for k3d.io/v1alpha5: (root): Additional property files is not allowed");
    const enforce = config("k3d.io/v1alpha5", "x", "registries:\n  create:\n    enforcePortMatch: true\n");
    expect(refused(enforce, at("v5.8.3"))).toContain("Additional property enforcePortMatch is not allowed");
    expect(refused(enforce, at("v5.9.0"))).toBeUndefined();
    const proxy = config("k3d.io/v1alpha4", "x", "registries:\n  create:\n    proxy:\n      remoteURL: https://x\n");
    expect(refused(proxy, at("v5.4.2"))).toContain("Additional property proxy is not allowed");
    expect(refused(proxy, at("v5.4.3"))).toBeUndefined();
    // v5.0.0 wanted the v1alpha3 timeout as a string; v5.0.1 took any type.
    const timeout = config("k3d.io/v1alpha3", "x", "options:\n  k3d:\n    timeout: 60\n");
    expect(refused(timeout, at("v5.0.0"))).toContain("options.k3d.timeout: Invalid type. Expected: string, given: integer");
    expect(refused(timeout, at("v5.0.1"))).toBeUndefined();
  });

  test("until v5.0.2 the schema saw the file before $VARIABLES were expanded", () => {
    const text = config("k3d.io/v1alpha3", "${NAME}");
    expect(configClusterName(text, { NAME: "dev" }, at("v5.0.1")).ok).toBe(false);
    expect(configClusterName(text, { NAME: "dev" }, at("v5.0.2"))).toEqual({ ok: true, name: "dev" });
  });

  test("YAML that does not parse, is not a map, or sets a key twice is refused", () => {
    expect(refused("metadata: [unclosed\n")).toStartWith("it is not valid YAML");
    expect(refused("- a list\n")).toBe("it is not a YAML map");
    expect(refused("apiVersion: k3d.io/v1alpha5\nkind: Simple\nkind: Simple\n")).toStartWith("it is not valid YAML");
  });
});

describe("readClusterConfig", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "k3dx-config-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("a file: its name, and stdin left alone", async () => {
    const file = join(dir, "c.yaml");
    writeFileSync(file, config("k3d.io/v1alpha5", "filed"));
    let stdinRead = false;
    const reading = await readClusterConfig(file, {}, async () => {
      stdinRead = true;
      return new Uint8Array();
    });
    expect(reading).toEqual({ ok: true, name: "filed", replay: {} });
    expect(stdinRead).toBe(false);
  });

  test("'-': stdin is read and its exact bytes are kept for k3d", async () => {
    const bytes = new TextEncoder().encode(config("k3d.io/v1alpha5", "piped # ü"));
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
