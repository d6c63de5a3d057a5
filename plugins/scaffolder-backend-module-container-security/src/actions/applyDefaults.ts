/**
 * The input with defaults for the fields left out. The scaffolder validates an action's
 * input against the JSON schema made from its zod schema but hands the handler the input
 * as rendered, so zod `.default()`s document the defaults without applying them.
 */
export function applyDefaults<T extends object, D extends Partial<T>>(
  input: T,
  defaults: D,
): T & Required<Pick<T, keyof D & keyof T>> {
  const out = { ...input } as Record<string, unknown>;
  for (const [key, value] of Object.entries(defaults)) {
    if (out[key] === undefined || out[key] === null) out[key] = value;
  }
  return out as T & Required<Pick<T, keyof D & keyof T>>;
}
