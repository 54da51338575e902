/**
 * One `bun build --compile` of k3dx, shared by `npm run build` and `npm run release`.
 *
 * --splitting keeps citty/consola/valibot in lazily loaded chunks, off the start-up
 * path; --bytecode needs ESM; the compiled binary must not read a `.env` or
 * `bunfig.toml` from the user's current folder.
 */
import { renameSync, rmSync } from "node:fs";

export async function compile(outfile: string, target?: string, entry = "src/main.ts"): Promise<void> {
  // Built beside the target and renamed into place, so a test or a bench that runs the
  // binary while another build is going never sees half a file.
  const staging = `${outfile}.${process.pid}.tmp`;
  const cmd = [
    process.execPath, "build", entry,
    "--compile", "--splitting", "--minify", "--bytecode", "--format=esm",
    "--no-compile-autoload-dotenv", "--no-compile-autoload-bunfig",
    ...(target ? [`--target=${target}`] : []),
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
