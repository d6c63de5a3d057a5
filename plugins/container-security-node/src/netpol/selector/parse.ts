import { SelectorNode } from './ast';
import { SelectorSyntaxError } from './SelectorSyntaxError';
import { SelectorToken, SelectorTokenKind, tokenizeSelector } from './tokenize';

const VALUE_OPERATORS: Partial<
  Record<
    SelectorTokenKind,
    'eq' | 'neq' | 'contains' | 'startsWith' | 'endsWith'
  >
> = {
  eq: 'eq',
  neq: 'neq',
  contains: 'contains',
  startsWith: 'startsWith',
  endsWith: 'endsWith',
};

/**
 * How deeply parentheses may nest in a selector. Real selectors nest a few levels; the
 * limit keeps the recursive parser, printer and evaluator off the end of the stack.
 *
 * @public
 */
export const MAX_SELECTOR_NESTING = 64;

/**
 * Parses a Calico selector expression (as used in `selector`,
 * `namespaceSelector`, `serviceAccountSelector` and rule selectors) into an AST.
 *
 * @remarks
 * Grammar and precedence follow Calico's parser: `!` binds tighter than `&&`,
 * which binds tighter than `||`; runs of `!` collapse to a single negation
 * (or none); an empty or blank selector is `all()`. Parentheses may nest at most
 * {@link MAX_SELECTOR_NESTING} levels.
 *
 * @throws SelectorSyntaxError with the 0-based position of the problem.
 * @public
 */
export function parseSelector(selector: string): SelectorNode {
  const tokens = tokenizeSelector(selector);
  let pos = 0;
  let nesting = 0;

  const peek = (): SelectorToken => tokens[pos];
  function fail(token: SelectorToken, expected?: string): never {
    const found =
      token.kind === 'eof'
        ? 'unexpected end of selector'
        : `unexpected ${JSON.stringify(token.text)}`;
    throw new SelectorSyntaxError(
      expected ? `${found} (expected ${expected})` : found,
      token.position,
      selector,
    );
  }

  function parseOr(): SelectorNode {
    const operands = [parseAnd()];
    while (peek().kind === 'or') {
      pos++;
      operands.push(parseAnd());
    }
    return operands.length === 1 ? operands[0] : { type: 'or', operands };
  }

  function parseAnd(): SelectorNode {
    const operands = [parseOperation()];
    while (peek().kind === 'and') {
      pos++;
      operands.push(parseOperation());
    }
    return operands.length === 1 ? operands[0] : { type: 'and', operands };
  }

  function expectString(): string {
    const token = peek();
    if (token.kind !== 'string') {
      fail(token, 'a quoted string');
    }
    pos++;
    return token.value;
  }

  function parseSet(): string[] {
    if (peek().kind !== 'lbrace') {
      fail(peek(), 'a set literal such as {"a", "b"}');
    }
    pos++;
    const values: string[] = [];
    // Like Calico: strings separated by commas; a trailing comma is allowed.
    while (peek().kind === 'string') {
      values.push(peek().value);
      pos++;
      if (peek().kind !== 'comma') break;
      pos++;
    }
    if (peek().kind !== 'rbrace') {
      fail(peek(), '"}"');
    }
    pos++;
    return values;
  }

  function parseOperation(): SelectorNode {
    let negated = false;
    while (peek().kind === 'not') {
      negated = !negated;
      pos++;
    }
    const token = peek();
    let node: SelectorNode;
    switch (token.kind) {
      case 'all':
        pos++;
        node = { type: 'all' };
        break;
      case 'global':
        pos++;
        node = { type: 'global' };
        break;
      case 'has':
        pos++;
        node = { type: 'has', key: token.value };
        break;
      case 'lparen': {
        if (nesting === MAX_SELECTOR_NESTING) {
          throw new SelectorSyntaxError(
            `parentheses nested deeper than ${MAX_SELECTOR_NESTING} levels`,
            token.position,
            selector,
          );
        }
        pos++;
        nesting++;
        node = parseOr();
        nesting--;
        if (peek().kind !== 'rparen') {
          fail(peek(), '")"');
        }
        pos++;
        break;
      }
      case 'label': {
        pos++;
        const op = peek();
        const key = token.value;
        const valueOp = VALUE_OPERATORS[op.kind];
        if (valueOp) {
          pos++;
          node = { type: valueOp, key, value: expectString() };
        } else if (op.kind === 'in' || op.kind === 'notIn') {
          pos++;
          node = { type: op.kind, key, values: parseSet() };
        } else {
          return fail(op, 'an operator');
        }
        break;
      }
      default:
        return fail(token);
    }
    return negated ? { type: 'not', operand: node } : node;
  }

  if (peek().kind === 'eof') {
    return { type: 'all' };
  }
  const root = parseOr();
  if (peek().kind !== 'eof') {
    fail(peek());
  }
  return root;
}
