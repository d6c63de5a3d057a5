import { SelectorNode } from './ast';

/**
 * Extra facts about the endpoint a selector is evaluated against.
 *
 * @public
 */
export interface SelectorMatchContext {
  /**
   * Whether the endpoint is non-namespaced (a host endpoint, global network
   * set, …), which is what `global()` matches. When omitted, an endpoint is
   * taken to be global if it lacks Calico's automatic
   * `projectcalico.org/namespace` label.
   */
  isGlobal?: boolean;
}

const NAMESPACE_LABEL = 'projectcalico.org/namespace';

/**
 * Evaluates a parsed Calico selector against a label set.
 *
 * @remarks
 * Follows Calico semantics: `==`, `in`, `has`, `contains`, `starts with` and
 * `ends with` require the label to be present; `!=` and `not in` also match
 * when the label is absent; `all()` matches everything; `global()` matches
 * only non-namespaced endpoints (see {@link SelectorMatchContext}).
 *
 * @public
 */
export function matchesSelector(
  node: SelectorNode,
  labels: Record<string, string>,
  context: SelectorMatchContext = {},
): boolean {
  const get = (key: string): string | undefined =>
    Object.prototype.hasOwnProperty.call(labels, key) ? labels[key] : undefined;
  const isGlobal = context.isGlobal ?? get(NAMESPACE_LABEL) === undefined;

  const evaluate = (n: SelectorNode): boolean => {
    switch (n.type) {
      case 'all':
        return true;
      case 'global':
        return isGlobal;
      case 'has':
        return get(n.key) !== undefined;
      case 'eq':
        return get(n.key) === n.value;
      case 'neq':
        return get(n.key) !== n.value;
      case 'in': {
        const v = get(n.key);
        return v !== undefined && n.values.includes(v);
      }
      case 'notIn': {
        const v = get(n.key);
        return v === undefined || !n.values.includes(v);
      }
      case 'contains': {
        const v = get(n.key);
        return v !== undefined && v.includes(n.value);
      }
      case 'startsWith': {
        const v = get(n.key);
        return v !== undefined && v.startsWith(n.value);
      }
      case 'endsWith': {
        const v = get(n.key);
        return v !== undefined && v.endsWith(n.value);
      }
      case 'not':
        return !evaluate(n.operand);
      case 'and':
        return n.operands.every(evaluate);
      case 'or':
        return n.operands.some(evaluate);
      default:
        throw new TypeError(
          `Unknown selector node type ${JSON.stringify(
            (n as { type: unknown }).type,
          )}`,
        );
    }
  };
  return evaluate(node);
}
