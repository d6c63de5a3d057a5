import {
  FalcoPriority,
  parseFalcoPriority,
} from '@containersec/plugin-container-security-common';
import { isSafeNumber, parse as losslessParse } from 'lossless-json';
// Zod 4's parser (shipped inside zod 3.25 as zod/v4): about three times faster per
// event than Zod 3's on this schema, which validates every webhook event.
import { z } from 'zod/v4';
import { NewFalcoAlert } from '../FalcoAlertStore';
import { HostnameClusterRule } from './config';
import { dedupKey } from './dedupKey';
import { detailsJson } from './detailsCodec';

/** Where an event came from and how to record its cluster. */
export interface ParseContext {
  receivedAt: number;
  /** Recorded as `ingestSource`. */
  ingestSource?: string;
  /** The sending source's configured cluster; wins over event fields. */
  sourceCluster?: string;
  clusterFields: string[];
  hostnameClusters: HostnameClusterRule[];
  maxEventBytes: number;
  /**
   * How far after `receivedAt` an event's `time` may be (clock skew); later events are
   * rejected rather than sorted above every real alert forever. Unset: no upper bound.
   */
  maxFutureMs?: number;
}

/** The outcome of parsing one event: an alert or a message naming the problem. */
export type ParseResult =
  | { ok: true; alert: NewFalcoAlert }
  | { ok: false; error: string };

// RFC 3339 as Falco writes it, with up to nine fractional digits.
const RFC3339 =
  /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/;

// Checked without copying: z.record would rebuild every event's field map.
const jsonObject = z.custom<Record<string, unknown>>(
  value => typeof value === 'object' && value !== null && !Array.isArray(value),
  'must be a JSON object',
);

// Unknown members are not copied into the parse result (Zod 4 strips them by default):
// they are read from the event itself (extraFields).
const eventSchema = z.object({
  time: z.string().regex(RFC3339, 'must be an RFC 3339 timestamp'),
  rule: z.string().min(1, 'must not be empty').max(255),
  priority: z
    .string()
    .refine(
      p => parseFalcoPriority(p) !== undefined,
      'must be one of Emergency, Alert, Critical, Error, Warning, Notice, Informational (Info), Debug',
    ),
  output: z.string(),
  output_fields: jsonObject.nullable().optional(),
  tags: z.array(z.string().max(255)).max(200).nullable().optional(),
  source: z.string().max(63).nullable().optional(),
  hostname: z.string().max(255).nullable().optional(),
  uuid: z.string().max(255).optional(),
});

const MODELLED = new Set([
  'time',
  'rule',
  'priority',
  'output',
  'output_fields',
  'tags',
  'source',
  'hostname',
]);

// A member value that is an integer literal long enough to exceed 2^53. Anchoring on the
// colon rather than on the member name's opening quote keeps the scan linear: a pattern
// that starts at every quote re-reads each string of the event.
const LONG_INTEGER_VALUE = /:[ \t\n\r]*(-?\d{16,})(?=[ \t\n\r]*[,}\]])/g;

/**
 * The member name before the colon at `colon`, or undefined when the text there is not
 * a JSON string (the match was inside a string value; the caller then parses losslessly
 * if that leaves an integer unaccounted for).
 */
function memberNameBefore(text: string, colon: number): string | undefined {
  let end = colon - 1;
  while (end >= 0 && ' \t\n\r'.includes(text[end])) end--;
  if (text[end] !== '"') return undefined;
  for (let start = end - 1; start >= 0; start--) {
    if (text[start] !== '"') continue;
    let backslashes = 0;
    while (text[start - 1 - backslashes] === '\\') backslashes++;
    if (backslashes % 2 === 1) continue;
    try {
      return JSON.parse(text.slice(start, end + 1));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function losslessParseExact(text: string): unknown {
  return losslessParse(text, null, value =>
    isSafeNumber(value) ? Number(value) : value,
  );
}

/** How deep an event may nest objects and arrays (the event itself is level 1). */
export const MAX_EVENT_DEPTH = 64;

/** JSON text nested deeper than allowed; its message names the limit. */
export class JsonDepthError extends Error {
  readonly name = 'JsonDepthError';
  constructor(readonly maxDepth: number) {
    super(`nested deeper than ${maxDepth} levels`);
  }
}

// Outcomes of the one walk over a parsed value.
const WALK_OK = 0;
/** Some unsafe integer has no unambiguous literal: parse losslessly instead. */
const WALK_AMBIGUOUS = 1;
const WALK_TOO_DEEP = 2;
type WalkStatus = 0 | 1 | 2;

/** What a too-deep element of a JSON array body is replaced by (see parseJsonArrayExact). */
export const TOO_DEEP_ELEMENT: unique symbol = Symbol('too deep');

const isUnsafeInteger = (v: unknown) =>
  typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v);

/**
 * The one walk over a parsed event: enforces the depth limit, drops `__proto__` and
 * `constructor` members (JSON.parse makes them own properties; copied into another
 * object they would set its prototype), and, when `literals` is given, replaces
 * rounded integers with their exact literals by member name. Depth is checked here,
 * in the walk the integer patching always needed, so it costs no pass of its own.
 */
function walk(
  value: unknown,
  literals: Map<string, string | null> | undefined,
  depthLeft: number,
): WalkStatus {
  if (value === null || typeof value !== 'object') return WALK_OK;
  if (depthLeft === 0) return WALK_TOO_DEEP;
  let status: WalkStatus = WALK_OK;
  if (Array.isArray(value)) {
    for (const v of value) {
      // Members of arrays have no name to match by.
      if (literals && isUnsafeInteger(v)) status = WALK_AMBIGUOUS;
      else if (typeof v === 'object' && v !== null) {
        const inner = walk(v, literals, depthLeft - 1);
        if (inner === WALK_TOO_DEEP) return inner;
        if (inner === WALK_AMBIGUOUS) status = inner;
      }
    }
    return status;
  }
  const record = value as Record<string, unknown>;
  // for…in rather than Object.entries: no array per object on every event.
  for (const key in record) {
    if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
    if (key === '__proto__' || key === 'constructor') {
      delete record[key];
      continue;
    }
    const v = record[key];
    if (typeof v === 'object' && v !== null) {
      const inner = walk(v, literals, depthLeft - 1);
      if (inner === WALK_TOO_DEEP) return inner;
      if (inner === WALK_AMBIGUOUS) status = inner;
    } else if (literals && status === WALK_OK && isUnsafeInteger(v)) {
      const literal = literals.get(key);
      if (!literal || Number(literal) !== v) status = WALK_AMBIGUOUS;
      else record[key] = literal;
    }
  }
  return status;
}

/** The long integer literals of `text` by member name (null: the name has several), or undefined when there are none. */
function longLiteralsOf(text: string): Map<string, string | null> | undefined {
  const literals = new Map<string, string | null>();
  let longLiterals = 0;
  for (const m of text.matchAll(LONG_INTEGER_VALUE)) {
    longLiterals += 1;
    if (Number.isSafeInteger(Number(m[1]))) continue;
    const key = memberNameBefore(text, m.index!);
    if (key === undefined) continue;
    const known = literals.get(key);
    literals.set(key, known === undefined || known === m[1] ? m[1] : null);
  }
  // Without a long member value, a long integer can still be an array element.
  if (longLiterals === 0 && !/\d{16}/.test(text)) return undefined;
  return literals;
}

/**
 * Parses JSON text keeping every integer exact: integers beyond 2^53 (Falco's
 * `evt.time` in nanoseconds) become decimal strings instead of being rounded.
 * Fast path: the native parser, then the few long integer literals put back by member
 * name; anything ambiguous falls back to a lossless parser. Throws JsonDepthError for
 * a value nested deeper than `maxDepth` (checked before the recursive fallback parser
 * could overflow the stack).
 */
export function parseJsonExact(
  text: string,
  maxDepth: number = MAX_EVENT_DEPTH,
): unknown {
  const value = JSON.parse(text);
  const literals = longLiteralsOf(text);
  const status = walk(value, literals, maxDepth);
  if (status === WALK_TOO_DEEP) throw new JsonDepthError(maxDepth);
  if (status === WALK_OK) return value;
  const exact = losslessParseExact(text);
  walk(exact, undefined, maxDepth);
  return exact;
}

/**
 * Parses a JSON array body of events like {@link parseJsonExact}, with the depth limit
 * applied to each element: an element nested deeper than `maxDepth` is replaced by
 * {@link TOO_DEEP_ELEMENT} (so only that event is rejected). Throws JsonDepthError
 * only when such an element also needs the lossless fallback parse.
 */
export function parseJsonArrayExact(
  text: string,
  maxDepth: number = MAX_EVENT_DEPTH,
): unknown[] | undefined {
  const value = JSON.parse(text);
  if (!Array.isArray(value)) return undefined;
  const literals = longLiteralsOf(text);
  let ambiguous = false;
  let tooDeep = false;
  for (let i = 0; i < value.length; i++) {
    const element = value[i];
    if (literals && isUnsafeInteger(element)) {
      ambiguous = true;
      continue;
    }
    const status = walk(element, literals, maxDepth);
    if (status === WALK_TOO_DEEP) {
      value[i] = TOO_DEEP_ELEMENT;
      tooDeep = true;
    } else if (status === WALK_AMBIGUOUS) ambiguous = true;
  }
  if (!ambiguous) return value;
  if (tooDeep) throw new JsonDepthError(maxDepth);
  const exact = losslessParseExact(text) as unknown[];
  walk(exact, undefined, maxDepth + 1);
  return exact;
}

/** Exact epoch time of an RFC 3339 string, split into milliseconds and the nanoseconds beyond. */
export function parseFalcoTime(
  time: string,
): { timeMs: number; timeNs: number } | undefined {
  const m = RFC3339.exec(time);
  if (!m) return undefined;
  const [, date, clock, fraction = '', zone] = m;
  const seconds = Date.parse(
    `${date}T${clock}${zone.toUpperCase() === 'Z' ? 'Z' : zone}`,
  );
  if (Number.isNaN(seconds)) return undefined;
  const digits = fraction.padEnd(9, '0');
  return {
    timeMs: seconds + Number(digits.slice(0, 3)),
    timeNs: Number(digits.slice(3)),
  };
}

function fieldText(value: unknown, max = 255): string | undefined {
  if (typeof value !== 'string' || value === '' || value === '<NA>') {
    return undefined;
  }
  return value.slice(0, max);
}

function describe(issues: z.core.$ZodIssue[]): string {
  return issues
    .map(i => `${i.path.join('.') || 'event'}: ${i.message}`)
    .join('; ');
}

function clusterOf(
  fields: Record<string, unknown>,
  hostname: string | undefined,
  context: ParseContext,
): string | undefined {
  if (context.sourceCluster) return context.sourceCluster;
  for (const key of context.clusterFields) {
    const value = fieldText(fields[key]);
    if (value) return value;
  }
  if (hostname) {
    return context.hostnameClusters.find(r => r.pattern.test(hostname))
      ?.cluster;
  }
  return undefined;
}

// Columns are text: PostgreSQL refuses NUL in text, and one such value would fail
// the whole grouped write. The details blob is binary and keeps NUL as sent.
const hasNul = (value: string | undefined) =>
  value !== undefined && value.indexOf('\0') !== -1;

function nulColumn(alert: NewFalcoAlert): string | undefined {
  // One check per column, no list of them: this runs for every event.
  if (hasNul(alert.rule)) return 'rule';
  if (hasNul(alert.source)) return 'source';
  if (hasNul(alert.hostname)) return 'hostname';
  if (hasNul(alert.cluster)) return 'cluster';
  if (hasNul(alert.namespace)) return 'namespace';
  if (hasNul(alert.pod)) return 'pod';
  if (hasNul(alert.container)) return 'container';
  for (const tag of alert.tags) if (hasNul(tag)) return 'tags';
  return undefined;
}

function checkTime(
  time: { timeMs: number },
  text: string,
  context: ParseContext,
): string | undefined {
  if (time.timeMs < 0) return `time: ${text} is before 1970-01-01`;
  if (
    context.maxFutureMs !== undefined &&
    time.timeMs > context.receivedAt + context.maxFutureMs
  ) {
    return `time: ${text} is more than ${Math.round(
      context.maxFutureMs / 3_600_000,
    )} hours after it was received; check the sender's clock`;
  }
  return undefined;
}

/** Validates one parsed event and turns it into an alert to store. */
export function parseFalcoEvent(
  event: unknown,
  context: ParseContext,
): ParseResult {
  if (event === TOO_DEEP_ELEMENT) {
    return {
      ok: false,
      error: `event: nested deeper than ${MAX_EVENT_DEPTH} levels`,
    };
  }
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    return { ok: false, error: 'event: must be a JSON object' };
  }
  const result = eventSchema.safeParse(event);
  if (!result.success) {
    return { ok: false, error: describe(result.error.issues) };
  }
  const e = result.data;
  const time = parseFalcoTime(e.time);
  if (!time) return { ok: false, error: 'time: not a valid date' };
  const timeError = checkTime(time, e.time, context);
  if (timeError) return { ok: false, error: timeError };
  const fields = (e.output_fields ?? {}) as Record<string, unknown>;
  const extraFields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) {
    if (!MODELLED.has(key)) extraFields[key] = value;
  }
  const hostname = fieldText(e.hostname);
  const auditPod =
    fields['ka.target.resource'] === 'pods'
      ? fieldText(fields['ka.target.name'])
      : undefined;
  let alert: NewFalcoAlert;
  try {
    alert = {
      id: dedupKey(event as Record<string, unknown>),
      timeMs: time.timeMs,
      timeNs: time.timeNs,
      rule: e.rule,
      priority: parseFalcoPriority(e.priority) as FalcoPriority,
      source: fieldText(e.source, 63),
      hostname,
      cluster: clusterOf(fields, hostname, context),
      namespace:
        fieldText(fields['k8s.ns.name']) ??
        fieldText(fields['ka.target.namespace']),
      pod: fieldText(fields['k8s.pod.name']) ?? auditPod,
      container:
        fieldText(fields['container.name']) ??
        fieldText(fields['container.id']),
      tags: e.tags ?? [],
      output: e.output,
      outputFields: fields,
      extraFields,
      ingestSource: context.ingestSource,
      receivedAt: context.receivedAt,
    };
    // Made here, once (the spool and the database write reuse it), so an event that
    // cannot be serialized is rejected on its own instead of failing a grouped write.
    detailsJson(alert);
  } catch (error) {
    return {
      ok: false,
      error: `event: cannot be stored (${String(error).slice(0, 100)})`,
    };
  }
  const nul = nulColumn(alert);
  if (nul) {
    return { ok: false, error: `${nul}: must not contain NUL (\\u0000)` };
  }
  return { ok: true, alert };
}

/** Parses and validates the JSON text of one event, enforcing the per-event size and depth limits. */
export function parseFalcoEventText(
  eventText: string,
  context: ParseContext,
): ParseResult {
  const bytes = Buffer.byteLength(eventText, 'utf8');
  if (bytes > context.maxEventBytes) {
    return {
      ok: false,
      error: `event: ${bytes} bytes exceeds the limit of ${context.maxEventBytes}`,
    };
  }
  let event: unknown;
  try {
    event = parseJsonExact(eventText);
  } catch (error) {
    if (error instanceof JsonDepthError) {
      return { ok: false, error: `event: ${error.message}` };
    }
    return {
      ok: false,
      error: `event: not valid JSON (${(error as Error).message.slice(
        0,
        200,
      )})`,
    };
  }
  return parseFalcoEvent(event, context);
}
