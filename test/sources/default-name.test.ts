import { expect, test } from "bun:test";
import { executableFileName, nameFromFileName, nameFromRepo } from "../../src/sources/default-name.ts";

test("a repository's name without a leading k3d-", () => {
  expect(nameFromRepo("k3d-mirror")).toBe("mirror");
  expect(nameFromRepo("K3D-Registry-Cache")).toBe("registry-cache");
  expect(nameFromRepo("mirror")).toBe("mirror");
  expect(nameFromRepo("k3d_tools.io")).toBe("tools-io");
});

test("a file's name without extension, version and platform", () => {
  expect(nameFromFileName("mirror_linux_amd64.tar.gz")).toBe("mirror");
  expect(nameFromFileName("k3d-mirror-darwin-arm64.zip")).toBe("mirror");
  expect(nameFromFileName("k3d-mirror-linux-x86_64")).toBe("mirror");
  expect(nameFromFileName("k3d-mirror-windows-amd64.exe")).toBe("mirror");
  expect(nameFromFileName("registry-cache_1.2.0_linux_arm64.tar.gz")).toBe("registry-cache");
  expect(nameFromFileName("mirror-v2.0.1-x86_64-unknown-linux-gnu.tgz")).toBe("mirror");
  expect(nameFromFileName("k3d-mirror.sh")).toBe("mirror");
  expect(nameFromFileName("k3d-linux-amd64")).toBe("k3d-linux-amd64");
});

test("a bare executable is k3d-<name>, keeping what Windows needs to run it", () => {
  expect(executableFileName("mirror", "mirror_linux_amd64")).toBe("k3d-mirror");
  expect(executableFileName("mirror", "mirror-windows-amd64.EXE")).toBe("k3d-mirror.exe");
  expect(executableFileName("mirror", "k3d-mirror.cmd")).toBe("k3d-mirror.cmd");
});
