import { InputError } from '@backstage/errors';
import { z } from 'zod';

/** One segment of an entity reference in a route path. */
export const refPart = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/, 'must be a valid entity name');
/** The `:namespace/:kind/:name` path parameters of entity routes. */
export const entityParams = z.object({
  namespace: refPart,
  kind: refPart,
  name: refPart,
});
/** A full entity ref in a query, such as `group:default/payments-team`. */
export const fullRef = z
  .string()
  .regex(
    /^[a-z0-9-]+:[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+$/,
    'must be a full entity ref such as group:default/payments-team',
  );
/** Parses `value` or throws an InputError that names every offending field. */
export function parse<S extends z.ZodTypeAny>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const detail = result.error.issues
      .map(i => `${i.path.join('.') || what}: ${i.message}`)
      .join('; ');
    throw new InputError(`Invalid ${what}: ${detail}`);
  }
  return result.data;
}
