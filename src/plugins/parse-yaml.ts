/**
 * YAML text to data, failing with one line that says which file it is: for files k3dx
 * writes itself (receipt.yaml), with Bun's built-in parser. k3dx wrote them, so there is
 * no author to show a line to, and the `yaml` package (src/yaml/, what plugin.yaml and
 * other hand-written files go through) would cost `info`, `list` and `upgrade` its load.
 */
import { K3dxError } from "../errors.ts";

export function parseYaml(text: string, where: string): unknown {
  let value: unknown;
  try {
    value = Bun.YAML.parse(text);
  } catch (error) {
    throw new K3dxError(`${where}: not valid YAML (${(error as Error).message.replace(/^YAML Parse error: /, "")})`);
  }
  // Bun returns several documents as a list, which no caller could tell from a YAML list.
  if (Array.isArray(value) && /^---/m.test(text.replace(/^---[^\n]*\n/, ""))) {
    throw new K3dxError(`${where}: holds several YAML documents; it must be one mapping`);
  }
  return value;
}
