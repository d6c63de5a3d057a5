/**
 * One requirement of a Kubernetes label selector.
 *
 * @public
 */
export type LabelRequirement =
  | { key: string; operator: 'In' | 'NotIn'; values: string[] }
  | { key: string; operator: 'Exists' | 'DoesNotExist' };

/**
 * Raised for a label selector that Kubernetes would reject; the message names the position.
 *
 * @public
 */
export class LabelSelectorSyntaxError extends Error {
  constructor(selector: string, position: number, problem: string) {
    super(
      `Invalid label selector "${selector}" at position ${position}: ${problem}`,
    );
    this.name = 'LabelSelectorSyntaxError';
  }
}

const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$/;
const VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** Splits on commas that are not inside a `( … )` value set. */
function splitTopLevel(selector: string): Array<{ text: string; at: number }> {
  const parts: Array<{ text: string; at: number }> = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= selector.length; i++) {
    const c = selector[i];
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (i === selector.length || (c === ',' && depth === 0)) {
      parts.push({ text: selector.slice(start, i), at: start });
      start = i + 1;
    }
  }
  return parts;
}

/**
 * Parses the string form of a Kubernetes label selector (as in
 * `kubectl get -l` and the `backstage.io/kubernetes-label-selector` annotation):
 * `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x,y)`, `a`, `!a`.
 *
 * @public
 */
export function parseLabelSelector(selector: string): LabelRequirement[] {
  if (selector.trim() === '') return [];
  return splitTopLevel(selector).map(({ text, at }) => {
    const part = text.trim();
    const pos = at + text.indexOf(part);
    const fail = (problem: string): never => {
      throw new LabelSelectorSyntaxError(selector, pos, problem);
    };
    const checkKey = (key: string) => {
      if (!NAME.test(key)) fail(`"${key}" is not a valid label key`);
      return key;
    };
    const checkValue = (value: string) => {
      if (!VALUE.test(value) || value.length > 63)
        fail(`"${value}" is not a valid label value`);
      return value;
    };
    if (part === '') return fail('empty requirement');
    const set = part.match(/^(\S+)\s+(in|notin)\s*\((.*)\)$/);
    if (set) {
      const values = set[3].split(',').map(v => checkValue(v.trim()));
      return {
        key: checkKey(set[1]),
        operator: set[2] === 'in' ? 'In' : 'NotIn',
        values,
      };
    }
    const eq = part.match(/^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/);
    if (eq) {
      return {
        key: checkKey(eq[1]),
        operator: eq[2] === '!=' ? 'NotIn' : 'In',
        values: [checkValue(eq[3].trim())],
      };
    }
    if (part.startsWith('!')) {
      return { key: checkKey(part.slice(1).trim()), operator: 'DoesNotExist' };
    }
    return { key: checkKey(part), operator: 'Exists' };
  });
}

/**
 * Whether a set of labels satisfies every requirement, with Kubernetes semantics
 * (`NotIn` and `!=` match objects that lack the key).
 *
 * @public
 */
export function matchesLabelRequirements(
  labels: Record<string, string> | undefined,
  requirements: LabelRequirement[],
): boolean {
  const own = labels ?? {};
  return requirements.every(r => {
    const has = Object.prototype.hasOwnProperty.call(own, r.key);
    switch (r.operator) {
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      case 'In':
        return has && r.values.includes(own[r.key]);
      case 'NotIn':
        return !has || !r.values.includes(own[r.key]);
      default:
        return false;
    }
  });
}
