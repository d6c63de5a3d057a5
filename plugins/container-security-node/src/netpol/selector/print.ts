import { SelectorNode } from './ast';
import { isValidLabelKey } from './tokenize';
import { SelectorPrintError } from './SelectorPrintError';

/**
 * Prints a selector AST as canonical Calico selector text, in the form
 * Calico's own `Selector.String()` produces: `&&`/`||` groups are always
 * parenthesised, set literals are sorted and de-duplicated, and values are
 * double-quoted unless they contain a double quote.
 *
 * @remarks
 * Nested negations are collapsed (`!!x` prints as `x`) so that printing is
 * idempotent through {@link parseSelector}. Hand-built `and`/`or` nodes with a
 * single operand print as that operand; an empty `and` prints as `all()` and
 * an empty `or` as `!all()`.
 *
 * @throws RangeError if a label key cannot be expressed in the selector
 * syntax, or a value contains both kinds of quote.
 * @public
 */
export function printSelector(node: SelectorNode): string {
  return printNode(normalize(node));
}

// Replaces and/or nodes with fewer than two operands by equivalent nodes.
function normalize(node: SelectorNode): SelectorNode {
  switch (node.type) {
    case 'not':
      return { type: 'not', operand: normalize(node.operand) };
    case 'and':
    case 'or': {
      if (node.operands.length === 0) {
        return node.type === 'and'
          ? { type: 'all' }
          : { type: 'not', operand: { type: 'all' } };
      }
      if (node.operands.length === 1) {
        return normalize(node.operands[0]);
      }
      return { type: node.type, operands: node.operands.map(normalize) };
    }
    default:
      return node;
  }
}

function printNode(node: SelectorNode): string {
  switch (node.type) {
    case 'all':
      return 'all()';
    case 'global':
      return 'global()';
    case 'has':
      return `has(${printKey(node.key)})`;
    case 'eq':
      return `${printKey(node.key)} == ${quote(node.value)}`;
    case 'neq':
      return `${printKey(node.key)} != ${quote(node.value)}`;
    case 'contains':
      return `${printKey(node.key)} contains ${quote(node.value)}`;
    case 'startsWith':
      return `${printKey(node.key)} starts with ${quote(node.value)}`;
    case 'endsWith':
      return `${printKey(node.key)} ends with ${quote(node.value)}`;
    case 'in':
      return `${printKey(node.key)} in ${printSet(node.values)}`;
    case 'notIn':
      return `${printKey(node.key)} not in ${printSet(node.values)}`;
    case 'not': {
      let negated = true;
      let operand = node.operand;
      while (operand.type === 'not') {
        negated = !negated;
        operand = operand.operand;
      }
      const inner = printNode(operand);
      return negated ? `!${inner}` : inner;
    }
    case 'and':
    case 'or': {
      const joiner = node.type === 'and' ? ' && ' : ' || ';
      return `(${node.operands.map(printNode).join(joiner)})`;
    }
    default:
      throw new TypeError(
        `Unknown selector node type ${JSON.stringify(
          (node as { type: unknown }).type,
        )}`,
      );
  }
}

function printKey(key: string): string {
  if (!isValidLabelKey(key)) {
    throw new SelectorPrintError(
      `Label key ${JSON.stringify(
        key,
      )} cannot be expressed in a Calico selector`,
    );
  }
  return key;
}

function quote(value: string): string {
  if (!value.includes('"')) {
    return `"${value}"`;
  }
  if (!value.includes("'")) {
    return `'${value}'`;
  }
  throw new SelectorPrintError(
    `Value ${JSON.stringify(
      value,
    )} contains both quote characters and cannot be expressed in a Calico selector`,
  );
}

// Go compares strings bytewise (UTF-8), which is code point order.
function compareCodePoints(a: string, b: string): number {
  const ca = Array.from(a);
  const cb = Array.from(b);
  const len = Math.min(ca.length, cb.length);
  for (let i = 0; i < len; i++) {
    const d = ca[i].codePointAt(0)! - cb[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return ca.length - cb.length;
}

function printSet(values: readonly string[]): string {
  const unique = Array.from(new Set(values)).sort(compareCodePoints);
  return `{${unique.map(quote).join(', ')}}`;
}
