import { describe, expect, test } from "bun:test";
import { commandPreservingBytes, decodeEscapingInvalidBytes, encodeArg, hasEscapedBytes } from "../../src/process/exact-bytes.ts";

describe("surrogate-escaped argv", () => {
  const cases: number[][] = [
    [0x61, 0xff, 0x62],
    [0xc3, 0xa9], // é, valid
    [0xe2, 0x82], // truncated sequence
    [0xed, 0xa0, 0x80], // encoded surrogate: invalid UTF-8
    [0x80],
    [0xf0, 0x9f, 0x98, 0x80, 0xfe], // emoji then junk
  ];

  test.each(cases)("round-trips the bytes %j exactly", (...bytes) => {
    const decoded = decodeEscapingInvalidBytes(Uint8Array.from(bytes));
    expect(Array.from(encodeArg(decoded))).toEqual(bytes);
  });

  test("valid UTF-8 stays a plain string", () => {
    expect(decodeEscapingInvalidBytes(Buffer.from("héllo wörld"))).toBe("héllo wörld");
    expect(hasEscapedBytes("héllo")).toBe(false);
  });

  test("plain arguments are exec'd directly", () => {
    expect(commandPreservingBytes("/k3d", ["a", "b c", ""])).toEqual({ file: "/k3d", argv: ["/k3d", "a", "b c", ""] });
  });

  test("raw bytes go through /bin/sh, which rebuilds them exactly", async () => {
    const arg = decodeEscapingInvalidBytes(Uint8Array.from([0x61, 0xff, 0x0a]));
    const command = commandPreservingBytes("/usr/bin/printf", ["%s|%s", arg, "x\n"]);
    expect(command.file).toBe("/bin/sh");
    const proc = Bun.spawn({ cmd: ["/bin/sh", ...command.argv.slice(1)], stdout: "pipe" });
    const out = new Uint8Array(await new Response(proc.stdout).arrayBuffer());
    expect(Array.from(out)).toEqual([0x61, 0xff, 0x0a, 0x7c, 0x78, 0x0a]);
  });
});
