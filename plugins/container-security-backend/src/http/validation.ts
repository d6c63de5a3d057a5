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
/** A query that takes no keys: unknown keys are rejected. */
export const noQuery = z.object({}).strict();

/**
 * A query integer written in decimal digits only, within `min`..`max`: `1e2`, `0x10`,
 * ` 5` and `1e21` are refused rather than coerced.
 */
export function decimalInt(min: number, max: number) {
  return z
    .string()
    .regex(/^\d{1,15}$/, `must be a decimal integer from ${min} to ${max}`)
    .transform(Number)
    .refine(
      n => n >= min && n <= max,
      `must be a decimal integer from ${min} to ${max}`,
    );
}

// Epoch 0 to the end of year 9999: the range a four-digit ISO year can write, and one
// every date computation (a range's previous period, buckets) stays inside of.
const LATEST_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** A query time as ISO 8601 text, from 1970 through 9999; parsed to epoch milliseconds. */
export const queryTime = z
  .string()
  .max(40)
  .refine(v => !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 time')
  .transform(v => Date.parse(v))
  .refine(
    ms => ms >= 0 && ms <= LATEST_MS,
    'must be a time from 1970 through 9999',
  );

/**
 * A `cursor` query of the keyset pages that write `<ISO time>|<id>` in base64url (audit
 * events, responder actions): refused unless it decodes to a time from 1970 through 9999
 * and an id, so a tampered cursor is a 400 rather than ignored or a database error.
 */
export const timeIdCursor = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,512}$/, 'must be a cursor from a previous page')
  .refine(cursor => {
    const text = Buffer.from(cursor, 'base64url').toString('utf8');
    const at = text.indexOf('|');
    const ms = Date.parse(text.slice(0, at));
    return (
      at > 0 &&
      ms >= 0 &&
      ms <= LATEST_MS &&
      /^[^\p{Cc}]{1,255}$/u.test(text.slice(at + 1))
    );
  }, 'must be a cursor from a previous page');

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
