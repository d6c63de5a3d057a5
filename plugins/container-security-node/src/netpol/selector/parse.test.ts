import { parseSelector } from './parse';
import { SelectorSyntaxError } from './SelectorSyntaxError';

const eq = (key: string, value: string) => ({ type: 'eq', key, value });

describe('parseSelector', () => {
  it.each([
    ['', { type: 'all' }],
    ['  \t ', { type: 'all' }],
    ['all()', { type: 'all' }],
    ['all( )', { type: 'all' }],
    ['global()', { type: 'global' }],
    [
      'has(projectcalico.org/namespace)',
      { type: 'has', key: 'projectcalico.org/namespace' },
    ],
    ['!has(app)', { type: 'not', operand: { type: 'has', key: 'app' } }],
    ['role == "db"', eq('role', 'db')],
    ["role == 'db'", eq('role', 'db')],
    ['role=="db"', eq('role', 'db')],
    ['role != "db"', { type: 'neq', key: 'role', value: 'db' }],
    ['a contains "x"', { type: 'contains', key: 'a', value: 'x' }],
    ['a starts with "x"', { type: 'startsWith', key: 'a', value: 'x' }],
    ['a ends with "x"', { type: 'endsWith', key: 'a', value: 'x' }],
    ['a in {"x", \'y\'}', { type: 'in', key: 'a', values: ['x', 'y'] }],
    ['a in {}', { type: 'in', key: 'a', values: [] }],
    ['a in {"x",}', { type: 'in', key: 'a', values: ['x'] }],
    ['a not in {"x"}', { type: 'notIn', key: 'a', values: ['x'] }],
    ['k8s-app == "kube-dns"', eq('k8s-app', 'kube-dns')],
    [
      'kubernetes.io/metadata.name == "x"',
      eq('kubernetes.io/metadata.name', 'x'),
    ],
    ['a_b-c.d/e == ""', eq('a_b-c.d/e', '')],
    ['a == "it\'s"', eq('a', "it's")],
    ['a == \'say "hi"\'', eq('a', 'say "hi"')],
    ['a == "&& || ! ( ) { } , =="', eq('a', '&& || ! ( ) { } , ==')],
    ['has == "x"', eq('has', 'x')],
    ['all == "x"', eq('all', 'x')],
    ['in == "x"', eq('in', 'x')],
  ])('parses %j', (selector, expected) => {
    expect(parseSelector(selector)).toEqual(expected);
  });

  describe('precedence: ! > && > ||', () => {
    it('binds && tighter than ||', () => {
      expect(parseSelector('a == "1" || b == "2" && c == "3"')).toEqual({
        type: 'or',
        operands: [
          eq('a', '1'),
          { type: 'and', operands: [eq('b', '2'), eq('c', '3')] },
        ],
      });
      expect(parseSelector('a == "1" && b == "2" || c == "3"')).toEqual({
        type: 'or',
        operands: [
          { type: 'and', operands: [eq('a', '1'), eq('b', '2')] },
          eq('c', '3'),
        ],
      });
    });

    it('binds ! tighter than &&', () => {
      expect(parseSelector('!a == "1" && b == "2"')).toEqual({
        type: 'and',
        operands: [{ type: 'not', operand: eq('a', '1') }, eq('b', '2')],
      });
    });

    it('flattens chains into n-ary nodes', () => {
      expect(parseSelector('has(a) && has(b) && has(c)')).toEqual({
        type: 'and',
        operands: [
          { type: 'has', key: 'a' },
          { type: 'has', key: 'b' },
          { type: 'has', key: 'c' },
        ],
      });
    });

    it('lets parentheses override precedence', () => {
      expect(parseSelector('!(a == "1" || b == "2") && c == "3"')).toEqual({
        type: 'and',
        operands: [
          {
            type: 'not',
            operand: { type: 'or', operands: [eq('a', '1'), eq('b', '2')] },
          },
          eq('c', '3'),
        ],
      });
      expect(parseSelector('((a == "1"))')).toEqual(eq('a', '1'));
    });

    it('collapses runs of ! like Calico', () => {
      expect(parseSelector('!!has(a)')).toEqual({ type: 'has', key: 'a' });
      expect(parseSelector('! ! !has(a)')).toEqual({
        type: 'not',
        operand: { type: 'has', key: 'a' },
      });
    });
  });

  it.each([
    ['a == "1" &&', 11, 'unexpected end of selector'],
    ['a == "1" && && b == "2"', 12, 'unexpected "&&"'],
    ['&& a == "1"', 0, 'unexpected "&&"'],
    ['a == b', 5, 'unexpected "b" (expected a quoted string)'],
    ['a in "x"', 5, 'unexpected "\\"x\\"" (expected a set literal'],
    ['a in {"x" "y"}', 10, 'unexpected "\\"y\\"" (expected "}")'],
    ['a in {,}', 6, 'unexpected ","'],
    ['(a == "1"', 9, 'unexpected end of selector (expected ")")'],
    ['a == "1")', 8, 'unexpected ")"'],
    ['a == "1" b == "2"', 9, 'unexpected "b"'],
    ['a == "1" ()', 9, 'unexpected "("'],
    ['()', 1, 'unexpected ")"'],
    ['a', 1, 'unexpected end of selector (expected an operator)'],
    ['a (', 2, 'unexpected "(" (expected an operator)'],
    ['!', 1, 'unexpected end of selector'],
    ['"x" == a', 0, 'unexpected "\\"x\\""'],
    ['a == "1" =', 9, 'expected "=="'],
  ])('rejects %j at position %d', (selector, position, message) => {
    let error: unknown;
    try {
      parseSelector(selector);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SelectorSyntaxError);
    expect(error).toMatchObject({
      name: 'SelectorSyntaxError',
      position,
      selector,
    });
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).toContain(
      `at position ${position} in selector ${JSON.stringify(selector)}`,
    );
  });

  it('names the offending token and its position in the message', () => {
    expect(() => parseSelector('has(a) && b == "c" && && d == "e"')).toThrow(
      'unexpected "&&" at position 22 in selector "has(a) && b == \\"c\\" && && d == \\"e\\""',
    );
  });
});
