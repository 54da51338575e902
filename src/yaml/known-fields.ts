/**
 * "Every field is one we know", reporting each unknown field at its own line. valibot's
 * strictObject stops at the first unknown key even with `abortEarly: false`, so a file
 * with three typos would take an author three rounds; pair this with `looseObject`.
 */
import * as v from "valibot";

export function knownFieldsOnly<T extends object>(known: readonly string[], message = "is not a known field"): v.RawCheckAction<T> {
  return v.rawCheck<T>(({ dataset, addIssue }) => {
    const value: unknown = dataset.value;
    if (typeof value !== "object" || value === null || Array.isArray(value)) return;
    const input = value as Record<string, unknown>;
    for (const key of Object.keys(input)) {
      if (known.includes(key)) continue;
      addIssue({ message, path: [{ type: "object", origin: "key", input, key, value: input[key] }] });
    }
  });
}
