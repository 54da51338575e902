/** `npm run build`: dist/k3d for this machine. */
import { compile } from "./compile.ts";

const outfile = "dist/k3d";
try {
  await compile(outfile);
  process.stdout.write(`built ${outfile}\n`);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
