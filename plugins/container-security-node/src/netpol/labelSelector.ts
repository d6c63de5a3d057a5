import { SelectorNode } from './selector';

/** Thrown with the sub-path of the bad field, relative to the selector. */
export class FieldProblem extends Error {
  constructor(readonly field: string, readonly problem: string) {
    super(`${field}: ${problem}`);
  }
}

const ALL: SelectorNode = { type: 'all' };

const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Why `key` is not a Kubernetes label key, or undefined when it is one: a qualified
 * name as the API server validates it (an optional DNS-1123 subdomain prefix of at
 * most 253 characters and `/`, then a name of at most 63 characters, alphanumerics
 * with `-`, `_` or `.` inside).
 */
export function labelKeyProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'at most one "/" may separate a prefix';
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix === '') return 'the prefix before "/" is empty';
    if (prefix.length > 253) return 'the prefix is longer than 253 characters';
    if (!DNS_SUBDOMAIN.test(prefix))
      return 'the prefix must be a lower-case DNS subdomain (example.com)';
  }
  if (name === '') return 'the name is empty';
  if (name.length > 63) return 'the name is longer than 63 characters';
  if (!LABEL_NAME.test(name))
    return "the name must be alphanumerics with '-', '_' or '.' inside";
  return undefined;
}

function checkLabelKey(key: string, field: string): void {
  const problem = labelKeyProblem(key);
  if (problem)
    throw new FieldProblem(
      field,
      `${JSON.stringify(key)} is not a valid label key: ${problem}`,
    );
}

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
      checkLabelKey(key, `${field}.matchLabels.${key}`);
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
      checkLabelKey(e.key, `${at}.key`);
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
