/**
 * The environment handed to programs k3dx starts. Values are JavaScript strings; a byte
 * that is not UTF-8 is carried as a lone surrogate (see exact-bytes.ts), so the strings
 * stand for the exact bytes. `undefined` means "not set".
 */
export type Env = Record<string, string | undefined>;

/** The set variables only, as spawn and exec take them. */
export function definedOnly(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  return out;
}
