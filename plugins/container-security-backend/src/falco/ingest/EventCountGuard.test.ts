import fc from 'fast-check';
import { EventCountGuard } from './EventCountGuard';

/** The reference count on the decoded text: lines of the trimmed body. */
function linesOf(body: string): number {
  const trimmed = body.trim();
  return trimmed === '' ? 0 : trimmed.split('\n').length;
}

/** Top-level elements of a JSON array text (valid JSON only). */
function elementsOf(body: string): number {
  return (JSON.parse(body) as unknown[]).length;
}

function feedInChunks(guard: EventCountGuard, body: Buffer, cuts: number[]) {
  let from = 0;
  for (const cut of [
    ...cuts.map(c => c % (body.length + 1)).sort((a, b) => a - b),
    body.length,
  ]) {
    const excess = guard.feed(body.subarray(from, cut));
    from = Math.max(from, cut);
    if (excess) return excess;
  }
  return undefined;
}

describe('EventCountGuard', () => {
  it('refuses NDJSON bodies exactly when their trimmed text has more lines than the limit, however they are chunked', () => {
    const line = fc.constantFrom(
      '{"a":1}',
      '{}',
      'x',
      '',
      ' ',
      '{"s":"a\\nb"}',
    );
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 12 }),
        fc.constantFrom('', '\n', '\n\n', ' \n\t'),
        fc.constantFrom('', '\n', '\r\n', '  '),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (lines, leading, trailing, limit, cuts) => {
          const text = leading + lines.join('\n') + trailing;
          const guard = new EventCountGuard(limit, true);
          const excess = feedInChunks(guard, Buffer.from(text), cuts);
          expect(Boolean(excess)).toBe(linesOf(text) > limit);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('refuses JSON arrays exactly when they hold more elements than the limit, however they are chunked', () => {
    const element = fc.oneof(
      fc.constant({}),
      fc.constant([1, [2, 3]]),
      fc.string(),
      fc.constant('a,"],[{'),
      fc.integer(),
    );
    fc.assert(
      fc.property(
        fc.array(element, { maxLength: 12 }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.boolean(),
        (elements, limit, cuts, pretty) => {
          const text = JSON.stringify(elements, null, pretty ? 2 : undefined);
          const guard = new EventCountGuard(limit, false);
          const excess = feedInChunks(guard, Buffer.from(text), cuts);
          expect(Boolean(excess)).toBe(elementsOf(text) > limit);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('does not count a single event, even one spread over many lines', () => {
    const guard = new EventCountGuard(2, false);
    const pretty = Buffer.from(JSON.stringify({ a: 1, b: 2, c: 3 }, null, 2));
    expect(guard.feed(pretty)).toBeUndefined();
  });

  it('names the excess for the 413 answer', () => {
    expect(new EventCountGuard(2, true).feed(Buffer.from('{}\n{}\n{}'))).toBe(
      'more than 2 lines',
    );
    expect(new EventCountGuard(2, false).feed(Buffer.from('[1,2,3]'))).toBe(
      'more than 2 array elements',
    );
  });
});
