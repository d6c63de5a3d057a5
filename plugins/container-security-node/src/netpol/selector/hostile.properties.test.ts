import fc from 'fast-check';
import { matchesSelector } from './evaluate';
import { MAX_SELECTOR_NESTING, parseSelector } from './parse';
import { printSelector } from './print';
import { SelectorSyntaxError } from './SelectorSyntaxError';

const RUNS = { numRuns: 1000 };

/** What parsing `input` did: parsed, or threw (and what). */
function outcome(input: string): { ok: true } | { ok: false; error: unknown } {
  try {
    const ast = parseSelector(input);
    // What parses must also print and evaluate without running off the stack.
    printSelector(ast);
    matchesSelector(ast, { app: 'a' }, { isGlobal: false });
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  }
}

const atom = fc.constantFrom(
  'all()',
  'has(app)',
  "app == 'a'",
  "tier in {'x','y'}",
  'global()',
);

/** Parentheses nested `depth` deep around an atom, with `!` and operators sprinkled in. */
const nested = fc
  .record({
    depth: fc.oneof(
      fc.integer({ min: 0, max: MAX_SELECTOR_NESTING }),
      fc.integer({ min: MAX_SELECTOR_NESTING + 1, max: 5000 }),
    ),
    atom,
    bang: fc.boolean(),
    glue: fc.constantFrom('', ' && all()', ' || has(x)'),
  })
  .map(({ depth, atom: a, bang, glue }) => ({
    depth,
    text: `${`${bang ? '!' : ''}(`.repeat(depth)}${a}${`${glue})`.repeat(
      depth,
    )}`,
  }));

/** Long flat chains: wide rather than deep. */
const wide = fc
  .tuple(
    fc.array(atom, { minLength: 1, maxLength: 2000 }),
    fc.constantFrom(' && ', ' || '),
  )
  .map(([atoms, op]) => atoms.join(op));

/** Unbalanced or truncated versions of deep and wide selectors. */
const malformed = fc
  .tuple(
    fc.oneof(
      nested.map(n => n.text),
      wide,
    ),
    fc.nat(),
    fc.nat(),
  )
  .map(([text, cut, insert]) => {
    const at = text.length === 0 ? 0 : cut % text.length;
    const noise = ['(', ')', '!', '&&', '||', "'", '{', 'in'][insert % 8];
    return text.slice(0, at) + noise + text.slice(at + 1);
  });

describe('selector parser on hostile input', () => {
  it('parses nesting up to the limit and refuses deeper nesting with a SelectorSyntaxError, never a stack overflow', () => {
    fc.assert(
      fc.property(nested, ({ depth, text }) => {
        const tooDeep = expect.objectContaining({
          name: 'SelectorSyntaxError',
          message: expect.stringContaining(
            `nested deeper than ${MAX_SELECTOR_NESTING} levels`,
          ),
        });
        expect(outcome(text)).toEqual(
          depth <= MAX_SELECTOR_NESTING
            ? { ok: true }
            : { ok: false, error: tooDeep },
        );
      }),
      RUNS,
    );
  });

  it('parses wide selectors of thousands of terms', () => {
    fc.assert(
      fc.property(wide, text => {
        expect(outcome(text)).toEqual({ ok: true });
      }),
      RUNS,
    );
  });

  it('answers malformed deep and wide selectors only with SelectorSyntaxError', () => {
    fc.assert(
      fc.property(malformed, text => {
        const result = outcome(text);
        expect(
          result.ok || result.error instanceof SelectorSyntaxError
            ? 'parsed or SelectorSyntaxError'
            : result.error,
        ).toBe('parsed or SelectorSyntaxError');
      }),
      RUNS,
    );
  });

  it('refuses 100,000 nested parentheses', () => {
    const text = `${'('.repeat(100_000)}all()${')'.repeat(100_000)}`;
    expect(() => parseSelector(text)).toThrow(SelectorSyntaxError);
  });
});
