/**
 * Black-box: k3d-plugins.yaml is looked for up to the root, so it may sit in a folder
 * others share. Like git's safe.directory, k3dx refuses a project file or lock that
 * someone else could have written — owned by another user, or writable by others —
 * unless K3DX_TRUST_PROJECT names its folder. Files owned by another user need root to
 * make (chown); those tests are skipped elsewhere.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { groupIsOwnerAlone, writableByOthers } from "../../src/platform/file-owner.ts";
import { K3DX_BINARY, runK3dx } from "../helpers/sandbox.ts";
import { createProjectWorld, platformRelease, type ProjectWorld } from "./project-world.ts";

let world: ProjectWorld;
afterEach(async () => {
  await world.stop();
});

const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;
const nothingInstalled = () => expect(existsSync(join(world.box.k3dxHome, "plugins")) ? readdirSync(join(world.box.k3dxHome, "plugins")) : []).toEqual([]);

/** `<root>/shared/k3d-plugins.yaml` listing a plugin with hooks, and `<root>/shared/me/proj` to run in. */
function sharedProject(): { shared: string; file: string; cwd: string } {
  world = createProjectWorld([platformRelease("acme", "mirror", "v1.0.0", { hooks: ["pre-cluster-create"] })]);
  const shared = join(world.box.root, "shared");
  const cwd = join(shared, "me", "proj");
  mkdirSync(cwd, { recursive: true });
  const file = join(shared, "k3d-plugins.yaml");
  writeFileSync(file, "plugins:\n  - source: acme/k3d-mirror\n");
  return { shared, file, cwd };
}

describe("a project file someone else could have written", () => {
  test.skipIf(!isRoot)("owned by another user, in a parent folder: refused in one line; nothing installed, no lock written", async () => {
    const { shared, file, cwd } = sharedProject();
    chownSync(file, NOBODY, NOBODY);
    const result = await world.k3dx(["plugin", "install"], {}, cwd);
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr: `k3dx: refusing ${file}: it is owned by nobody (uid ${NOBODY}), not by you (uid 0), and it chooses plugins that run on your machine; if you trust it, set K3DX_TRUST_PROJECT=${shared}\n`,
    });
    nothingInstalled();
    expect(existsSync(join(shared, "k3d-plugins.lock"))).toBe(false);
    // `plugin lock` refuses it too; list warns, doctor reports it.
    expect((await world.k3dx(["plugin", "lock"], {}, cwd)).stderr).toStartWith(`k3dx: refusing ${file}: `);
    expect((await world.k3dx(["plugin", "list"], {}, cwd)).stderr).toContain(`refusing ${file}: `);
    const doctor = await world.k3dx(["plugin", "doctor"], {}, cwd);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain(`refusing ${file}: `);
  });

  test.skipIf(!isRoot)("K3DX_TRUST_PROJECT naming its folder reads it", async () => {
    const { shared, file, cwd } = sharedProject();
    chownSync(file, NOBODY, NOBODY);
    const result = await world.k3dx(["plugin", "install", "--yes"], { K3DX_TRUST_PROJECT: `/nowhere:${shared}` }, cwd);
    expect(result.code).toBe(0);
    expect(existsSync(join(world.box.k3dxHome, "plugins", "acme", "k3d-mirror"))).toBe(true);
  });

  test.skipIf(!isRoot)("a lock owned by another user is refused too, naming the lock", async () => {
    const { shared, cwd } = sharedProject();
    expect((await world.k3dx(["plugin", "lock"], {}, cwd)).code).toBe(0);
    const lock = join(shared, "k3d-plugins.lock");
    chownSync(lock, NOBODY, NOBODY);
    const result = await world.k3dx(["plugin", "install"], {}, cwd);
    expect(result.code).toBe(1);
    expect(result.stderr).toStartWith(`k3dx: refusing ${lock}: it is owned by nobody (uid ${NOBODY}), not by you`);
    nothingInstalled();
  });

  test("writable by anyone: refused, with how to make it yours alone", async () => {
    const { shared, file, cwd } = sharedProject();
    chmodSync(file, 0o666);
    const result = await world.k3dx(["plugin", "install"], {}, cwd);
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr: `k3dx: refusing ${file}: anyone can write to it (mode 0666), and it chooses plugins that run on your machine; 'chmod go-w ${file}' makes it yours alone, or if you trust it, set K3DX_TRUST_PROJECT=${shared}\n`,
    });
    nothingInstalled();
    chmodSync(file, 0o644);
    expect((await world.k3dx(["plugin", "install", "--yes"], {}, cwd)).code).toBe(0);
  });

  test("the lock k3dx writes is not group-writable, even with umask 002, so the next install reads it", async () => {
    const { shared, cwd } = sharedProject();
    const umask002 = world.box.script("k3d", `umask 002; exec "${K3DX_BINARY}" "$@"`, join(world.box.root, "wrap"));
    const install = () => runK3dx(world.box, ["plugin", "install", "--yes"], { cwd, binary: umask002, env: { CI: undefined } });
    expect((await install()).code).toBe(0);
    expect(statSync(join(shared, "k3d-plugins.lock")).mode & 0o777).toBe(0o644);
    const again = await install();
    expect(again.stderr).toBe("");
    expect(again.code).toBe(0);
  });
});

describe("writableByOthers", () => {
  const accounts = {
    passwd: "root:x:0:0:root:/root:/bin/sh\nann:x:1000:1000::/home/ann:/bin/sh\nbob:x:1001:100::/home/bob:/bin/sh\ncarl:x:1002:100::/home/carl:/bin/sh\n",
    group: "root:x:0:\nann:x:1000:\nusers:x:100:\nann-shared:x:2000:ann,bob\nann-only:x:2001:ann\n",
  };
  const stat = (uid: number, gid: number, mode: number) => ({ uid, gid, mode: 0o100000 | mode }) as import("node:fs").Stats;
  const ann = { uid: 1000 };

  test("the user's own file, not writable by others: fine", () => {
    expect(writableByOthers(stat(1000, 1000, 0o644), ann, accounts)).toBeUndefined();
  });

  test("group-writable is fine when the group is its owner alone (umask 002 with a group per user)", () => {
    expect(writableByOthers(stat(1000, 1000, 0o664), ann, accounts)).toBeUndefined();
    expect(groupIsOwnerAlone(accounts, 2001, 1000)).toBe(true);
    expect(groupIsOwnerAlone(accounts, 2000, 1000)).toBe(false);
    expect(groupIsOwnerAlone(accounts, 100, 1001)).toBe(false);
    expect(groupIsOwnerAlone(accounts, 4242, 1000)).toBe(false);
  });

  test("owned by someone else, writable by a shared group or by anyone: said why", () => {
    expect(writableByOthers(stat(1001, 100, 0o644), ann, accounts)).toBe("it is owned by bob (uid 1001), not by you (uid 1000)");
    expect(writableByOthers(stat(1000, 2000, 0o664), ann, accounts)).toBe("its group ann-shared (gid 2000) can write to it (mode 0664), and that group is not you alone");
    expect(writableByOthers(stat(1000, 1000, 0o646), ann, accounts)).toBe("anyone can write to it (mode 0646)");
  });

  test("root through sudo may read the files of the user who ran sudo, as git allows", () => {
    expect(writableByOthers(stat(1000, 1000, 0o644), { uid: 0, sudoUid: 1000 }, accounts)).toBeUndefined();
    expect(writableByOthers(stat(1001, 100, 0o644), { uid: 0, sudoUid: 1000 }, accounts)).toBe("it is owned by bob (uid 1001), not by you (uid 0)");
  });
});
