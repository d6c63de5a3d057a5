import fc from 'fast-check';
import { matchesSelector } from './evaluate';
import { parseSelector } from './parse';
import { printSelector } from './print';
import { SelectorSyntaxError } from './SelectorSyntaxError';
import { tokenizeSelector } from './tokenize';
import {
  labelSet,
  matchContext,
  selectorNode,
  selectorNoise,
} from './__testUtils__/arbitraries';

const RUNS = { numRuns: 1000 };

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
    return undefined;
  } catch (e) {
    return e ?? new Error('threw a nullish value');
  }
}

describe('selector properties', () => {
  it('(a) parse(print(ast)) evaluates like ast on random label sets', () => {
    fc.assert(
      fc.property(
        selectorNode,
        fc.array(fc.tuple(labelSet, matchContext), {
          minLength: 1,
          maxLength: 8,
        }),
        (ast, cases) => {
          const reparsed = parseSelector(printSelector(ast));
          for (const [labels, context] of cases) {
            expect(matchesSelector(reparsed, labels, context)).toBe(
              matchesSelector(ast, labels, context),
            );
          }
        },
      ),
      RUNS,
    );
  });

  it('(b) printing is idempotent: print(parse(print(ast))) === print(ast)', () => {
    fc.assert(
      fc.property(selectorNode, ast => {
        const printed = printSelector(ast);
        expect(printSelector(parseSelector(printed))).toBe(printed);
      }),
      RUNS,
    );
  });

  it('(c) !(A) evaluates as the negation of A', () => {
    fc.assert(
      fc.property(
        selectorNode,
        labelSet,
        matchContext,
        (ast, labels, context) => {
          const expected = !matchesSelector(ast, labels, context);
          const negatedText = parseSelector(`!(${printSelector(ast)})`);
          expect(matchesSelector(negatedText, labels, context)).toBe(expected);
          expect(
            matchesSelector({ type: 'not', operand: ast }, labels, context),
          ).toBe(expected);
        },
      ),
      RUNS,
    );
  });

  it('(d) tokenizing and parsing arbitrary strings only ever throw SelectorSyntaxError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 40 }),
          fc.string({ unit: 'grapheme-ascii', maxLength: 40 }),
          selectorNoise,
        ),
        input => {
          for (const run of [tokenizeSelector, parseSelector]) {
            const error = thrownBy(() => run(input));
            const position = (error as SelectorSyntaxError | undefined)
              ?.position;
            expect(
              error === undefined ||
                (error instanceof SelectorSyntaxError &&
                  position! >= 0 &&
                  position! <= input.length),
            ).toBe(true);
          }
        },
      ),
      RUNS,
    );
  });
});
