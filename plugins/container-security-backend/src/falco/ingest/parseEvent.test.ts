import {
  MAX_EVENT_DEPTH,
  parseFalcoEvent,
  parseFalcoEventText,
  parseFalcoTime,
  parseJsonArrayExact,
  parseJsonExact,
  TOO_DEEP_ELEMENT,
} from './parseEvent';
import { testParseContext } from '../__testUtils__/falcoFixtures';
import { dedupKey } from './dedupKey';

describe('parseJsonExact', () => {
  it('keeps integers beyond 2^53 exact and leaves safe numbers as numbers', () => {
    expect(
      parseJsonExact(
        '{"a":{"evt.time":1763990531153390386,"n":-1,"f":1.5},"b":[1,2]}',
      ),
    ).toEqual({
      a: { 'evt.time': '1763990531153390386', n: -1, f: 1.5 },
      b: [1, 2],
    });
  });

  it('falls back to a lossless parse when names are ambiguous or in arrays', () => {
    expect(
      parseJsonExact(
        '{"x":{"t":9007199254740993001},"y":{"t":9007199254740993002}}',
      ),
    ).toEqual({
      x: { t: '9007199254740993001' },
      y: { t: '9007199254740993002' },
    });
    expect(parseJsonExact('{"list":[9007199254740993001]}')).toEqual({
      list: ['9007199254740993001'],
    });
    expect(
      parseJsonExact('{"t":9007199254740993001,"list":[9007199254740993002]}'),
    ).toEqual({ t: '9007199254740993001', list: ['9007199254740993002'] });
    // A look-alike inside a string does not fool it.
    expect(
      parseJsonExact(
        '{"output":"\\"t\\":9007199254740993999","t":9007199254740993001}',
      ),
    ).toEqual({
      output: '"t":9007199254740993999',
      t: '9007199254740993001',
    });
    expect(
      parseJsonExact(
        '{"output":"x \\"t\\": 9007199254740993999, y","t" : 9007199254740993001 }',
      ),
    ).toEqual({
      output: 'x "t": 9007199254740993999, y',
      t: '9007199254740993001',
    });
    expect(
      parseJsonExact('{"a\\"b":9007199254740993001,"c":[{"d":12}]}'),
    ).toEqual({ 'a"b': '9007199254740993001', c: [{ d: 12 }] });
  });
});

describe('parseFalcoTime', () => {
  it('splits nanoseconds exactly, with offsets and fewer digits', () => {
    expect(parseFalcoTime('2025-11-24T13:22:11.153390386Z')).toEqual({
      timeMs: Date.parse('2025-11-24T13:22:11.153Z'),
      timeNs: 390386,
    });
    expect(parseFalcoTime('2025-11-24T15:22:11.1+02:00')).toEqual({
      timeMs: Date.parse('2025-11-24T13:22:11.100Z'),
      timeNs: 0,
    });
    expect(parseFalcoTime('2025-13-40T00:00:00Z')).toBeUndefined();
  });
});

describe('dedupKey', () => {
  it('uses a valid uuid, else a stable hash independent of key order', () => {
    expect(dedupKey({ uuid: 'A7B0C3E1-1234-4F5E-9ABC-0123456789AB' })).toBe(
      'a7b0c3e1-1234-4f5e-9abc-0123456789ab',
    );
    const a = dedupKey({ rule: 'r', output_fields: { x: 1, y: 'z' } });
    const b = dedupKey({ output_fields: { y: 'z', x: 1 }, rule: 'r' });
    expect(a).toBe(b);
    expect(a).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(dedupKey({ rule: 'r', output_fields: { x: 2, y: 'z' } })).not.toBe(
      a,
    );
  });
});

describe('parseFalcoEvent', () => {
  const event = {
    time: '2023-05-25T13:44:05.478445995Z',
    rule: 'Terminal shell in container',
    priority: 'Notice',
    output: 'A shell was spawned',
  };

  it('keeps output_fields as sent, and accepts them missing or null', () => {
    const fields = { 'k8s.ns.name': 'default', 'proc.tty': 34816 };
    const parsed = parseFalcoEvent(
      { ...event, output_fields: fields },
      testParseContext(),
    );
    expect(parsed.ok && parsed.alert.outputFields).toEqual(fields);
    expect(parsed.ok && parsed.alert.namespace).toBe('default');
    for (const missing of [{}, { output_fields: null }]) {
      const r = parseFalcoEvent({ ...event, ...missing }, testParseContext());
      expect(r.ok && r.alert.outputFields).toEqual({});
    }
  });

  it('rejects output_fields that are not a JSON object, naming the field', () => {
    for (const bad of ['x', [1], 3, true]) {
      expect(
        parseFalcoEvent({ ...event, output_fields: bad }, testParseContext()),
      ).toEqual({ ok: false, error: 'output_fields: must be a JSON object' });
    }
  });
});

describe('hostile events', () => {
  const base = {
    time: '2023-05-25T13:44:05.478445995Z',
    rule: 'Terminal shell in container',
    priority: 'Notice',
    output: 'A shell was spawned',
  };
  // `depth` levels of objects.
  const nested = (depth: number) =>
    `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;
  const eventWith = (fields: string, extra = '') =>
    `{"time":"${base.time}","rule":"r","priority":"Notice","output":"o"${extra},"output_fields":${fields}}`;

  it('takes an event nested exactly MAX_EVENT_DEPTH levels and rejects one level more, naming the limit', () => {
    // The event is level 1 and output_fields level 2.
    const ok = parseFalcoEventText(
      eventWith(nested(MAX_EVENT_DEPTH - 1)),
      testParseContext(),
    );
    expect(ok.ok).toBe(true);
    const deep = parseFalcoEventText(
      eventWith(nested(MAX_EVENT_DEPTH)),
      testParseContext(),
    );
    expect(deep).toEqual({
      ok: false,
      error: `event: nested deeper than ${MAX_EVENT_DEPTH} levels`,
    });
  });

  it('rejects 100,000 levels of nesting without overflowing the stack, with or without long integers', () => {
    for (const extra of ['', ',"n":12345678901234567890123']) {
      const text = eventWith(
        `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
        extra,
      );
      const result = parseFalcoEventText(text, {
        ...testParseContext(),
        maxEventBytes: 1 << 20,
      });
      expect(result).toEqual({
        ok: false,
        error: `event: nested deeper than ${MAX_EVENT_DEPTH} levels`,
      });
    }
  });

  it('drops __proto__ and constructor members without touching any prototype', () => {
    const result = parseFalcoEventText(
      eventWith(
        '{"__proto__":{"polluted":1},"constructor":{"prototype":{"p":1}},"k8s.ns.name":"default"}',
        ',"__proto__":{"polluted":2}',
      ),
      testParseContext(),
    );
    expect(result.ok).toBe(true);
    const alert = result.ok ? result.alert : undefined;
    expect(alert?.outputFields).toEqual({ 'k8s.ns.name': 'default' });
    expect(Object.getPrototypeOf(alert?.extraFields)).toBe(Object.prototype);
    expect(Object.keys(alert?.extraFields ?? {})).toEqual([]);
    expect(({} as any).polluted).toBeUndefined();
  });

  it('rejects NUL in a column and keeps it in the details', () => {
    expect(
      parseFalcoEvent({ ...base, rule: 'a\u0000b' }, testParseContext()),
    ).toEqual({ ok: false, error: 'rule: must not contain NUL (\\u0000)' });
    const inDetails = parseFalcoEvent(
      { ...base, output: 'a\u0000b' },
      testParseContext(),
    );
    expect(inDetails.ok).toBe(true);
  });

  it('rejects times before 1970 and beyond the allowed clock skew', () => {
    const context = testParseContext({
      receivedAt: Date.parse('2026-12-07T00:00:00Z'),
      maxFutureMs: 24 * 3600_000,
    });
    expect(
      parseFalcoEvent({ ...base, time: '0000-01-01T00:00:00Z' }, context),
    ).toEqual({
      ok: false,
      error: 'time: 0000-01-01T00:00:00Z is before 1970-01-01',
    });
    const future = parseFalcoEvent(
      { ...base, time: '9999-12-31T23:59:59Z' },
      context,
    );
    expect(future.ok === false && future.error).toMatch(
      /^time: 9999-12-31T23:59:59Z is more than 24 hours after it was received/,
    );
    expect(
      parseFalcoEvent({ ...base, time: '2026-12-07T23:00:00Z' }, context).ok,
    ).toBe(true);
  });
});

describe('parseJsonArrayExact', () => {
  it('marks only the too-deep element', () => {
    const deep = `${'['.repeat(200)}${']'.repeat(200)}`;
    expect(parseJsonArrayExact(`[{"a":1},${deep},{"b":2}]`)).toEqual([
      { a: 1 },
      TOO_DEEP_ELEMENT,
      { b: 2 },
    ]);
    expect(parseJsonArrayExact('{"a":1}')).toBeUndefined();
  });
});
