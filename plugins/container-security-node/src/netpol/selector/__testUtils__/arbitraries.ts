import fc from 'fast-check';
import { SelectorNode } from '../ast';

// Shared fast-check arbitraries for the selector property tests.

const LABEL_CHARS =
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-'.split(
    '',
  );

/** Label keys: mostly from a small pool so that selectors and label sets overlap. */
export const labelKey = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'a',
      'b',
      'app',
      'k8s-app',
      'projectcalico.org/namespace',
    ),
  },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: fc.constantFrom(...LABEL_CHARS),
      minLength: 1,
      maxLength: 6,
    }),
  },
);

/** Values that a selector can express (never both quote characters). */
export const labelValue = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '',
      'x',
      'y',
      'web',
      'we',
      'eb',
      "it's",
      'say "hi"',
      '&& || !()',
      'in {a, b}',
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .string({ maxLength: 6, unit: 'binary' })
      .filter(v => !(v.includes('"') && v.includes("'"))),
  },
);

export const labelSet = fc.dictionary(labelKey, labelValue, { maxKeys: 6 });

export const matchContext = fc.record(
  { isGlobal: fc.boolean() },
  { requiredKeys: [] },
);

/** Random selector ASTs, including hand-built degenerate and/or nodes. */
export const selectorNode: fc.Arbitrary<SelectorNode> = fc.letrec<{
  node: SelectorNode;
}>(tie => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant<SelectorNode>({ type: 'all' }),
    fc.constant<SelectorNode>({ type: 'global' }),
    labelKey.map((key): SelectorNode => ({ type: 'has', key })),
    fc
      .tuple(
        fc.constantFrom('eq', 'neq', 'contains', 'startsWith', 'endsWith'),
        labelKey,
        labelValue,
      )
      .map(([type, key, value]) => ({ type, key, value } as SelectorNode)),
    fc
      .tuple(
        fc.constantFrom('in', 'notIn'),
        labelKey,
        fc.array(labelValue, { maxLength: 4 }),
      )
      .map(([type, key, values]) => ({ type, key, values } as SelectorNode)),
    tie('node').map((operand): SelectorNode => ({ type: 'not', operand })),
    fc
      .tuple(
        fc.constantFrom('and', 'or'),
        fc.oneof(
          {
            weight: 5,
            arbitrary: fc.array(tie('node'), { minLength: 2, maxLength: 4 }),
          },
          { weight: 1, arbitrary: fc.array(tie('node'), { maxLength: 1 }) },
        ),
      )
      .map(([type, operands]) => ({ type, operands } as SelectorNode)),
  ),
})).node;

/** Strings made mostly of selector fragments, to reach deep into the parser. */
export const selectorNoise = fc
  .array(
    fc.constantFrom(
      'a',
      'k8s-app',
      ' ',
      '\t',
      '\n',
      '==',
      '=',
      '!=',
      '!',
      '&&',
      '&',
      '||',
      '|',
      '(',
      ')',
      '{',
      '}',
      ',',
      '"x"',
      "'y'",
      '"',
      "'",
      'in',
      'not',
      'not in',
      'contains',
      'starts',
      'with',
      'ends',
      'has(',
      'has(a)',
      'all()',
      'all(',
      'global()',
      'global(',
      '@',
      'é',
      '\u{1F600}',
      '\uD800',
    ),
    { maxLength: 20 },
  )
  .map(parts => parts.join(''));
