/**
 * A node of a parsed Calico selector expression.
 *
 * @remarks
 * Leaf nodes compare a label `key` with a literal. `and`/`or` hold two or more
 * operands when produced by the parser; hand-built trees may hold fewer (an
 * empty `and` is always true, an empty `or` is always false).
 *
 * @public
 */
export type SelectorNode =
  | { readonly type: 'all' }
  | { readonly type: 'global' }
  | { readonly type: 'has'; readonly key: string }
  | { readonly type: 'eq'; readonly key: string; readonly value: string }
  | { readonly type: 'neq'; readonly key: string; readonly value: string }
  | {
      readonly type: 'in';
      readonly key: string;
      readonly values: readonly string[];
    }
  | {
      readonly type: 'notIn';
      readonly key: string;
      readonly values: readonly string[];
    }
  | {
      readonly type: 'startsWith';
      readonly key: string;
      readonly value: string;
    }
  | { readonly type: 'endsWith'; readonly key: string; readonly value: string }
  | { readonly type: 'contains'; readonly key: string; readonly value: string }
  | { readonly type: 'not'; readonly operand: SelectorNode }
  | { readonly type: 'and'; readonly operands: readonly SelectorNode[] }
  | { readonly type: 'or'; readonly operands: readonly SelectorNode[] };
