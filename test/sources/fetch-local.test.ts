import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, mkdtempSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fetchPlugin } from "../../src/sources/fetch-plugin.ts";
import { parseSource } from "../../src/sources/parse-source.ts";
import { SHELL_PLUGIN, buildTarGz, buildZip, listTree } from "../archive/archive-builders.ts";

const sha256 = (bytes: Uint8Array | string) => new Bun.CryptoHasher("sha256").update(bytes).digest("hex");
let root: string;
let into: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "k3dx-local-"));
  into = join(root, "into");
  mkdirSync(join(root, "src"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const fetchPath = (text: string, sha?: string) => fetchPlugin(parseSource(text, root), into, { env: {}, progress: false, sha256: sha });
const write = (path: string, content: string | Uint8Array, mode = 0o644) => {
  mkdirSync(join(root, path, ".."), { recursive: true });
  writeFileSync(join(root, path), content);
  chmodSync(join(root, path), mode);
};

describe("a local executable", () => {
  test("copied in as k3d-<name> with mode 0755; the original is untouched", async () => {
    write("src/k3d-mirror", SHELL_PLUGIN, 0o700);
    const fetched = await fetchPath("./src/k3d-mirror");
    expect(fetched).toEqual({ dir: join(into, "plugin"), sha256: sha256(SHELL_PLUGIN), assetUrl: join(root, "src/k3d-mirror"), defaultName: "mirror" });
    expect(listTree(fetched.dir)).toEqual(["k3d-mirror"]);
    expect(statSync(join(fetched.dir, "k3d-mirror")).mode & 0o777).toBe(0o755);
    expect(statSync(join(root, "src/k3d-mirror")).mode & 0o777).toBe(0o700);
  });
});

describe("a local archive", () => {
  test(".tar.gz and .zip by their names", async () => {
    const tgz = buildTarGz([{ name: "k3d-mirror", data: SHELL_PLUGIN, mode: 0o755 }]);
    write("src/mirror_linux_amd64.tar.gz", tgz);
    expect((await fetchPath(join(root, "src/mirror_linux_amd64.tar.gz"))).sha256).toBe(sha256(tgz));
    rmSync(into, { recursive: true });
    write("src/mirror.zip", buildZip([{ name: "k3d-mirror", data: SHELL_PLUGIN, mode: 0o755 }]));
    expect(listTree((await fetchPath("./src/mirror.zip")).dir)).toEqual(["k3d-mirror"]);
  });
});

describe("a local folder", () => {
  test("copied with its modes and inside links; the digest is the manifest's, as the shell computes it", async () => {
    write("src/mirror/k3d-mirror", SHELL_PLUGIN, 0o755);
    write("src/mirror/plugin.yaml", "name: mirror\n");
    write("src/mirror/lib/helper.sh", "echo help\n");
    symlinkSync("lib/helper.sh", join(root, "src/mirror/helper"));
    const fetched = await fetchPath("./src/mirror/");
    expect(listTree(fetched.dir)).toEqual(["helper", "k3d-mirror", "lib/", "lib/helper.sh", "plugin.yaml"]);
    expect(statSync(join(fetched.dir, "k3d-mirror")).mode & 0o777).toBe(0o755);
    expect(readlinkSync(join(fetched.dir, "helper"))).toBe("lib/helper.sh");
    expect(fetched.defaultName).toBe("mirror");
    const shell = Bun.spawnSync(["sh", "-c", "find . -type f | sed 's|^\\./||' | LC_ALL=C sort | xargs sha256sum | sha256sum"], { cwd: join(root, "src/mirror") });
    expect(fetched.sha256).toBe(shell.stdout.toString().split(" ")[0]!);
    rmSync(into, { recursive: true });
    await expect(fetchPath("./src/mirror", "2".repeat(64))).rejects.toThrow(`checksum mismatch for folder ./src/mirror: expected ${"2".repeat(64)} (--sha256)`);
    expect(listTree(root).filter((path) => path.startsWith("into"))).toEqual(["into/"]);
  });

  test("a link out of the folder fails the copy, and nothing is left", async () => {
    write("src/mirror/k3d-mirror", SHELL_PLUGIN, 0o755);
    symlinkSync(join(root, "secret"), join(root, "src/mirror/config"));
    await expect(fetchPath("./src/mirror")).rejects.toThrow(`cannot copy ${join(root, "src/mirror")}: link "config" -> "${join(root, "secret")}" points to an absolute path; nothing was installed`);
    symlinkSync("../../secret", join(root, "src/mirror/up"));
    rmSync(join(root, "src/mirror/config"));
    await expect(fetchPath("./src/mirror")).rejects.toThrow('link "up" -> "../../secret" points outside the plugin folder');
    expect(listTree(into)).toEqual([]);
  });
});
