import { createHash } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Serializes a JSON value with object keys sorted, so equal events hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys
      .map(
        k =>
          `${JSON.stringify(k)}:${canonicalJson(
            (value as Record<string, unknown>)[k],
          )}`,
      )
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function uuidFromHash(input: string): string {
  const bytes = createHash('sha256').update(input).digest().subarray(0, 16);
  // RFC 9562 UUIDv8 (custom): version 8, variant 10.
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(
    12,
    16,
  )}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The alert id and de-duplication key: Falcosidekick's `uuid` when it is a UUID (it
 * adds a random one to every event it forwards, and keeps it across its own retries),
 * otherwise a UUID derived from a SHA-256 of the canonical event, so the same Falco
 * event posted twice (Falco's http_output has no uuid) is one alert.
 */
export function dedupKey(event: Record<string, unknown>): string {
  const uuid = event.uuid;
  if (typeof uuid === 'string' && UUID.test(uuid)) return uuid.toLowerCase();
  if (typeof uuid === 'string') return uuidFromHash(`uuid:${uuid}`);
  return uuidFromHash(`event:${canonicalJson(event)}`);
}
