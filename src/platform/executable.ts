/**
 * What counts as an executable, and how to start one, per platform. On Windows there is
 * no executable bit: PATHEXT decides, and scripts need their interpreter named.
 */
import { accessSync, constants } from "node:fs";
import { IS_WINDOWS } from "./paths.ts";
import { statPath } from "./safe-stat.ts";

/** Extensions Windows runs directly or through a known interpreter, in lookup order. */
export const WINDOWS_EXECUTABLE_EXTENSIONS = [".exe", ".cmd", ".bat", ".ps1"] as const;

/** A regular file we may run; anything that cannot be looked at (a loop of links, say) is not. */
export function isExecutableFile(path: string, windows = IS_WINDOWS): boolean {
  const stat = statPath(path);
  if (!stat?.isFile()) return false;
  if (windows) return hasWindowsExecutableExtension(path);
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function hasWindowsExecutableExtension(path: string): boolean {
  return windowsExtensionOf(path) !== undefined;
}

/** `.exe` for `K3D-FOO.EXE`: Windows file names ignore case, so the extension does too. */
function windowsExtensionOf(path: string): string | undefined {
  const lower = path.toLowerCase();
  return WINDOWS_EXECUTABLE_EXTENSIONS.find((ext) => lower.endsWith(ext));
}

/** File names to try for a command `base`: itself on POSIX, `base.exe` … on Windows. */
export function executableFileNames(base: string, windows = IS_WINDOWS): string[] {
  return windows ? WINDOWS_EXECUTABLE_EXTENSIONS.map((ext) => base + ext) : [base];
}

/** The name a plugin's file answers to: `k3d-foo.exe` → `k3d-foo` on Windows. */
export function commandNameOfFile(fileName: string, windows = IS_WINDOWS): string {
  const ext = windows ? windowsExtensionOf(fileName) : undefined;
  return ext ? fileName.slice(0, -ext.length) : fileName;
}

/**
 * The name to give a link or copy of `executable` (a hook entry in hooks/<event>/) so that
 * it still runs: `base` itself on POSIX, where the executable bit travels with the file;
 * `base` plus the executable's extension on Windows, where the extension is what makes a
 * file runnable — a copy of `mirror.cmd` named `mirror` would be skipped.
 */
export function runnableName(base: string, executable: string, windows = IS_WINDOWS): string {
  return windows ? base + (windowsExtensionOf(executable) ?? "") : base;
}

/** How to start a program: the argv, and whether Windows must get it unquoted. */
export interface Invocation {
  cmd: string[];
  /**
   * Windows only: hand `cmd` to CreateProcess joined by spaces, as written (Bun's
   * `windowsVerbatimArguments`), because it is already quoted for cmd.exe.
   */
  windowsVerbatimArguments: boolean;
}

/**
 * How to run `path` with `args`. Windows cannot start `.cmd`/`.bat`/`.ps1` files by
 * themselves (CreateProcess takes only PE images), so their interpreter is named. cmd.exe
 * does not read its command line the way programs do: given `/s /c`, it drops the first and
 * the last quote of the rest and parses what remains with its own rules, so a path with a
 * space, quoted per argument, would split. It gets one quoted command string instead, each
 * part escaped for cmd.exe (as cross-spawn and Node's `shell: true` do).
 */
export function invocationFor(path: string, args: readonly string[] = [], windows = IS_WINDOWS): Invocation {
  const ext = windows ? windowsExtensionOf(path) : undefined;
  if (ext === ".ps1") {
    return { cmd: ["powershell.exe", "-NoLogo", "-NoProfile", "-ExecutionPolicy", "Bypass", "-File", path, ...args], windowsVerbatimArguments: false };
  }
  if (ext === ".cmd" || ext === ".bat") {
    const line = [escapeForCmd(path), ...args.map(quoteForCmd)].join(" ");
    return { cmd: ["cmd.exe", "/d", "/s", "/c", `"${line}"`], windowsVerbatimArguments: true };
  }
  return { cmd: [path, ...args], windowsVerbatimArguments: false };
}

/** cmd.exe's metacharacters (and the space), each escaped with `^` outside quotes. */
const CMD_METACHARACTERS = /([()\][%!^"`<>&|;, *?])/g;

function escapeForCmd(text: string): string {
  return text.replace(CMD_METACHARACTERS, "^$1");
}

/**
 * One argument: quoted as the C runtime reads argv (backslashes before a quote doubled,
 * the quote escaped, trailing backslashes doubled), then escaped for cmd.exe, which
 * passes it on to the batch file with its quotes.
 */
export function quoteForCmd(arg: string): string {
  const quoted = arg.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\*)$/, "$1$1");
  return escapeForCmd(`"${quoted}"`);
}
