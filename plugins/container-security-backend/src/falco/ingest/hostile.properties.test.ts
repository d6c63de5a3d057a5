import fc from 'fast-check';
import { STATUS_BY_ERROR_NAME } from '../../http/errorHandler';
import {
  readFalcoFixtureLines,
  testParseContext,
} from '../__testUtils__/falcoFixtures';
import { FalcoIngestConfig } from './config';
import { detailsJson } from './detailsCodec';
import { FalcoIngestService } from './FalcoIngestService';
import { handleFalcoBody } from './handleFalcoBody';
import {
  MAX_EVENT_DEPTH,
  parseFalcoEventText,
  ParseResult,
} from './parseEvent';

const RUNS = { numRuns: 1000 };
const fixtures = readFalcoFixtureLines();

/** A parse result is an alert that can be stored, or a non-empty message; never a throw. */
function wellFormed(result: ParseResult): boolean {
  if (!result.ok)
    return typeof result.error === 'string' && result.error !== '';
  const { alert } = result;
  return (
    typeof detailsJson(alert) === 'string' &&
    alert.timeMs >= 0 &&
    !alert.rule.includes('\0') &&
    Object.getPrototypeOf(alert.extraFields) === Object.prototype
  );
}

const context = () =>
  testParseContext({ receivedAt: Date.now(), maxFutureMs: 86_400_000 });

/** A fixture event with a value nested `depth` brackets deep inside output_fields. */
const deep = fc
  .record({
    depth: fc.oneof(
      fc.integer({ min: 0, max: 70 }),
      fc.integer({ min: 0, max: 6000 }),
    ),
    fixture: fc.constantFrom(...fixtures),
    // levels: how many nesting levels one open bracket adds
    brackets: fc.constantFrom(
      { open: '[', close: ']', levels: 1 },
      { open: '{"k":', close: '}', levels: 1 },
      { open: '[{"a":', close: '}]', levels: 2 },
    ),
    long: fc.boolean(),
  })
  .map(({ depth, fixture, brackets: { open, close, levels }, long }) => {
    const event = JSON.parse(fixture);
    delete event.uuid;
    event.output_fields.deep = '__DEEP__';
    const inner = long ? '12345678901234567890123' : '0';
    return {
      // The event is level 1, output_fields level 2.
      levels: 2 + depth * levels,
      text: JSON.stringify(event).replace(
        '"__DEEP__"',
        `${open.repeat(depth)}${inner}${close.repeat(depth)}`,
      ),
    };
  });

/** Events with thousands of members, or members with odd names and values. */
const wide = fc
  .tuple(
    fc.constantFrom(...fixtures),
    fc.dictionary(
      fc.oneof(
        fc.string(),
        fc.constantFrom(
          '__proto__',
          'constructor',
          'prototype',
          'time',
          'uuid',
        ),
      ),
      fc.jsonValue({ maxDepth: 3 }),
      { maxKeys: 2000 },
    ),
  )
  .map(([fixture, extra]) => {
    const event = JSON.parse(fixture);
    return JSON.stringify({
      ...event,
      output_fields: { ...event.output_fields, ...extra },
    });
  });

/** Valid events broken at a random place, and arbitrary text and JSON. */
const malformed = fc.oneof(
  fc
    .tuple(fc.constantFrom(...fixtures), fc.nat(), fc.string({ maxLength: 3 }))
    .map(([text, at, noise]) => {
      const i = at % text.length;
      return text.slice(0, i) + noise + text.slice(i + 1);
    }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.jsonValue().map(v => JSON.stringify(v)),
  fc
    .record({
      time: fc.oneof(
        fc
          .date({ noInvalidDate: false })
          .map(d => (Number.isNaN(d.getTime()) ? 'x' : d.toISOString())),
        fc.constantFrom(
          '0000-01-01T00:00:00Z',
          '9999-12-31T23:59:59Z',
          '-271821-04-20T00:00:00Z',
        ),
      ),
      rule: fc.string({ unit: 'binary' }),
      priority: fc.constantFrom('Critical', 'critical', 'nope', ''),
      output: fc.string(),
      tags: fc.array(fc.string({ unit: 'binary' }), { maxLength: 5 }),
    })
    .map(e => JSON.stringify(e)),
);

describe('Falco event parser on hostile input', () => {
  it('never throws on deeply nested events, and refuses those deeper than the limit', () => {
    fc.assert(
      fc.property(deep, ({ levels, text }) => {
        const result = parseFalcoEventText(text, {
          ...context(),
          maxEventBytes: 1 << 20,
        });
        expect(wellFormed(result)).toBe(true);
        expect(result.ok ? 'stored' : result.error).toBe(
          levels <= MAX_EVENT_DEPTH
            ? 'stored'
            : `event: nested deeper than ${MAX_EVENT_DEPTH} levels`,
        );
      }),
      RUNS,
    );
  });

  it('never throws on wide events or odd member names', () => {
    fc.assert(
      fc.property(wide, text => {
        const result = parseFalcoEventText(text, {
          ...context(),
          maxEventBytes: 1 << 22,
        });
        expect(wellFormed(result)).toBe(true);
        expect(({} as any).x).toBeUndefined();
      }),
      RUNS,
    );
  });

  it('never throws on malformed events', () => {
    fc.assert(
      fc.property(malformed, text => {
        expect(wellFormed(parseFalcoEventText(text, context()))).toBe(true);
      }),
      RUNS,
    );
  });

  it('answers any request body with 200, 207 or a 4xx error, never anything that would be a 5xx', async () => {
    const submitted: number[] = [];
    const ingest = {
      submit: async (alerts: unknown[]) => {
        submitted.push(alerts.length);
        return 'database';
      },
    } as unknown as FalcoIngestService;
    const config = {
      clusterFields: ['cluster'],
      hostnameClusters: [],
      maxEventBytes: 64 * 1024,
      maxEventsPerRequest: 50,
    } as unknown as FalcoIngestConfig;
    const line = fc.oneof(
      deep.map(d => d.text),
      wide,
      malformed,
      fc.constantFrom(...fixtures),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 60 }),
        fc.constantFrom('\n', ','),
        fc.constantFrom('application/x-ndjson', 'application/json', undefined),
        async (lines, separator, contentType) => {
          const body =
            separator === ',' ? `[${lines.join(',')}]` : lines.join('\n');
          let status: number;
          try {
            const answer = await handleFalcoBody({
              body,
              contentType,
              sender: { ingestSource: 'prop' },
              config,
              ingest,
            });
            status = answer.status;
          } catch (error) {
            status = STATUS_BY_ERROR_NAME[(error as Error).name] ?? 500;
          }
          expect([200, 207, 400, 413]).toContain(status);
        },
      ),
      RUNS,
    );
  });
});
