/** The input with the defaulted fields present. */
export type WithDefaults<T, D> = Omit<T, keyof D & keyof T> & {
  [K in keyof D & keyof T]-?: NonNullable<T[K]>;
};

/**
 * The input with defaults for the fields left out. The scaffolder validates an action's
 * input against the JSON schema made from its zod schema but hands the handler the input
 * as rendered (zod defaults would not be applied), so the schemas mark these fields
 * optional and the handlers apply the defaults here.
 */
export function applyDefaults<T extends object, D extends Partial<T>>(
  input: T,
  defaults: D,
): WithDefaults<T, D> {
  const out = { ...input } as Record<string, unknown>;
  for (const [key, value] of Object.entries(defaults)) {
    if (out[key] === undefined || out[key] === null) out[key] = value;
  }
  return out as WithDefaults<T, D>;
}
