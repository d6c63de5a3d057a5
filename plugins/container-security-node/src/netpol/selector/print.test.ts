import { parseSelector } from './parse';
import { printSelector } from './print';

describe('printSelector', () => {
  it.each([
    ['', 'all()'],
    ['global()', 'global()'],
    ['has( a )', 'has(a)'],
    ["role == 'database'", 'role == "database"'],
    ['a!="b"', 'a != "b"'],
    ['a == \'say "hi"\'', 'a == \'say "hi"\''],
    ['a contains "x"', 'a contains "x"'],
    ['a starts  with "x"', 'a starts with "x"'],
    ['a ends with "x"', 'a ends with "x"'],
    ['a in {"b", "a", "b"}', 'a in {"a", "b"}'],
    ['a notin {\'x"\', "y"}', 'a not in {\'x"\', "y"}'],
    ['a in {}', 'a in {}'],
    ['!has(a)', '!has(a)'],
    ['!!has(a)', 'has(a)'],
    ['has(a) && has(b) || has(c)', '((has(a) && has(b)) || has(c))'],
    ['has(a) && (has(b) || has(c))', '(has(a) && (has(b) || has(c)))'],
    ['!(has(a) || has(b))', '!(has(a) || has(b))'],
    [
      'projectcalico.org/namespace in {"foo", "bar"} && color == "red"',
      '(projectcalico.org/namespace in {"bar", "foo"} && color == "red")',
    ],
  ])('prints %j as %j', (selector, expected) => {
    expect(printSelector(parseSelector(selector))).toBe(expected);
  });

  it('collapses nested negation so printing stays idempotent', () => {
    const printed = printSelector({
      type: 'not',
      operand: {
        type: 'not',
        operand: { type: 'not', operand: { type: 'all' } },
      },
    });
    expect(printed).toBe('!all()');
  });

  it('prints degenerate hand-built and/or nodes', () => {
    expect(printSelector({ type: 'and', operands: [] })).toBe('all()');
    expect(printSelector({ type: 'or', operands: [] })).toBe('!all()');
    expect(
      printSelector({ type: 'or', operands: [{ type: 'has', key: 'a' }] }),
    ).toBe('has(a)');
  });

  it('rejects what the syntax cannot express', () => {
    expect(() => printSelector({ type: 'has', key: '' })).toThrow(RangeError);
    expect(() => printSelector({ type: 'has', key: 'a b' })).toThrow(
      RangeError,
    );
    expect(() => printSelector({ type: 'eq', key: 'a', value: `"'` })).toThrow(
      /both quote characters/,
    );
  });
});
