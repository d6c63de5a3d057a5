import { FALCO_PRIORITIES } from '@containersec/plugin-container-security-common';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { compileTalonRules } from './compileTalonRules';
import { parseTalonRules } from './parseTalonRules';
import { TalonEvent } from './types';

/** Rank by plain arithmetic on the list (Emergency first): the reference for the engine. */
const rank = (p: string) => {
  const i = FALCO_PRIORITIES.findIndex(
    x => x.toLowerCase() === p.toLowerCase(),
  );
  return i < 0 ? -1 : FALCO_PRIORITIES.length - 1 - i;
};
const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '=': (a, b) => a === b,
  '': (a, b) => a === b,
};

const RULE_NAMES = ['Terminal shell in container', 'Write below etc', 'Other'];
const TAGS = ['container', 'shell', 'mitre_execution', 'T1059'];
const FIELD_KEYS = ['k8s.ns.name', 'proc.name', 'proc.tty'];
const FIELD_VALUES = ['default', 'sh', '34816'];

const anyCase = (s: string) =>
  fc
    .array(fc.boolean(), { minLength: s.length, maxLength: s.length })
    .map(up =>
      [...s]
        .map((c, i) => (up[i] ? c.toUpperCase() : c.toLowerCase()))
        .join(''),
    );

const priorityName = fc.constantFrom(...FALCO_PRIORITIES).chain(anyCase);

const event: fc.Arbitrary<TalonEvent> = fc.record(
  {
    rule: fc.constantFrom(...RULE_NAMES),
    priority: fc.oneof(priorityName, fc.constant('Bogus')),
    source: fc.constantFrom('syscall', 'k8s_audit'),
    tags: fc.subarray(TAGS),
    output_fields: fc.dictionary(
      fc.constantFrom(...FIELD_KEYS),
      fc.oneof(
        fc.constantFrom(...FIELD_VALUES),
        fc.constant(34816),
        fc.constant(null),
      ),
    ),
  },
  { requiredKeys: ['rule', 'priority'] },
);

interface RuleSpec {
  rules?: string[];
  priority?: { comparator: string; name: string };
  source?: string;
  tags?: string[][];
  fields?: Array<Array<{ key: string; negate: boolean; value: string }>>;
  stop?: boolean;
}

const ruleSpec: fc.Arbitrary<RuleSpec> = fc.record(
  {
    rules: fc.subarray(RULE_NAMES, { minLength: 1 }),
    priority: fc.record({
      comparator: fc.constantFrom('<', '<=', '>', '>=', '=', ''),
      name: priorityName,
    }),
    source: fc.constantFrom('syscall', 'k8s_audit'),
    tags: fc.array(fc.subarray(TAGS, { minLength: 1 }), {
      minLength: 1,
      maxLength: 3,
    }),
    fields: fc.array(
      fc.array(
        fc.record({
          key: fc.constantFrom(...FIELD_KEYS),
          negate: fc.boolean(),
          value: fc.constantFrom(...FIELD_VALUES),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      { minLength: 1, maxLength: 2 },
    ),
    stop: fc.boolean(),
  },
  { requiredKeys: [] },
);

/** Talon's semantics, evaluated directly on the spec. */
function referenceMatches(spec: RuleSpec, e: TalonEvent): boolean {
  if (spec.rules && !spec.rules.includes(e.rule)) return false;
  if (spec.priority) {
    const compare = COMPARE[spec.priority.comparator];
    if (!compare(rank(e.priority), rank(spec.priority.name))) return false;
  }
  if (spec.source && e.source !== spec.source) return false;
  if (
    spec.tags &&
    !spec.tags.some(item => item.every(t => (e.tags ?? []).includes(t)))
  ) {
    return false;
  }
  if (spec.fields) {
    const fields = (e.output_fields ?? {}) as Record<string, unknown>;
    const holds = (t: { key: string; negate: boolean; value: string }) => {
      const v = fields[t.key];
      const equal = v !== undefined && v !== null && String(v) === t.value;
      return t.negate ? !equal : equal;
    };
    if (!spec.fields.some(item => item.every(holds))) return false;
  }
  return true;
}

function rulesFile(specs: RuleSpec[]): string {
  return stringify([
    {
      action: 'Invoke',
      actionner: 'aws:lambda',
      parameters: { aws_lambda_name: 'fn' },
    },
    ...specs.map((spec, i) => ({
      rule: `rule ${i}`,
      match: {
        ...(spec.rules && { rules: spec.rules }),
        ...(spec.priority && {
          priority: `${spec.priority.comparator}${spec.priority.name}`,
        }),
        ...(spec.source && { source: spec.source }),
        ...(spec.tags && { tags: spec.tags.map(item => item.join(', ')) }),
        ...(spec.fields && {
          output_fields: spec.fields.map(item =>
            item
              .map(t => `${t.key}${t.negate ? '!=' : '='}${t.value}`)
              .join(', '),
          ),
        }),
      },
      ...(spec.stop && { continue: false }),
      actions: [{ action: 'Invoke' }],
    })),
  ]);
}

describe('Talon rules (properties)', () => {
  it('the indexed matcher returns exactly the rules Talon would run, in order', () => {
    fc.assert(
      fc.property(
        fc.array(ruleSpec, { maxLength: 12 }),
        fc.array(event, { maxLength: 8 }),
        (specs, events) => {
          const matcher = compileTalonRules(
            parseTalonRules([{ path: 'r.yaml', content: rulesFile(specs) }]),
          );
          for (const e of events) {
            const expected: string[] = [];
            for (const [i, spec] of specs.entries()) {
              if (!referenceMatches(spec, e)) continue;
              expected.push(`rule ${i}`);
              if (spec.stop) break;
            }
            expect(matcher.match(e).map(m => m.rule.name)).toEqual(expected);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a rule with no match clause matches every event', () => {
    const matcher = compileTalonRules(
      parseTalonRules([{ path: 'r.yaml', content: rulesFile([{}]) }]),
    );
    fc.assert(
      fc.property(event, e => {
        expect(matcher.match(e).map(m => m.rule.name)).toEqual(['rule 0']);
      }),
    );
  });

  it('a priority condition agrees with rank arithmetic', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('<', '<=', '>', '>=', '=', ''),
        fc.constantFrom(...FALCO_PRIORITIES),
        priorityName,
        (comparator, name, eventPriority) => {
          const matcher = compileTalonRules(
            parseTalonRules([
              {
                path: 'r.yaml',
                content: rulesFile([{ priority: { comparator, name } }]),
              },
            ]),
          );
          const matched =
            matcher.match({ rule: 'x', priority: eventPriority }).length === 1;
          expect(matched).toBe(
            COMPARE[comparator](rank(eventPriority), rank(name)),
          );
        },
      ),
    );
  });

  it("a rule's parameters override the action block's key by key", () => {
    const params = fc.dictionary(
      fc.constantFrom('a', 'b', 'c', 'd'),
      fc.oneof(
        fc.string(),
        fc.integer(),
        fc.array(fc.string(), { maxLength: 2 }),
      ),
    );
    fc.assert(
      fc.property(params, params, (blockParams, ruleParams) => {
        const content = stringify([
          {
            action: 'Label',
            actionner: 'kubernetes:label',
            parameters: blockParams,
          },
          { rule: 'R', actions: [{ action: 'Label', parameters: ruleParams }] },
        ]);
        const [action] = parseTalonRules([{ path: 'r.yaml', content }], {
          actionners: { 'kubernetes:label': 'cs-quarantine-pod' },
        }).rules[0].actions;
        for (const key of ['a', 'b', 'c', 'd']) {
          const expected =
            key in ruleParams ? ruleParams[key] : blockParams[key];
          expect(action.parameters[key]).toEqual(expected);
        }
        expect(action.functionName).toBe('cs-quarantine-pod');
      }),
    );
  });
});
