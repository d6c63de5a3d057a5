import { FALCO_PRIORITIES } from '@containersec/plugin-container-security-common';
import { TalonEvent } from '@containersec/plugin-container-security-node';
import { stringify } from 'yaml';

/** A small deterministic PRNG (mulberry32), so every run measures the same input. */
export function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  const some = <T>(items: readonly T[], max: number): T[] => {
    const count = 1 + int(max);
    return [...new Set(Array.from({ length: count }, () => pick(items)))];
  };
  return { next, int, pick, some, chance: (p: number) => next() < p };
}

/** What a Falco rule library and a cluster look like, for rules and events alike. */
export interface Vocabulary {
  /** Falco rule names: the fixture's, then synthetic ones (a large rule library). */
  falcoRules: string[];
  fixtureRules: string[];
  tags: string[];
  namespaces: string[];
  processes: string[];
}

/**
 * The same library without the Falco rules the fixture events fire: rules generated
 * from it (with no catch-all rule) match none of those events.
 */
export function unmatchedVocabulary(words: Vocabulary): Vocabulary {
  const others = words.falcoRules.filter(r => !words.fixtureRules.includes(r));
  return { ...words, falcoRules: others, fixtureRules: others };
}

export function vocabulary(fixtures: TalonEvent[]): Vocabulary {
  const fixtureRules = [...new Set(fixtures.map(e => e.rule))];
  const falcoRules = [
    ...fixtureRules,
    ...Array.from({ length: 200 }, (_, i) => `Synthetic detection ${i}`),
  ];
  const tags = [
    ...new Set([
      ...fixtures.flatMap(e => e.tags ?? []),
      'network',
      'process',
      'mitre_persistence',
      'mitre_discovery',
      'T1611',
    ]),
  ];
  return {
    falcoRules,
    fixtureRules,
    tags,
    namespaces: [
      'default',
      'shop',
      'payments',
      'kube-system',
      'monitoring',
      'ci',
    ],
    processes: ['sh', 'bash', 'curl', 'nc', 'python3', 'cat'],
  };
}

/** The functions the generated rules invoke (the demo's allow-list). */
export const BENCH_FUNCTIONS = [
  'cs-quarantine-pod',
  'cs-scale-to-zero',
  'cs-delete-pod',
  'cs-deactivate-access-key',
];

/** The actionner map the generated rules need. */
export const BENCH_ACTIONNERS = {
  'kubernetes:terminate': 'cs-delete-pod',
  'kubernetes:label': 'cs-quarantine-pod',
  'kubernetes:networkpolicy': 'cs-quarantine-pod',
};

const ACTION_BLOCKS = [
  {
    action: 'Quarantine',
    actionner: 'aws:lambda',
    parameters: { aws_lambda_name: 'cs-quarantine-pod' },
  },
  {
    action: 'Scale to zero',
    actionner: 'aws:lambda',
    parameters: {
      aws_lambda_name: 'cs-scale-to-zero',
      aws_lambda_alias_or_version: 'live',
      aws_lambda_invocation_type: 'Event',
    },
  },
  {
    action: 'Deactivate key',
    actionner: 'aws:lambda',
    parameters: { aws_lambda_name: 'cs-deactivate-access-key' },
  },
  { action: 'Terminate', actionner: 'kubernetes:terminate' },
  {
    action: 'Label',
    actionner: 'kubernetes:label',
    parameters: { labels: { quarantine: 'true' } },
  },
  { action: 'Isolate', actionner: 'kubernetes:networkpolicy' },
];

const COMPARATORS = ['', '=', '>', '>=', '<', '<='];

/**
 * `count` Talon rules in one file: most name one to three Falco rules of a 212-rule
 * library (a few rules answer each detection, as in a real rules file), 1% name none
 * (tested on every event);
 * priorities with every comparator, tag and output-field conditions, a few dry runs and
 * parameter overrides. No rule stops the evaluation, so every candidate is tested.
 */
export function generateTalonRules(
  count: number,
  words: Vocabulary,
  seed = 13,
  catchAllShare = 0.01,
): string {
  const r = random(seed);
  const rules = Array.from({ length: count }, (_, i) => {
    const match: Record<string, unknown> = {};
    if (!r.chance(catchAllShare)) {
      match.rules = r.some(
        r.chance(0.025) ? words.fixtureRules : words.falcoRules,
        3,
      );
    }
    if (r.chance(0.7)) {
      match.priority = `${r.pick(COMPARATORS)}${r.pick(FALCO_PRIORITIES)}`;
    }
    if (r.chance(0.4)) {
      match.tags = Array.from({ length: 1 + r.int(2) }, () =>
        r.some(words.tags, 2).join(', '),
      );
    }
    if (r.chance(0.4)) {
      match.output_fields = Array.from({ length: 1 + r.int(2) }, () =>
        [
          `k8s.ns.name=${r.pick(words.namespaces)}`,
          ...(r.chance(0.5) ? [`proc.name!=${r.pick(words.processes)}`] : []),
        ].join(', '),
      );
    }
    if (r.chance(0.1)) match.source = r.pick(['syscall', 'k8s_audit']);
    const actions = r.some(ACTION_BLOCKS, 3).map(block =>
      block.actionner === 'aws:lambda' && r.chance(0.3)
        ? {
            action: block.action,
            parameters: { aws_lambda_invocation_type: 'DryRun' },
          }
        : { action: block.action },
    );
    return {
      rule: `Generated rule ${i}`,
      match,
      ...(r.chance(0.3) && { dry_run: true }),
      actions,
    };
  });
  return stringify([...ACTION_BLOCKS, ...rules]);
}

/**
 * `count` events shaped like the fixture events (Falco and Falcosidekick payloads),
 * with their rule, priority, tags and namespace/process fields varied: half name a
 * fixture rule, half one of the synthetic library.
 */
export function generateEvents(
  count: number,
  fixtures: TalonEvent[],
  words: Vocabulary,
  seed = 7,
): TalonEvent[] {
  const r = random(seed);
  return Array.from({ length: count }, (_, i) => {
    const base = fixtures[i % fixtures.length];
    const fields: Record<string, unknown> = { ...base.output_fields };
    if ('k8s.ns.name' in fields || r.chance(0.5)) {
      fields['k8s.ns.name'] = r.pick(words.namespaces);
    }
    if ('proc.name' in fields || r.chance(0.3)) {
      fields['proc.name'] = r.pick(words.processes);
    }
    return {
      ...base,
      uuid: `bench-${i}`,
      rule: r.chance(0.5)
        ? r.pick(words.fixtureRules)
        : r.pick(words.falcoRules),
      priority: r.pick(FALCO_PRIORITIES),
      tags: r.chance(0.2) ? [] : r.some(words.tags, 5),
      output_fields: fields,
    };
  });
}
