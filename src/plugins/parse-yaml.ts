/** YAML text to data, failing with one line that says which file (or program) wrote it. */
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
