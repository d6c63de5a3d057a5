import { SelectorSyntaxError } from './SelectorSyntaxError';

/** Kinds of token produced by {@link tokenizeSelector}. */
export type SelectorTokenKind =
  | 'label'
  | 'string'
  | 'lbrace'
  | 'rbrace'
  | 'comma'
  | 'eq'
  | 'neq'
  | 'in'
  | 'notIn'
  | 'not'
  | 'contains'
  | 'startsWith'
  | 'endsWith'
  | 'all'
  | 'global'
  | 'has'
  | 'lparen'
  | 'rparen'
  | 'and'
  | 'or'
  | 'eof';

/** One token of a selector, with where it starts and the raw text it covers. */
export interface SelectorToken {
  kind: SelectorTokenKind;
  /** Label name for `label`/`has`, unquoted content for `string`. */
  value: string;
  /** 0-based start index in the selector text. */
  position: number;
  /** The source text of the token (empty for `eof`). */
  text: string;
}

// Calico only treats space and tab as whitespace; newlines are rejected.
function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\t';
}

/** Whether `ch` may appear in a label key: `[a-zA-Z0-9_./-]`. */
export function isLabelChar(ch: string): boolean {
  return (
    (ch >= 'a' && ch <= 'z') ||
    (ch >= 'A' && ch <= 'Z') ||
    (ch >= '0' && ch <= '9') ||
    ch === '_' ||
    ch === '.' ||
    ch === '/' ||
    ch === '-'
  );
}

/** Whether `key` is a label key the selector syntax can express. */
export function isValidLabelKey(key: string): boolean {
  if (key.length === 0) {
    return false;
  }
  for (const ch of key) {
    if (!isLabelChar(ch)) {
      return false;
    }
  }
  return true;
}

const SIMPLE: Record<string, SelectorTokenKind> = {
  '(': 'lparen',
  ')': 'rparen',
  '{': 'lbrace',
  '}': 'rbrace',
  ',': 'comma',
};

const DOUBLED: Record<string, SelectorTokenKind> = {
  '=': 'eq',
  '&': 'and',
  '|': 'or',
};

const FUNCTIONS: Array<[string, SelectorTokenKind]> = [
  ['all(', 'all'],
  ['global(', 'global'],
];

/**
 * Splits a Calico selector into tokens, following the rules of Calico's
 * tokenizer (libcalico-go `selector/tokenizer`).
 *
 * @throws SelectorSyntaxError on any lexical error.
 */
export function tokenizeSelector(selector: string): SelectorToken[] {
  const tokens: SelectorToken[] = [];
  const n = selector.length;
  let i = 0;

  const fail = (problem: string, at: number): never => {
    throw new SelectorSyntaxError(problem, at, selector);
  };
  const skipWhitespace = (from: number): number => {
    let j = from;
    while (j < n && isWhitespace(selector[j])) j++;
    return j;
  };
  const identifierEnd = (from: number): number => {
    let j = from;
    while (j < n && isLabelChar(selector[j])) j++;
    return j;
  };
  const push = (
    kind: SelectorTokenKind,
    start: number,
    end: number,
    value = '',
  ) => {
    tokens.push({
      kind,
      value,
      position: start,
      text: selector.slice(start, end),
    });
  };

  for (;;) {
    i = skipWhitespace(i);
    if (i >= n) {
      tokens.push({ kind: 'eof', value: '', position: n, text: '' });
      return tokens;
    }
    const start = i;
    const ch = selector[i];
    const lastKind =
      tokens.length > 0 ? tokens[tokens.length - 1].kind : undefined;

    if (SIMPLE[ch]) {
      push(SIMPLE[ch], start, start + 1);
      i++;
    } else if (ch === '"' || ch === "'") {
      const close = selector.indexOf(ch, start + 1);
      if (close === -1) {
        fail('unterminated string', start);
      }
      push('string', start, close + 1, selector.slice(start + 1, close));
      i = close + 1;
    } else if (DOUBLED[ch]) {
      if (selector[start + 1] !== ch) {
        fail(`expected "${ch}${ch}" but found ${describeChar(ch)}`, start);
      }
      push(DOUBLED[ch], start, start + 2);
      i = start + 2;
    } else if (ch === '!') {
      if (selector[start + 1] === '=') {
        push('neq', start, start + 2);
        i = start + 2;
      } else {
        push('not', start, start + 1);
        i = start + 1;
      }
    } else if (lastKind === 'label') {
      // After a label only a word operator may follow.
      i = readWordOperator(selector, start, push, skipWhitespace, fail);
    } else if (selector.startsWith('has(', start)) {
      const keyStart = skipWhitespace(start + 4);
      const keyEnd = identifierEnd(keyStart);
      if (keyEnd === keyStart) {
        fail('expected a label name in has(…)', keyStart);
      }
      const close = skipWhitespace(keyEnd);
      if (selector[close] !== ')') {
        fail('expected ")" to close has(…)', close);
      }
      push('has', start, close + 1, selector.slice(keyStart, keyEnd));
      i = close + 1;
    } else {
      const fn = FUNCTIONS.find(([prefix]) =>
        selector.startsWith(prefix, start),
      );
      if (fn) {
        const [prefix, kind] = fn;
        const close = skipWhitespace(start + prefix.length);
        if (selector[close] !== ')') {
          fail(`expected ")" to close ${prefix}`, close);
        }
        push(kind, start, close + 1);
        i = close + 1;
      } else {
        const end = identifierEnd(start);
        if (end === start) {
          fail(`unexpected character ${describeChar(ch)}`, start);
        }
        push('label', start, end, selector.slice(start, end));
        i = end;
      }
    }
  }
}

function readWordOperator(
  selector: string,
  start: number,
  push: (kind: SelectorTokenKind, start: number, end: number) => void,
  skipWhitespace: (from: number) => number,
  fail: (problem: string, at: number) => never,
): number {
  const twoWord = (
    first: string,
    second: string,
    kind: SelectorTokenKind,
  ): number => {
    const next = skipWhitespace(start + first.length);
    if (!selector.startsWith(second, next)) {
      return fail(`expected "${first} ${second}"`, next);
    }
    push(kind, start, next + second.length);
    return next + second.length;
  };

  if (selector.startsWith('contains', start)) {
    push('contains', start, start + 8);
    return start + 8;
  }
  if (selector.startsWith('starts', start)) {
    return twoWord('starts', 'with', 'startsWith');
  }
  if (selector.startsWith('ends', start)) {
    return twoWord('ends', 'with', 'endsWith');
  }
  if (selector.startsWith('not', start)) {
    return twoWord('not', 'in', 'notIn');
  }
  if (selector.startsWith('in', start)) {
    push('in', start, start + 2);
    return start + 2;
  }
  return fail(
    `expected an operator after label but found ${describeChar(
      selector[start],
    )}`,
    start,
  );
}

function describeChar(ch: string): string {
  return JSON.stringify(ch);
}
