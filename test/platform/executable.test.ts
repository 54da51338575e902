/**
 * The Windows name rules run on every platform: each function takes `windows` as a
 * parameter, so Linux CI checks the decisions a Windows machine will make.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  commandNameOfFile,
  executableFileNames,
  hasWindowsExecutableExtension,
  invocationFor,
  isExecutableFile,
  quoteForCmd,
  runnableName,
  WINDOWS_EXECUTABLE_EXTENSIONS,
} from "../../src/platform/executable.ts";

const WINDOWS = true;
const POSIX = false;

const dir = mkdtempSync(join(tmpdir(), "k3dx-executable-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, mode: number): string {
  const path = join(dir, name);
  writeFileSync(path, "#!/bin/sh\n");
  chmodSync(path, mode);
  return path;
}

describe("what counts as an executable", () => {
  test("on POSIX the executable bit decides, whatever the name", () => {
    expect(isExecutableFile(file("k3d-plain", 0o755), POSIX)).toBe(true);
    expect(isExecutableFile(file("k3d-noexec", 0o644), POSIX)).toBe(false);
    expect(isExecutableFile(file("k3d-noexec.exe", 0o644), POSIX)).toBe(false);
  });

  test("on Windows the extension decides, whatever the mode bits", () => {
    for (const ext of [".exe", ".cmd", ".bat", ".ps1", ".EXE", ".Cmd"]) {
      expect(isExecutableFile(file(`k3d-win${ext}`, 0o644), WINDOWS)).toBe(true);
    }
    expect(isExecutableFile(file("k3d-win-bare", 0o755), WINDOWS)).toBe(false);
    expect(isExecutableFile(file("k3d-win.sh", 0o755), WINDOWS)).toBe(false);
    expect(isExecutableFile(file("k3d-win.exe.txt", 0o755), WINDOWS)).toBe(false);
  });

  test("folders and missing files are never executables", () => {
    mkdirSync(join(dir, "folder.exe"));
    expect(isExecutableFile(join(dir, "folder.exe"), WINDOWS)).toBe(false);
    expect(isExecutableFile(dir, POSIX)).toBe(false);
    expect(isExecutableFile(join(dir, "missing.exe"), WINDOWS)).toBe(false);
    expect(isExecutableFile(join(dir, "missing"), POSIX)).toBe(false);
  });

  test("the Windows extensions are exactly .exe, .cmd, .bat, .ps1, in lookup order", () => {
    expect([...WINDOWS_EXECUTABLE_EXTENSIONS]).toEqual([".exe", ".cmd", ".bat", ".ps1"]);
    expect(hasWindowsExecutableExtension("C:\\Tools\\K3D.EXE")).toBe(true);
    expect(hasWindowsExecutableExtension("k3d-foo.com")).toBe(false);
    expect(hasWindowsExecutableExtension("exe")).toBe(false);
  });
});

describe("file names for a command", () => {
  test("POSIX looks for the name itself", () => {
    expect(executableFileNames("k3d-foo", POSIX)).toEqual(["k3d-foo"]);
  });

  test("Windows looks for every runnable extension, .exe first", () => {
    expect(executableFileNames("k3d-foo", WINDOWS)).toEqual(["k3d-foo.exe", "k3d-foo.cmd", "k3d-foo.bat", "k3d-foo.ps1"]);
  });

  test("a file answers to its name without the Windows extension, in any case", () => {
    expect(commandNameOfFile("k3d-foo.exe", WINDOWS)).toBe("k3d-foo");
    expect(commandNameOfFile("k3d-foo.PS1", WINDOWS)).toBe("k3d-foo");
    expect(commandNameOfFile("K3D-Foo.Bat", WINDOWS)).toBe("K3D-Foo");
    expect(commandNameOfFile("k3d-foo.tar.gz", WINDOWS)).toBe("k3d-foo.tar.gz");
    expect(commandNameOfFile("k3d-foo", WINDOWS)).toBe("k3d-foo");
  });

  test("on POSIX an extension is part of the name", () => {
    expect(commandNameOfFile("k3d-foo.exe", POSIX)).toBe("k3d-foo.exe");
    expect(commandNameOfFile("k3d-foo.sh", POSIX)).toBe("k3d-foo.sh");
  });
});

describe("names of hook links and copies", () => {
  test("on POSIX a hook entry is named after the plugin alone", () => {
    expect(runnableName("mirror", "/home/u/.k3d/plugins/o/r/k3d-mirror", POSIX)).toBe("mirror");
    expect(runnableName("mirror", "/home/u/.k3d/plugins/o/r/mirror.sh", POSIX)).toBe("mirror");
  });

  test("on Windows a hook copy keeps the extension that makes it runnable", () => {
    expect(runnableName("mirror", "C:\\Users\\u\\.k3d\\plugins\\o\\r\\k3d-mirror.cmd", WINDOWS)).toBe("mirror.cmd");
    expect(runnableName("mirror", "C:\\p\\k3d-mirror.EXE", WINDOWS)).toBe("mirror.exe");
    expect(runnableName("mirror", "C:\\p\\hook.ps1", WINDOWS)).toBe("mirror.ps1");
  });

  test("the name given to a Windows copy is found again as that plugin's command", () => {
    for (const source of ["k3d-mirror.exe", "k3d-mirror.cmd", "k3d-mirror.bat", "k3d-mirror.ps1"]) {
      const copy = runnableName("mirror", source, WINDOWS);
      expect(hasWindowsExecutableExtension(copy)).toBe(true);
      expect(commandNameOfFile(copy, WINDOWS)).toBe("mirror");
    }
  });
});

describe("how an executable is started", () => {
  test("POSIX runs every file directly, arguments as they are; the kernel reads the #! line", () => {
    expect(invocationFor("/p/k3d-foo.cmd", ["a b"], POSIX)).toEqual({ cmd: ["/p/k3d-foo.cmd", "a b"], windowsVerbatimArguments: false });
    expect(invocationFor("/p/k3d-foo", [], POSIX)).toEqual({ cmd: ["/p/k3d-foo"], windowsVerbatimArguments: false });
  });

  test("Windows runs .exe directly", () => {
    expect(invocationFor("C:\\p\\k3d-foo.exe", ["x"], WINDOWS)).toEqual({ cmd: ["C:\\p\\k3d-foo.exe", "x"], windowsVerbatimArguments: false });
  });

  test("Windows runs .cmd and .bat through cmd.exe without AutoRun, as one quoted command string", () => {
    expect(invocationFor("C:\\p\\k3d-foo.cmd", [], WINDOWS)).toEqual({ cmd: ["cmd.exe", "/d", "/s", "/c", '"C:\\p\\k3d-foo.cmd"'], windowsVerbatimArguments: true });
    expect(invocationFor("C:\\p\\K3D-FOO.BAT", ["status"], WINDOWS).cmd.at(-1)).toBe('"C:\\p\\K3D-FOO.BAT ^"status^""');
  });

  test("a .cmd whose path has a space: the space is escaped, so cmd.exe keeps the path whole", () => {
    const { cmd, windowsVerbatimArguments } = invocationFor("C:\\Users\\Jo Doe\\.k3d\\plugins\\k3d-foo.cmd", ["status", "--all"], WINDOWS);
    expect(windowsVerbatimArguments).toBe(true);
    // What CreateProcess gets (verbatim: joined by spaces), and what cmd.exe then runs after /s
    // drops the outer quotes and resolves the ^ escapes.
    const commandLine = cmd.join(" ");
    expect(commandLine).toBe('cmd.exe /d /s /c "C:\\Users\\Jo^ Doe\\.k3d\\plugins\\k3d-foo.cmd ^"status^" ^"--all^""');
    expect(cmdRuns(commandLine)).toBe('C:\\Users\\Jo Doe\\.k3d\\plugins\\k3d-foo.cmd "status" "--all"');
  });

  test("arguments keep spaces, quotes, backslashes and cmd.exe's metacharacters", () => {
    expect(quoteForCmd("a b")).toBe('^"a^ b^"');
    expect(quoteForCmd("a&b|c>d")).toBe('^"a^&b^|c^>d^"');
    expect(quoteForCmd('say "hi"')).toBe('^"say^ \\^"hi\\^"^"');
    expect(quoteForCmd("C:\\dir\\")).toBe('^"C:\\dir\\\\^"');
    expect(quoteForCmd("%PATH%")).toBe('^"^%PATH^%^"');
    expect(quoteForCmd("")).toBe('^"^"');
    const line = invocationFor("C:\\p q\\x.cmd", ["a&b", 'say "hi"', "C:\\dir\\"], WINDOWS).cmd.join(" ");
    // After cmd.exe, each argument is one quoted word that the C runtime reads back exactly.
    expect(cmdRuns(line)).toBe('C:\\p q\\x.cmd "a&b" "say \\"hi\\"" "C:\\dir\\\\"');
  });

  test("Windows runs .ps1 through PowerShell, without profile or execution policy prompts", () => {
    const { cmd, windowsVerbatimArguments } = invocationFor("C:\\p\\k3d-foo.ps1", ["x y"], WINDOWS);
    expect(cmd[0]).toBe("powershell.exe");
    expect(cmd).toContain("-NoProfile");
    expect(cmd.slice(-5)).toEqual(["-ExecutionPolicy", "Bypass", "-File", "C:\\p\\k3d-foo.ps1", "x y"]);
    expect(windowsVerbatimArguments).toBe(false);
  });
});

/**
 * What `cmd.exe /d /s /c "LINE"` runs: /s drops the first and the last quote of what follows
 * /c, then cmd.exe's parser removes each `^` and keeps the character after it.
 */
function cmdRuns(commandLine: string): string {
  const rest = commandLine.slice(commandLine.indexOf("/c ") + 3);
  const first = rest.indexOf('"');
  const last = rest.lastIndexOf('"');
  const inner = rest.slice(0, first) + rest.slice(first + 1, last) + rest.slice(last + 1);
  return inner.replace(/\^(.)/g, "$1");
}
