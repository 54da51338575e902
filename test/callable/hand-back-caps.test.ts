/**
 * Black-box: what a plugin or pre-hook writes to $K3D_RESULT (issue 9, point 5). It is
 * read with a cap (size and argument count), a byte order mark is no argument, the lines
 * form keeps bytes that are not UTF-8, and a NUL byte is one clear line, not exit 126.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { readCalls } from "../helpers/fake-k3d.ts";
import { createSandbox, runK3dx, type Sandbox } from "../helpers/sandbox.ts";

let box: Sandbox;
beforeEach(() => {
  box = createSandbox();
  // `k3d show ARGS…`: each argument as hex bytes, one a line.
  box.script("k3d-show", `for a in "$@"; do printf '%s' "$a" | od -An -tx1 | tr -d ' \\n'; echo; done\n`);
});
afterEach(() => box.cleanup());

/** A plugin `hand` that writes `shell` (a command writing to "$K3D_RESULT") and exits 0. */
function handingBack(shell: string): void {
  box.script("k3d-hand", `${shell}\n`);
}
const hex = (text: string) => Buffer.from(text).toString("hex");

describe("the caps", () => {
  test("more than 1 MiB: one line naming the cap; nothing runs next", async () => {
    handingBack(`head -c 3145728 /dev/zero | tr '\\0' x > "$K3D_RESULT"`);
    const result = await runK3dx(box, ["hand"]);
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr: "k3dx: plugin 'hand' wrote more than 1 MiB to $K3D_RESULT, k3dx's limit for a hand-back; pass that much through a file instead\n",
    });
  });

  test("more than 10 000 arguments: one line naming the cap", async () => {
    handingBack(`{ echo show; seq 1 10000; } > "$K3D_RESULT"`);
    const result = await runK3dx(box, ["hand"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "k3dx: plugin 'hand' handed back 10001 arguments through $K3D_RESULT; k3dx takes at most 10000, so pass that many through a config file instead\n",
    );
  });

  test("10 000 arguments exactly are run", async () => {
    box.script("k3d-count", 'echo "$# arguments"\n');
    handingBack(`{ echo count; seq 2 10000; } > "$K3D_RESULT"`);
    const result = await runK3dx(box, ["hand"]);
    expect(result).toEqual({ code: 0, stdout: "9999 arguments\n", stderr: "" });
  });
});

describe("what is in the file", () => {
  test("a UTF-8 byte order mark before the JSON is accepted", async () => {
    handingBack(`printf '\\357\\273\\277{"args": ["show", "a b"]}' > "$K3D_RESULT"`);
    const result = await runK3dx(box, ["hand"]);
    expect(result).toEqual({ code: 0, stdout: `${hex("a b")}\n`, stderr: "" });
  });

  test("a byte order mark before the lines form is dropped, not part of the first argument", async () => {
    handingBack(`printf '\\357\\273\\277show\\nx\\n' > "$K3D_RESULT"`);
    const result = await runK3dx(box, ["hand"]);
    expect(result).toEqual({ code: 0, stdout: `${hex("x")}\n`, stderr: "" });
  });

  test("bytes that are not UTF-8 in the lines form arrive verbatim", async () => {
    handingBack(`printf 'show\\n\\377\\376x\\nJ\\366rg\\n' > "$K3D_RESULT"`);
    const result = await runK3dx(box, ["hand"]);
    expect(result).toEqual({ code: 0, stdout: "fffe78\n4af67267\n", stderr: "" });
  });

  test("a NUL byte inside an argument (JSON form): one clear line, exit 1", async () => {
    handingBack(`printf '{"args": ["show", "a\\\\u0000b"]}' > "$K3D_RESULT"`);
    const result = await runK3dx(box, ["hand"]);
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr: "k3dx: plugin 'hand' handed back an argument with a NUL byte in it (argument 2 in $K3D_RESULT); no program can be given one\n",
    });
  });

  test("a NUL byte inside an argument (lines form): the same", async () => {
    handingBack(`printf 'show\\nok\\na\\000b\\n' > "$K3D_RESULT"`);
    const result = await runK3dx(box, ["hand"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("k3dx: plugin 'hand' handed back an argument with a NUL byte in it (argument 3 in $K3D_RESULT); no program can be given one\n");
  });
});

describe("a pre-hook's hand-back is read the same way", () => {
  const folder = () => join(box.k3dxHome, "hooks", "pre-cluster-create");

  test("with a byte order mark: its arguments reach k3d", async () => {
    box.script("bom", `printf '\\357\\273\\277{"args": ["--agents", "2"]}' > "$K3D_RESULT"\n`, folder());
    const result = await runK3dx(box, ["cluster", "create", "dev"]);
    expect(result.code).toBe(0);
    expect(readCalls(box.state).find((call) => call.argv[1] === "create")!.argv).toEqual(["cluster", "create", "dev", "--agents", "2"]);
  });

  test("two hooks under the cap each, over it together: one line, and k3d is not run", async () => {
    for (const name of ["a", "b"]) box.script(name, `for i in $(seq 1 6000); do echo "--x$i"; done > "$K3D_RESULT"\n`, folder());
    const result = await runK3dx(box, ["cluster", "create", "dev"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^k3dx: pre-cluster-create hooks handed back 12000 arguments \(\d+ bytes\) in all through \$K3D_RESULT; k3dx takes at most 10000 arguments and 1 MiB for one command, so k3d was not run$/m,
    );
    expect(readCalls(box.state).filter((call) => call.argv[1] === "create")).toEqual([]);
  });

  test("over the cap: the hook fails, naming the cap, and k3d is not run", async () => {
    box.script("big", `head -c 2097152 /dev/zero | tr '\\0' x > "$K3D_RESULT"\n`, folder());
    const result = await runK3dx(box, ["cluster", "create", "dev"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("k3dx: pre-cluster-create big failed in ");
    expect(result.stderr).toContain("(hook 'big' wrote more than 1 MiB to $K3D_RESULT, k3dx's limit for a hand-back; pass that much through a file instead)");
    expect(readCalls(box.state).filter((call) => call.argv[1] === "create")).toEqual([]);
  });
});
