import { SelectorSyntaxError } from './SelectorSyntaxError';
import { tokenizeSelector } from './tokenize';

const kinds = (s: string) => tokenizeSelector(s).map(t => t.kind);

describe('tokenizeSelector', () => {
  it('tokenizes every operator and punctuation', () => {
    expect(
      kinds(
        `a == "x" && b != 'y' || !c in {"p", "q"} && d not in {} && has(e) && all() && global() && (f contains "z") && g starts with "s" && h ends with "t"`,
      ),
    ).toEqual([
      'label', 'eq', 'string', 'and',
      'label', 'neq', 'string', 'or',
      'not', 'label', 'in', 'lbrace', 'string', 'comma', 'string', 'rbrace', 'and',
      'label', 'notIn', 'lbrace', 'rbrace', 'and',
      'has', 'and', 'all', 'and', 'global', 'and',
      'lparen', 'label', 'contains', 'string', 'rparen', 'and',
      'label', 'startsWith', 'string', 'and',
      'label', 'endsWith', 'string',
      'eof',
    ]); // prettier-ignore
  });

  it('records positions, raw text and values', () => {
    expect(tokenizeSelector(`  has( a/b.c-d_e ) && k=='v'`)).toEqual([
      {
        kind: 'has',
        value: 'a/b.c-d_e',
        position: 2,
        text: 'has( a/b.c-d_e )',
      },
      { kind: 'and', value: '', position: 19, text: '&&' },
      { kind: 'label', value: 'k', position: 22, text: 'k' },
      { kind: 'eq', value: '', position: 23, text: '==' },
      { kind: 'string', value: 'v', position: 25, text: "'v'" },
      { kind: 'eof', value: '', position: 28, text: '' },
    ]);
  });

  it('treats only spaces and tabs as whitespace', () => {
    expect(kinds('\ta ==\t"b" ')).toEqual(['label', 'eq', 'string', 'eof']);
    expect(() => tokenizeSelector('a == "b"\n')).toThrow(
      /unexpected character "\\n" at position 8/,
    );
  });

  it('allows optional whitespace inside two-word operators and none before them', () => {
    expect(kinds('a notin {}')).toEqual([
      'label',
      'notIn',
      'lbrace',
      'rbrace',
      'eof',
    ]);
    expect(kinds('a starts   with "x"')).toEqual([
      'label',
      'startsWith',
      'string',
      'eof',
    ]);
    expect(kinds('a  ends\twith "x"')).toEqual([
      'label',
      'endsWith',
      'string',
      'eof',
    ]);
  });

  it('does not treat "has (" with a space as has()', () => {
    expect(kinds('has (a)')).toEqual([
      'label',
      'lparen',
      'label',
      'rparen',
      'eof',
    ]);
  });

  it.each([
    ['a = "b"', 2, /expected "=="/],
    ['a & b', 2, /expected "&&"/],
    ['a | b', 2, /expected "\|\|"/],
    ['a == "b', 5, /unterminated string/],
    ["a == 'b", 5, /unterminated string/],
    ['a foo "b"', 2, /expected an operator after label/],
    ['a starts "b"', 9, /expected "starts with"/],
    ['a ends "b"', 7, /expected "ends with"/],
    ['a not "b"', 6, /expected "not in"/],
    ['has()', 4, /expected a label name/],
    ['has(a', 5, /expected "\)" to close has/],
    ['all(x)', 4, /expected "\)" to close all\(/],
    ['global( x', 8, /expected "\)" to close global\(/],
    ['a == "b" @', 9, /unexpected character "@"/],
  ])('rejects %j at position %d', (selector, position, message) => {
    let error: unknown;
    try {
      tokenizeSelector(selector);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SelectorSyntaxError);
    expect((error as SelectorSyntaxError).position).toBe(position);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain(
      `at position ${position} in selector ${JSON.stringify(selector)}`,
    );
  });
});
