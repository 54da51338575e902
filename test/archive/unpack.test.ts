import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EntryWriter } from "../../src/archive/entry-writer.ts";
import { unpackFile } from "../../src/archive/unpack.ts";
import type { UnpackLimits } from "../../src/archive/unpack-limits.ts";
import { K3dxError } from "../../src/errors.ts";
import { SHELL_PLUGIN, buildTar, buildTarGz, buildZip, fakeProgram, listTree, type TestEntry } from "./archive-builders.ts";

let root: string;
/** Where archives are written; `into/plugin` is where they unpack. */
let sources: string;
let into: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "k3dx-unpack-"));
  sources = join(root, "sources");
  into = join(root, "into");
  mkdirSync(sources);
  mkdirSync(into);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

async function unpack(name: string, bytes: Uint8Array, limits?: UnpackLimits) {
  const file = join(sources, name);
  writeFileSync(file, bytes);
  const dir = join(into, "plugin");
  const kind = await unpackFile({ file, name, dir, executableName: "k3d-mirror", limits });
  return { dir, kind };
}

async function unpackError(name: string, bytes: Uint8Array, limits?: UnpackLimits): Promise<string> {
  try {
    await unpack(name, bytes, limits);
  } catch (error) {
    expect(error).toBeInstanceOf(K3dxError);
    return (error as Error).message;
  }
  throw new Error(`unpacking ${name} should have failed`);
}

/** Nothing but the source archive outside `into`, and nothing in `into` but the plugin folder. */
function expectNothingOutsideInto(name: string) {
  const outside = listTree(root).filter((path) => !path.startsWith("into/plugin/"));
  expect(outside.filter((path) => path !== "into/plugin/")).toEqual(["into/", "sources/", `sources/${name}`]);
}

const plugin: TestEntry[] = [
  { name: "mirror/", type: "folder" },
  { name: "mirror/k3d-mirror", data: SHELL_PLUGIN, mode: 0o755 },
  { name: "mirror/plugin.yaml", data: "name: mirror\n" },
  { name: "mirror/docs/README.md", data: "# mirror\n" },
];

describe("tar and tar.gz", () => {
  for (const [name, build] of [
    ["mirror_linux_amd64.tar.gz", buildTarGz],
    ["mirror_linux_amd64.tgz", buildTarGz],
    ["mirror_linux_amd64.tar", buildTar],
  ] as const) {
    test(`${name}: files, folders and the executable bit`, async () => {
      const { dir, kind } = await unpack(name, build(plugin));
      expect(kind).toBe(name.endsWith(".tar") ? "tar" : "tar.gz");
      expect(listTree(dir)).toEqual(["mirror/", "mirror/docs/", "mirror/docs/README.md", "mirror/k3d-mirror", "mirror/plugin.yaml"]);
      expect(statSync(join(dir, "mirror/k3d-mirror")).mode & 0o777).toBe(0o755);
      expect(statSync(join(dir, "mirror/plugin.yaml")).mode & 0o777).toBe(0o644);
      expect(readFileSync(join(dir, "mirror/k3d-mirror"), "utf8")).toBe(SHELL_PLUGIN);
    });
  }

  test("long names as pax records and as GNU long-name entries", async () => {
    const long = `deep/${"d".repeat(120)}/k3d-mirror`;
    for (const longNames of ["pax", "gnu"] as const) {
      rmSync(join(into, "plugin"), { recursive: true, force: true });
      const { dir } = await unpack("long.tar", buildTar([{ name: long, data: "x", mode: 0o755 }, { name: "short", type: "symlink", target: long }], { longNames }));
      expect(readFileSync(join(dir, long), "utf8")).toBe("x");
      expect(readlinkSync(join(dir, "short"))).toBe(long);
    }
  });

  test("links that stay inside the folder are kept", async () => {
    const { dir } = await unpack("links.tar.gz", buildTarGz([
      { name: "bin/real", data: "program", mode: 0o755 },
      { name: "k3d-mirror", type: "symlink", target: "bin/real" },
      { name: "bin/again", type: "hardlink", target: "bin/real" },
      { name: "bin/up", type: "symlink", target: "../k3d-mirror" },
    ]));
    expect(readlinkSync(join(dir, "k3d-mirror"))).toBe("bin/real");
    expect(statSync(join(dir, "bin/again")).ino).toBe(statSync(join(dir, "bin/real")).ino);
    expect(readFileSync(join(dir, "bin/up"), "utf8")).toBe("program");
  });

  test("setuid and group/other write bits are dropped", async () => {
    const { dir } = await unpack("modes.tar", buildTar([{ name: "k3d-mirror", data: "x", mode: 0o4777 }]));
    expect(statSync(join(dir, "k3d-mirror")).mode & 0o7777).toBe(0o755);
  });

  test("an archive without end blocks is read to its last entry", async () => {
    const { dir } = await unpack("short.tar", buildTar([{ name: "k3d-mirror", data: "x" }], { noEndBlocks: true }));
    expect(listTree(dir)).toEqual(["k3d-mirror"]);
  });

  test("a later entry of the same name replaces the earlier one instead of writing through it", async () => {
    const { dir } = await unpack("twice.tar", buildTar([
      { name: "target", data: "inside" },
      { name: "k3d-mirror", type: "symlink", target: "target" },
      { name: "k3d-mirror", data: "replaced", mode: 0o755 },
    ]));
    expect(lstatSync(join(dir, "k3d-mirror")).isFile()).toBe(true);
    expect(readFileSync(join(dir, "target"), "utf8")).toBe("inside");
  });
});

describe("zip", () => {
  test("-darwin-arm64.zip: deflated and stored entries, modes and links kept", async () => {
    for (const deflate of [true, false]) {
      rmSync(join(into, "plugin"), { recursive: true, force: true });
      const { dir, kind } = await unpack("mirror-darwin-arm64.zip", buildZip([...plugin, { name: "k3d-link", type: "symlink", target: "mirror/k3d-mirror" }], { deflate }));
      expect(kind).toBe("zip");
      expect(listTree(dir)).toEqual(["k3d-link", "mirror/", "mirror/docs/", "mirror/docs/README.md", "mirror/k3d-mirror", "mirror/plugin.yaml"]);
      expect(statSync(join(dir, "mirror/k3d-mirror")).mode & 0o777).toBe(0o755);
      expect(readFileSync(join(dir, "mirror/k3d-mirror"), "utf8")).toBe(SHELL_PLUGIN);
      expect(readlinkSync(join(dir, "k3d-link"))).toBe("mirror/k3d-mirror");
    }
  });

  test("a zip made on Windows has no modes: files get 0644", async () => {
    const { dir } = await unpack("mirror-windows-amd64.zip", buildZip([{ name: "k3d-mirror.exe", data: "MZ" }, { name: "sub", type: "folder" }], { unix: false }));
    expect(statSync(join(dir, "k3d-mirror.exe")).mode & 0o777).toBe(0o644);
    expect(statSync(join(dir, "sub")).isDirectory()).toBe(true);
  });

  test("an entry with a FIFO's mode is written as a plain file, as unzip does", async () => {
    const { dir } = await unpack("piped.zip", buildZip([{ name: "k3d-mirror", type: "fifo", data: "x", mode: 0o755 }], { deflate: false }));
    expect(lstatSync(join(dir, "k3d-mirror")).isFile()).toBe(true);
  });

  test("a corrupt entry fails its CRC check", async () => {
    const zip = buildZip([{ name: "k3d-mirror", data: "hello world, hello world" }], { deflate: false });
    const firstDataByte = 30 + "k3d-mirror".length;
    zip[firstDataByte] = zip[firstDataByte]! ^ 0xff;
    expect(await unpackError("bad.zip", zip)).toMatch(/^cannot unpack bad\.zip: the data of "k3d-mirror" is corrupt/);
  });

  test("a cut-short zip says so", async () => {
    const zip = buildZip(plugin);
    expect(await unpackError("cut.zip", zip.subarray(0, zip.length - 30))).toMatch(/not a zip archive, or it is cut short/);
  });
});

describe("bare executables", () => {
  test("-linux-x86_64: written under the given name with mode 0755", async () => {
    const { dir, kind } = await unpack("mirror-linux-x86_64", fakeProgram());
    expect(kind).toBe("executable");
    expect(listTree(dir)).toEqual(["k3d-mirror"]);
    expect(statSync(join(dir, "k3d-mirror")).mode & 0o777).toBe(0o755);
  });

  test("a script with #! is a program; an HTML page is not", async () => {
    expect((await unpack("k3d-mirror", new TextEncoder().encode(SHELL_PLUGIN))).kind).toBe("executable");
    rmSync(join(into, "plugin"), { recursive: true });
    expect(await unpackError("k3d-mirror", new TextEncoder().encode("<!DOCTYPE html><html>Not Found</html>"))).toBe(
      "cannot unpack k3d-mirror: it is neither an archive nor a program (no ELF, Mach-O or PE header, no #! line); nothing was installed",
    );
  });

  test("a file without an extension is recognized by its bytes", async () => {
    const { kind, dir } = await unpack("download", buildTarGz(plugin));
    expect(kind).toBe("tar.gz");
    expect(listTree(dir)).toContain("mirror/k3d-mirror");
  });
});

describe("what cannot be unpacked", () => {
  test("unsupported kinds name the supported ones", async () => {
    expect(await unpackError("mirror_linux_amd64.tar.xz", new Uint8Array([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0]))).toBe(
      "cannot unpack mirror_linux_amd64.tar.xz: .tar.xz files are not supported (k3dx installs .tar.gz, .tgz, .tar, .zip or a bare executable); nothing was installed",
    );
    expect(await unpackError("mirror.rar", new Uint8Array([0x52, 0x61, 0x72, 0x21]))).toMatch(/\.rar files are not supported/);
    expect(await unpackError("download", new Uint8Array([0x52, 0x61, 0x72, 0x21, 0, 0]))).toMatch(/rar files are not supported/);
  });

  test("a .tar.gz that is not gzip, corrupt gzip, a cut-short tar, an empty file", async () => {
    expect(await unpackError("a.tar.gz", new TextEncoder().encode("<html>"))).toMatch(/a\.tar\.gz: its content is not gzip data/);
    const gz = buildTarGz(plugin);
    expect(await unpackError("b.tar.gz", gz.subarray(0, gz.length / 2))).toMatch(/b\.tar\.gz: its gzip data is corrupt or cut short/);
    const tar = buildTar([{ name: "k3d-mirror", data: "x".repeat(2000) }]);
    expect(await unpackError("c.tar", tar.subarray(0, 1024))).toBe('cannot unpack c.tar: the tar archive is cut short inside "k3d-mirror"; nothing was installed');
    expect(await unpackError("d.tar", new Uint8Array(0))).toMatch(/d\.tar: the file is empty/);
    expect(await unpackError("e.tar", new TextEncoder().encode("x".repeat(600)))).toMatch(/e\.tar: it is not a tar archive/);
  });
});

describe("hostile archives fail, and write nothing outside the folder", () => {
  const hostile: [string, TestEntry[], RegExp][] = [
    ["../ in a name", [{ name: "ok", data: "x" }, { name: "../../../escaped", data: "x" }], /entry "\.\.\/\.\.\/\.\.\/escaped" climbs out of the plugin folder with "\.\."/],
    ["../ in the middle of a name", [{ name: "a/../../../../escaped", data: "x" }], /climbs out of the plugin folder/],
    ["an absolute name", [{ name: `${"/tmp"}/k3dx-escaped`, data: "x" }], /entry "\/tmp\/k3dx-escaped" has an absolute path/],
    ["a Windows-style ..\\ name", [{ name: "..\\..\\..\\escaped", data: "x" }], /climbs out of the plugin folder/],
    ["a symlink to an absolute path", [{ name: "k3d-mirror", type: "symlink", target: "/etc/passwd" }], /link "k3d-mirror" -> "\/etc\/passwd" points to an absolute path/],
    ["a symlink out of the folder", [{ name: "bin/k3d-mirror", type: "symlink", target: "../../../etc/passwd" }], /points outside the plugin folder/],
    ["a hard link out of the folder", [{ name: "k3d-mirror", type: "hardlink", target: "../../../etc/passwd" }], /hard link "k3d-mirror" -> "\.\.\/\.\.\/\.\.\/etc\/passwd" points outside the plugin folder/],
    ["a hard link to something not unpacked", [{ name: "k3d-mirror", type: "hardlink", target: "nothing" }], /does not point to a file unpacked before it/],
    ["a write through a link", [{ name: "sub", type: "folder" }, { name: "l", type: "symlink", target: "sub" }, { name: "l/x", data: "x" }], /entry "l\/x" goes through the link "l"/],
    ["a link that climbs through another link", [{ name: "l", type: "symlink", target: "." }, { name: "up", type: "symlink", target: "l/.." }], /only leading "\.\." is allowed/],
    ["a FIFO", [{ name: "pipe", type: "fifo" }], /is a device or FIFO/],
  ];
  for (const [what, entries, message] of hostile) {
    test(`tar: ${what}`, async () => {
      expect(await unpackError("evil.tar.gz", buildTarGz(entries))).toMatch(message);
      expectNothingOutsideInto("evil.tar.gz");
    });
  }
  // Zip has no hard links, and no FIFOs: unzip writes any entry that is not a folder or a link as a file.
  for (const [what, entries, message] of hostile.filter(([, entries]) => !entries.some((e) => e.type === "hardlink" || e.type === "fifo"))) {
    test(`zip: ${what}`, async () => {
      expect(await unpackError("evil.zip", buildZip(entries))).toMatch(message);
      expectNothingOutsideInto("evil.zip");
    });
  }
});

describe("archive bombs: what a plugin unpacks to is bounded", () => {
  const GiB = 1024 ** 3;
  const small: UnpackLimits = { maxBytes: 4096, maxEntries: 10 };
  /** What the failed unpack left in its folder (the caller deletes it): never more than the limit. */
  const leftBehind = () => listTree(join(into, "plugin")).filter((path) => !path.endsWith("/"));

  test("a zip entry that states 2 GiB is refused before a byte is inflated, naming the limit", async () => {
    const zip = buildZip([{ name: "k3d-mirror", data: SHELL_PLUGIN, mode: 0o755 }, { name: "big", data: "\0".repeat(1000), statedSize: 2 * GiB }]);
    expect(await unpackError("bomb.zip", zip)).toBe("cannot unpack bomb.zip: it unpacks to more than 1 GiB, k3dx's limit for a plugin; nothing was installed");
    expect(leftBehind()).toEqual([]);
  });

  test("a zip entry whose data inflates past the size it states stops at that size", async () => {
    const zip = buildZip([{ name: "k3d-mirror", data: "\0".repeat(1_000_000), statedSize: 1000 }]);
    expect(await unpackError("understated.zip", zip)).toMatch(/the data of "k3d-mirror" is larger than the 1000 bytes its header states/);
    expect(statSync(join(into, "plugin", "k3d-mirror")).size).toBeLessThanOrEqual(1000);
  });

  test("zip entries that share one compressed body are refused before anything is written", async () => {
    const zip = buildZip([
      { name: "k3d-mirror", data: SHELL_PLUGIN, mode: 0o755 },
      { name: "b0", data: "\0".repeat(100_000) },
      ...Array.from({ length: 5 }, (_, i) => ({ name: `b${i + 1}`, sameDataAs: "b0" })),
    ]);
    expect(await unpackError("overlap.zip", zip)).toMatch(/^cannot unpack overlap\.zip: entries "b0" and "b1" overlap in the file, which only a zip bomb does/);
    expect(leftBehind()).toEqual([]);
  });

  test("zip: stated sizes over the limit in all, and too many entries, are refused before anything is written", async () => {
    const files = (count: number, size: number) => Array.from({ length: count }, (_, i) => ({ name: `f${i}`, data: "x".repeat(size) }));
    expect(await unpackError("big.zip", buildZip(files(2, 3000)), small)).toMatch(/: it unpacks to more than 4 KiB, k3dx's limit for a plugin;/);
    expect(leftBehind()).toEqual([]);
    expect(await unpackError("many.zip", buildZip(files(11, 1)), small)).toMatch(/: it holds more than 10 files, folders and links, k3dx's limit for a plugin;/);
    expect(leftBehind()).toEqual([]);
  });

  test("tar: an entry whose header states more than the limit fails before its data is read", async () => {
    const tar = buildTar([{ name: "big", data: "x", statedSize: 2 * GiB }], { noEndBlocks: true });
    expect(await unpackError("bomb.tar.gz", Bun.gzipSync(tar))).toMatch(/: it unpacks to more than 1 GiB, k3dx's limit for a plugin;/);
  });

  test("tar: files over the limit in all, and too many entries (the folders a path implies count)", async () => {
    expect(await unpackError("big.tar", buildTar([{ name: "a", data: "x".repeat(3000) }, { name: "b", data: "x".repeat(3000) }]), small)).toMatch(/: it unpacks to more than 4 KiB/);
    expect(await unpackError("deep.tar", buildTar([{ name: "a/b/c/d/e/f/g/h/i/j/k", data: "x" }]), { ...small, maxBytes: GiB })).toMatch(
      /: it holds more than 10 files, folders and links/,
    );
  });

  test("the entry writer counts what it writes, whichever reader feeds it (data without a stated size too)", () => {
    const writer = new EntryWriter(join(into, "plugin"), small);
    const first = writer.openFile("a", 0o644);
    first.write(new Uint8Array(3000));
    first.close();
    const second = writer.openFile("b", 0o644);
    expect(() => second.write(new Uint8Array(1100))).toThrow("it unpacks to more than 4 KiB, k3dx's limit for a plugin");
    second.close();
    expect(statSync(join(into, "plugin", "b")).size).toBe(0);
    for (let i = 0; i < 8; i++) writer.symlink(`l${i}`, "a"); // with a and b: 10 entries
    expect(() => writer.folder("one-too-many")).toThrow("it holds more than 10 files, folders and links, k3dx's limit for a plugin");
  });

  test("tar: records that write nothing still count (a gzip bomb of pax headers)", async () => {
    const tar = buildTar([{ name: `${"long/".repeat(30)}k3d-mirror`, data: "x" }]);
    expect(await unpackError("pax.tar.gz", Bun.gzipSync(tar), { ...small, maxBytes: 2048 })).toMatch(/: it unpacks to more than 2 KiB/);
  });

  test("a plugin within the limits unpacks", async () => {
    const { dir } = await unpack("fits.zip", buildZip([{ name: "k3d-mirror", data: "x".repeat(4096), mode: 0o755 }]), small);
    expect(listTree(dir)).toEqual(["k3d-mirror"]);
  });
});
