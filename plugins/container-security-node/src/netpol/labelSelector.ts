import { SelectorNode } from './selector';

/** Thrown with the sub-path of the bad field, relative to the selector. */
export class FieldProblem extends Error {
  constructor(readonly field: string, readonly problem: string) {
    super(`${field}: ${problem}`);
  }
}

const ALL: SelectorNode = { type: 'all' };

/**
 * A Kubernetes `LabelSelector` (matchLabels + matchExpressions) as the equivalent
 * Calico selector AST — the translation Calico itself applies to Kubernetes
 * policies. An empty or null selector selects everything.
 */
export function labelSelectorToNode(
  value: unknown,
  field: string,
): SelectorNode {
  if (value === null || value === undefined) return ALL;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new FieldProblem(field, 'expected a label selector object');
  }
  const v = value as { matchLabels?: unknown; matchExpressions?: unknown };
  const operands: SelectorNode[] = [];
  if (v.matchLabels !== null && v.matchLabels !== undefined) {
    if (typeof v.matchLabels !== 'object' || Array.isArray(v.matchLabels)) {
      throw new FieldProblem(
        `${field}.matchLabels`,
        'expected a map of labels',
      );
    }
    for (const [key, val] of Object.entries(v.matchLabels as object)) {
      if (
        typeof val !== 'string' &&
        typeof val !== 'number' &&
        typeof val !== 'boolean'
      ) {
        throw new FieldProblem(
          `${field}.matchLabels.${key}`,
          'expected a string value',
        );
      }
      operands.push({ type: 'eq', key, value: String(val) });
    }
  }
  if (v.matchExpressions !== null && v.matchExpressions !== undefined) {
    if (!Array.isArray(v.matchExpressions)) {
      throw new FieldProblem(`${field}.matchExpressions`, 'expected a list');
    }
    v.matchExpressions.forEach((e: any, i: number) => {
      const at = `${field}.matchExpressions[${i}]`;
      if (
        !e ||
        typeof e !== 'object' ||
        typeof e.key !== 'string' ||
        e.key === ''
      ) {
        throw new FieldProblem(`${at}.key`, 'expected a label key');
      }
      const values: unknown = e.values;
      const list = (): string[] => {
        if (!Array.isArray(values) || values.length === 0) {
          throw new FieldProblem(
            `${at}.values`,
            `operator ${e.operator} needs a non-empty list of values`,
          );
        }
        return values.map(String);
      };
      switch (e.operator) {
        case 'In':
          operands.push({ type: 'in', key: e.key, values: list() });
          break;
        case 'NotIn':
          operands.push({ type: 'notIn', key: e.key, values: list() });
          break;
        case 'Exists':
          operands.push({ type: 'has', key: e.key });
          break;
        case 'DoesNotExist':
          operands.push({ type: 'not', operand: { type: 'has', key: e.key } });
          break;
        default:
          throw new FieldProblem(
            `${at}.operator`,
            `unknown operator ${JSON.stringify(
              e.operator,
            )} (In, NotIn, Exists, DoesNotExist)`,
          );
      }
    });
  }
  if (operands.length === 0) return ALL;
  return operands.length === 1 ? operands[0] : { type: 'and', operands };
}
