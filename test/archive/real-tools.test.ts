/**
 * Archives made by the tools release pipelines use (GNU tar in its pax, GNU and ustar
 * formats, git archive, Info-ZIP), not by our own test writers: the readers must agree
 * with the real thing.
 */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unpackFile } from "../../src/archive/unpack.ts";
import { listTree } from "./archive-builders.ts";

const has = (tool: string) => Bun.spawnSync(["sh", "-c", `command -v ${tool}`]).exitCode === 0;
/** 122 bytes: over tar's 100-byte name field, yet splittable into ustar's prefix and name. */
const longName = `${"nested-folder/".repeat(8)}k3d-mirror`;
let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "k3dx-tools-"));
  const tree = join(root, "mirror");
  mkdirSync(join(tree, longName, ".."), { recursive: true });
  writeFileSync(join(tree, longName), "#!/bin/sh\necho long\n");
  chmodSync(join(tree, longName), 0o755);
  writeFileSync(join(tree, "plugin.yaml"), "name: mirror\n");
  symlinkSync("nested-folder/nested-folder", join(tree, "k3d-mirror"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function run(command: string) {
  const result = Bun.spawnSync(["sh", "-c", command], { cwd: root });
  expect(result.stderr.toString()).toBe("");
  expect(result.exitCode).toBe(0);
}

async function expectPlugin(archive: string) {
  const dir = join(root, "out");
  await unpackFile({ file: join(root, archive), name: archive, dir, executableName: "k3d-mirror" });
  expect(listTree(dir)).toContain(`mirror/${longName}`);
  expect(statSync(join(dir, "mirror", longName)).mode & 0o777).toBe(0o755);
  expect(readlinkSync(join(dir, "mirror/k3d-mirror"))).toBe("nested-folder/nested-folder");
  expect(readFileSync(join(dir, "mirror/plugin.yaml"), "utf8")).toBe("name: mirror\n");
}

for (const format of ["gnu", "pax", "ustar"] as const) {
  test.skipIf(!has("tar"))(`GNU tar --format=${format}`, async () => {
    // ustar splits the long name into prefix + name; gnu and pax write it whole.
    run(`tar --format=${format} -czf mirror.tar.gz mirror`);
    await expectPlugin("mirror.tar.gz");
  });
}

test.skipIf(!has("zip"))("Info-ZIP, with symlinks stored as links (-y)", async () => {
  run("zip -qry mirror.zip mirror");
  await expectPlugin("mirror.zip");
});

test.skipIf(!has("zip"))("Info-ZIP streaming from a pipe: data descriptors and zip64 records", async () => {
  run("printf '#!/bin/sh\\necho piped\\n' | zip -q -fz piped.zip -");
  const dir = join(root, "out");
  await unpackFile({ file: join(root, "piped.zip"), name: "piped.zip", dir, executableName: "k3d-mirror" });
  expect(readFileSync(join(dir, "-"), "utf8")).toBe("#!/bin/sh\necho piped\n");
});

test.skipIf(!has("git"))("git archive: a pax global header (the commit id) before the entries", async () => {
  run("cd mirror && git init -q && git add -A && git -c user.name=t -c user.email=t@t commit -qm x && git archive --format=tar.gz --prefix=mirror/ -o ../git.tar.gz HEAD");
  await expectPlugin("git.tar.gz");
});
