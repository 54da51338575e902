import { describe, expect, test } from "bun:test";
import { decodeEscapingInvalidBytes, encodeArg, encodeEnv, hasEscapedBytes, needsExactBytes } from "../../src/process/exact-bytes.ts";

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

  test("an environment entry round-trips through encodeEnv, name and value", () => {
    const name = decodeEscapingInvalidBytes(Uint8Array.from([0x41, 0xff]));
    const value = decodeEscapingInvalidBytes(Uint8Array.from([0x2f, 0xf6, 0x72]));
    expect(needsExactBytes([], { [name]: "1" })).toBe(true);
    expect(needsExactBytes(["plain"], { PATH: "/bin" })).toBe(false);
    expect(encodeEnv({ [name]: value, UNSET: undefined }).map((entry) => Array.from(entry))).toEqual([[0x41, 0xff, 0x3d, 0x2f, 0xf6, 0x72]]);
  });
});
