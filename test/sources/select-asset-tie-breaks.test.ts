/**
 * The tie-breakers of asset choice, each set against each of the others: in every pair the
 * winner is better on the earlier key and worse on the later one, so swapping any two
 * keys in select-asset.ts changes the winner and fails its test. The order (see the
 * header of select-asset.ts): rank, libc (on a musl Linux), variant words, archive kind,
 * word count. Linux names only: macOS has rules of its own.
 */
import { expect, test } from "bun:test";
import { selectReleaseAsset } from "../../src/sources/select-asset.ts";
import type { Platform } from "../../src/sources/platform.ts";

const GLIBC: Platform = { os: "linux", arch: "amd64" };
const MUSL: Platform = { os: "linux", arch: "amd64", libc: "musl" };

const pairs: { keys: string; platform: Platform; winner: string; loser: string }[] = [
  // rank: OS and arch named (1) beats OS only (3)…
  { keys: "rank over libc", platform: MUSL, winner: "tool_linux_amd64", loser: "tool_linux_musl" },
  { keys: "rank over variants", platform: GLIBC, winner: "tool_linux_amd64_debug", loser: "tool_linux" },
  { keys: "rank over kind", platform: GLIBC, winner: "tool_linux_amd64", loser: "tool_linux.tar.gz" },
  { keys: "rank over word count", platform: GLIBC, winner: "my_long_tool_name_linux_amd64", loser: "tool_linux" },
  // libc: on a musl Linux, a musl build…
  { keys: "libc over variants", platform: MUSL, winner: "tool_linux_amd64_musl_debug", loser: "tool_linux_amd64" },
  { keys: "libc over kind", platform: MUSL, winner: "tool_linux_amd64_musl", loser: "tool_linux_amd64.tar.gz" },
  { keys: "libc over word count", platform: MUSL, winner: "tool_linux_amd64_musl", loser: "tool_linux_amd64" },
  // variants: the plain build (musl is a variant off a musl Linux)…
  { keys: "variants over kind", platform: GLIBC, winner: "tool_linux_amd64", loser: "tool_linux_amd64_debug.tar.gz" },
  { keys: "variants (musl elsewhere) over kind", platform: GLIBC, winner: "tool_linux_amd64", loser: "tool_linux_amd64_musl.tar.gz" },
  { keys: "variants over word count", platform: GLIBC, winner: "my_long_tool_name_linux_amd64", loser: "tool_linux_amd64_debug" },
  // kind: an archive k3dx unpacks, over a bare executable…
  { keys: "kind over word count", platform: GLIBC, winner: "my_long_tool_name_linux_amd64.tar.gz", loser: "tool_linux_amd64" },
];

test.each(pairs)("$keys: $winner over $loser", ({ platform, winner, loser }) => {
  for (const order of [[winner, loser], [loser, winner]]) {
    expect(selectReleaseAsset(order.map((name) => ({ name })), platform).name).toBe(winner);
  }
});

test("each later key alone still decides: the loser of every pair wins when the earlier key is a tie", () => {
  // Same rank, libc and variants: the archive wins over the bare file.
  expect(selectReleaseAsset([{ name: "tool_linux_amd64" }, { name: "tool_linux_amd64.tar.gz" }], GLIBC).name).toBe("tool_linux_amd64.tar.gz");
  // Same everything but words: the shorter name.
  expect(selectReleaseAsset([{ name: "tool_linux_amd64_v3" }, { name: "tool_linux_amd64" }], GLIBC).name).toBe("tool_linux_amd64");
});
