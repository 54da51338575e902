import { describe, expect, test } from "bun:test";
import { K3dxError } from "../../src/errors.ts";
import { targetPlatform } from "../../src/sources/platform.ts";
import { isMetadataAssetName, selectReleaseAsset } from "../../src/sources/select-asset.ts";

const pick = (names: string[], os: string, arch: string): string => selectReleaseAsset(names.map((name) => ({ name })), { os, arch }).name;
const failure = (names: string[], os: string, arch: string): string => {
  try {
    pick(names, os, arch);
  } catch (error) {
    expect(error).toBeInstanceOf(K3dxError);
    return (error as Error).message;
  }
  throw new Error("selection should have failed");
};

describe("naming styles", () => {
  const goreleaser = ["mirror_linux_amd64.tar.gz", "mirror_linux_arm64.tar.gz", "mirror_darwin_amd64.tar.gz", "mirror_darwin_arm64.tar.gz", "mirror_windows_amd64.zip", "checksums.txt"];
  test("goreleaser: _os_arch", () => {
    expect(pick(goreleaser, "linux", "amd64")).toBe("mirror_linux_amd64.tar.gz");
    expect(pick(goreleaser, "darwin", "arm64")).toBe("mirror_darwin_arm64.tar.gz");
    expect(pick(goreleaser, "windows", "amd64")).toBe("mirror_windows_amd64.zip");
  });

  test("dashes, x86_64 and aarch64, .exe", () => {
    const names = ["k3d-mirror-linux-x86_64", "k3d-mirror-linux-aarch64", "k3d-mirror-darwin-arm64.zip", "k3d-mirror-windows-amd64.exe"];
    expect(pick(names, "linux", "amd64")).toBe("k3d-mirror-linux-x86_64");
    expect(pick(names, "linux", "arm64")).toBe("k3d-mirror-linux-aarch64");
    expect(pick(names, "darwin", "arm64")).toBe("k3d-mirror-darwin-arm64.zip");
    expect(pick(names, "windows", "amd64")).toBe("k3d-mirror-windows-amd64.exe");
  });

  test("Rust target triples and macOS aliases, case-insensitive", () => {
    const names = ["mirror-x86_64-unknown-linux-gnu.tar.gz", "mirror-aarch64-apple-darwin.tar.gz", "mirror-x86_64-pc-windows-msvc.zip", "Mirror-MacOS-X64.TGZ"];
    expect(pick(names, "linux", "amd64")).toBe("mirror-x86_64-unknown-linux-gnu.tar.gz");
    expect(pick(names, "darwin", "arm64")).toBe("mirror-aarch64-apple-darwin.tar.gz");
    expect(pick(names, "darwin", "amd64")).toBe("Mirror-MacOS-X64.TGZ");
    expect(pick(names, "windows", "amd64")).toBe("mirror-x86_64-pc-windows-msvc.zip");
  });

  test("words are whole: arm is not arm64, x86 is not x86_64", () => {
    const names = ["tool-linux-arm.tar.gz", "tool-linux-arm64.tar.gz", "tool-linux-x86.tar.gz", "tool-linux-x86_64.tar.gz", "tool-linux-armv7.tar.gz"];
    expect(pick(names, "linux", "arm64")).toBe("tool-linux-arm64.tar.gz");
    expect(pick(names, "linux", "amd64")).toBe("tool-linux-x86_64.tar.gz");
    expect(failure(names, "linux", "arm")).toBe("cannot choose between assets of the release for linux/arm: tool-linux-arm.tar.gz, tool-linux-armv7.tar.gz");
  });
});

describe("tie-breaking", () => {
  test("the plain build wins over variants like musl", () => {
    expect(pick(["tool-x86_64-unknown-linux-musl.tar.gz", "tool-x86_64-unknown-linux-gnu.tar.gz"], "linux", "amd64")).toBe("tool-x86_64-unknown-linux-gnu.tar.gz");
    expect(pick(["tool_linux_amd64_musl.tar.gz", "tool_linux_amd64.tar.gz"], "linux", "amd64")).toBe("tool_linux_amd64.tar.gz");
  });

  test("an archive k3dx unpacks wins over a bare file, which wins over an unsupported archive", () => {
    expect(pick(["tool-windows-amd64.exe", "tool-windows-amd64.zip"], "windows", "amd64")).toBe("tool-windows-amd64.zip");
    expect(pick(["tool-linux-amd64.tar.xz", "tool-linux-amd64"], "linux", "amd64")).toBe("tool-linux-amd64");
    expect(pick(["tool_linux_amd64.tar.xz"], "linux", "amd64")).toBe("tool_linux_amd64.tar.xz");
  });

  test("fewer words win: the base build over a micro-architecture level", () => {
    expect(pick(["tool_Linux_x86_64_v3.tar.gz", "tool_Linux_x86_64.tar.gz"], "linux", "amd64")).toBe("tool_Linux_x86_64.tar.gz");
  });

  test("an exact arch beats a universal macOS build, which beats no arch", () => {
    expect(pick(["tool_darwin_all.tar.gz", "tool_darwin_arm64.tar.gz"], "darwin", "arm64")).toBe("tool_darwin_arm64.tar.gz");
    expect(pick(["tool_darwin_all.tar.gz", "tool-darwin.tar.gz", "tool_linux_amd64.tar.gz"], "darwin", "amd64")).toBe("tool_darwin_all.tar.gz");
    expect(pick(["tool-darwin.tar.gz", "tool_linux_amd64.tar.gz"], "darwin", "amd64")).toBe("tool-darwin.tar.gz");
  });

  test("a name without platform words only in a release that never names platforms", () => {
    expect(pick(["k3d-mirror", "checksums.txt"], "linux", "amd64")).toBe("k3d-mirror");
    expect(failure(["install.sh", "tool_linux_amd64.tar.gz"], "windows", "amd64")).toStartWith("no asset of the release is for windows/amd64");
  });

  test("a tie nothing breaks names the contenders", () => {
    expect(failure(["a_linux_amd64.tar.gz", "b_linux_amd64.tar.gz"], "linux", "amd64")).toBe(
      "cannot choose between assets of the release for linux/amd64: a_linux_amd64.tar.gz, b_linux_amd64.tar.gz",
    );
  });
});

describe("what is never a candidate", () => {
  test("checksum, signature and metadata files", () => {
    for (const name of ["checksums.txt", "mirror_1.0.0_checksums.txt", "SHA256SUMS", "mirror_linux_amd64.tar.gz.sha256", "mirror_linux_amd64.tar.gz.sig", "mirror.asc", "cosign.pem", "mirror_linux_amd64.sbom.json", "metadata.json", "plugin.yaml", "mirror-linux-amd64.spdx"]) {
      expect(isMetadataAssetName(name)).toBe(true);
    }
    expect(isMetadataAssetName("mirror_linux_amd64.tar.gz")).toBe(false);
    expect(pick(["mirror_linux_amd64.tar.gz.sha256", "mirror_linux_amd64.tar.gz"], "linux", "amd64")).toBe("mirror_linux_amd64.tar.gz");
  });

  test("no match lists every asset that was there", () => {
    expect(failure(["mirror_linux_amd64.tar.gz", "checksums.txt"], "darwin", "arm64")).toBe(
      "no asset of the release is for darwin/arm64 (K3DX_OS/K3DX_ARCH choose another platform); its assets: mirror_linux_amd64.tar.gz, checksums.txt",
    );
    expect(failure([], "linux", "amd64")).toEndWith("it has no assets");
  });

  test("a name that would act on the terminal is no candidate, and is listed escaped", () => {
    const hostile = ["mirror_linux_amd64\u001b]0;owned\u0007.tar.gz", "mirror_linux_amd64\u202e.tar.gz", "mirror_linux_amd64\u009b2J.tar.gz"];
    expect(pick([...hostile, "mirror_linux_amd64.zip"], "linux", "amd64")).toBe("mirror_linux_amd64.zip");
    const message = failure(hostile, "linux", "amd64");
    expect(message).toBe(
      "no asset of the release is for linux/amd64 (K3DX_OS/K3DX_ARCH choose another platform); its assets: mirror_linux_amd64\\x1b]0;owned\\x07.tar.gz, mirror_linux_amd64\\u202e.tar.gz, mirror_linux_amd64\\x9b2J.tar.gz",
    );
  });
});

describe("targetPlatform", () => {
  test("K3DX_OS and K3DX_ARCH override detection and accept aliases", () => {
    expect(targetPlatform({ K3DX_OS: "macos", K3DX_ARCH: "aarch64" })).toEqual({ os: "darwin", arch: "arm64" });
    expect(targetPlatform({ K3DX_OS: "Windows", K3DX_ARCH: "x86_64" })).toEqual({ os: "windows", arch: "amd64" });
  });

  test("without them, this machine", () => {
    const detected = targetPlatform({});
    expect(detected.os).toBe(process.platform === "win32" ? "windows" : process.platform);
    expect(detected.arch).toBe(process.arch === "x64" ? "amd64" : process.arch);
  });

  test("an unknown value is bad usage", () => {
    expect(() => targetPlatform({ K3DX_OS: "plan9" })).toThrow("K3DX_OS=plan9 is not a platform k3dx knows; use one of: linux, darwin, windows");
  });
});

describe("the C library (musl)", () => {
  const names = ["tool-linux-amd64.tar.gz", "tool-linux-amd64-musl.tar.gz", "tool-darwin-arm64.tar.gz"];
  const musl = (list: string[]) => selectReleaseAsset(list.map((name) => ({ name })), { os: "linux", arch: "amd64", libc: "musl" }).name;

  test("on a musl Linux the musl build wins; elsewhere it is a variant that loses to the plain build", () => {
    expect(musl(names)).toBe("tool-linux-amd64-musl.tar.gz");
    expect(pick(names, "linux", "amd64")).toBe("tool-linux-amd64.tar.gz");
  });

  test("on a musl Linux without a musl build the plain Linux build is taken (static Go binaries run anywhere)", () => {
    expect(musl(["tool-linux-amd64.tar.gz", "tool-darwin-arm64.tar.gz"])).toBe("tool-linux-amd64.tar.gz");
  });

  test("K3DX_LIBC chooses the C library; it only means something for Linux", () => {
    expect(targetPlatform({ K3DX_OS: "linux", K3DX_ARCH: "amd64", K3DX_LIBC: "musl" })).toEqual({ os: "linux", arch: "amd64", libc: "musl" });
    expect(targetPlatform({ K3DX_OS: "linux", K3DX_ARCH: "amd64", K3DX_LIBC: "glibc" })).toEqual({ os: "linux", arch: "amd64" });
    expect(targetPlatform({ K3DX_OS: "darwin", K3DX_ARCH: "arm64", K3DX_LIBC: "musl" })).toEqual({ os: "darwin", arch: "arm64" });
    expect(() => targetPlatform({ K3DX_LIBC: "uclibc" })).toThrow("K3DX_LIBC=uclibc is not a C library k3dx knows");
  });
});
