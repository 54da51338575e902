/**
 * One `bun build --compile` of k3dx, shared by `npm run build` and `npm run release`.
 *
 * --splitting keeps citty and valibot in lazily loaded chunks, off the start-up
 * path; --bytecode needs ESM; the compiled binary must not read a `.env` or
 * `bunfig.toml` from the user's current folder.
 */
import { renameSync, rmSync } from "node:fs";

/**
 * `target` is a Bun cross-compile target (bun-linux-arm64 …); `runtime` the Bun executable
 * to embed for it (a verified copy, see release/bun-runtime.ts) instead of one Bun fetches.
 */
export async function compile(outfile: string, target?: string, entry = "src/main.ts", runtime?: string): Promise<void> {
  // Built beside the target and renamed into place, so a test or a bench that runs the
  // binary while another build is going never sees half a file. Bun appends `.exe` to a
  // Windows outfile that lacks it, so the staging name keeps that extension last.
  const staging = outfile.endsWith(".exe") ? `${outfile.slice(0, -4)}.${process.pid}.tmp.exe` : `${outfile}.${process.pid}.tmp`;
  const cmd = [
    process.execPath, "build", entry,
    "--compile", "--splitting", "--minify", "--bytecode", "--format=esm",
    "--no-compile-autoload-dotenv", "--no-compile-autoload-bunfig",
    ...(target ? [`--target=${target}`] : []),
    ...(runtime ? [`--compile-executable-path=${runtime}`] : []),
    "--outfile", staging,
  ];
  const proc = Bun.spawn({ cmd, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  const output = out + err;
  // Bun reports a bytecode failure but still exits 0, leaving a binary that dies at start.
  if (code !== 0 || /failed to generate bytecode|error:/i.test(output)) {
    rmSync(staging, { force: true });
    process.stderr.write(output);
    throw new Error(`bun build failed for ${outfile}${target ? ` (${target})` : ""}`);
  }
  renameSync(staging, outfile);
}
