import { readFileSync } from 'fs';
import { join } from 'path';
import { compileTalonRules } from './compileTalonRules';
import { parseTalonRules } from './parseTalonRules';
import { TalonEvent } from './types';

/** The public sample Falco events (Falco and Falcosidekick payloads). */
const events: TalonEvent[] = readFileSync(
  '/work/shared/fixtures/falco/events.jsonl',
  'utf8',
)
  .split('\n')
  .filter(line => line.trim() !== '')
  .map(line => JSON.parse(line));

const fixture = (name: string) => ({
  path: name,
  content: readFileSync(join(__dirname, '__fixtures__', name), 'utf8'),
});

const actionners = {
  'kubernetes:terminate': 'cs-delete-pod',
  'kubernetes:label': 'cs-quarantine-pod',
};

const lambda = `
- action: Invoke
  actionner: aws:lambda
  parameters:
    aws_lambda_name: fn
`;

/** A matcher over the rules in `body` (each rule runs the `Invoke` action). */
function matcherOf(body: string) {
  return compileTalonRules(
    parseTalonRules([{ path: 'r.yaml', content: `${lambda}\n${body}` }]),
  );
}

/** The names of the rules that match each fixture event, by line. */
function namesByEvent(body: string): string[][] {
  const matcher = matcherOf(body);
  return events.map(e => matcher.match(e).map(m => m.rule.name));
}

/** The fixture lines whose events match `body`'s single rule. */
function linesMatching(body: string): number[] {
  return namesByEvent(body).flatMap((names, i) => (names.length ? [i] : []));
}

describe('compileTalonRules', () => {
  it('matches the fixture rules top to bottom and returns the resolved actions', () => {
    const matcher = compileTalonRules(
      parseTalonRules([fixture('actions.yaml'), fixture('rules.yaml')], {
        actionners,
      }),
    );
    // Line 0: a Critical terminal shell in default, tagged container+shell, source syscall.
    const first = matcher.match(events[0]);
    expect(first.map(m => [m.rule.name, m.rule.source, m.dryRun])).toEqual([
      ['Terminal shell', 'rules.yaml:1', false],
      ['Critical shells in default', 'rules.yaml:13', true],
      ['Catch-all below a stopping rule', 'rules.yaml:36', false],
    ]);
    expect(first[0].actions.map(a => a.functionName)).toEqual([
      'cs-quarantine-pod',
      'cs-quarantine-pod',
    ]);
    expect(first[1].actions.map(a => [a.actionner, a.functionName])).toEqual([
      ['kubernetes:terminate', 'cs-delete-pod'],
    ]);
    // Line 22: Informational from syscall, below Warning: the stopping rule matches and
    // the catch-all rule after it is never reached.
    expect(matcher.match(events[22]).map(m => m.rule.name)).toEqual([
      'Anything from syscall below Warning',
    ]);
    // Line 8: Warning from k8s_audit: only the catch-all rule ("a stop" only when the
    // stopping rule matched).
    expect(matcher.match(events[8]).map(m => m.rule.name)).toEqual([
      'Catch-all below a stopping rule',
    ]);
  });

  it('match.rules is an OR of Falco rule names, compared exactly', () => {
    expect(
      linesMatching(`- rule: R
  match:
    rules: [Disallowed K8s User, Write below binary dir, terminal shell in container]
  actions: [{ action: Invoke }]
`),
    ).toEqual([8, 9, 10, 17]);
  });

  it.each([
    ['>=Warning', [0, 8, 9, 10, 17, 19, 20, 23]],
    ['>Error', [0, 23]],
    ['<Notice', [12, 15, 18, 22]],
    ['<=Debug', [18]],
    ['=Error', [17]],
    ['critical', [0]],
  ])('match.priority %s', (priority, lines) => {
    expect(
      linesMatching(`- rule: R
  match: { priority: "${priority}" }
  actions: [{ action: Invoke }]
`),
    ).toEqual(lines);
  });

  it('an event priority the engine does not know ranks below Debug, as in Talon', () => {
    const matcher = matcherOf(`- rule: Low
  match: { priority: "<Debug" }
  actions: [{ action: Invoke }]
- rule: Any
  match: { priority: ">=Debug" }
  actions: [{ action: Invoke }]
`);
    expect(
      matcher.match({ rule: 'x', priority: 'Severe' }).map(m => m.rule.name),
    ).toEqual(['Low']);
    expect(
      matcher.match({ rule: 'x', priority: 'INFO' }).map(m => m.rule.name),
    ).toEqual(['Any']);
  });

  it('match.tags: OR between items, AND between the tags of one item', () => {
    expect(
      linesMatching(`- rule: R
  match:
    tags:
      - shell, mitre_execution, T1059
      - filesystem,host
  actions: [{ action: Invoke }]
`),
    ).toEqual([19, 20, 21, 23]);
    // An event without tags never matches a tag condition.
    expect(
      matcherOf(`- rule: R
  match: { tags: [container] }
  actions: [{ action: Invoke }]
`).match({ rule: 'x', priority: 'Notice' }),
    ).toEqual([]);
  });

  it('match.output_fields: OR between items, AND between key=value and key!=value tests', () => {
    expect(
      linesMatching(`- rule: R
  match:
    output_fields:
      - k8s.ns.name=default, k8s.pod.name!=alpine, proc.name=sh
      - ka.user.name=system:anonymous
  actions: [{ action: Invoke }]
`),
    ).toEqual(
      events.flatMap((e, i) => {
        const f = (e.output_fields ?? {}) as Record<string, unknown>;
        const first =
          f['k8s.ns.name'] === 'default' &&
          f['k8s.pod.name'] !== 'alpine' &&
          f['proc.name'] === 'sh';
        return first || f['ka.user.name'] === 'system:anonymous' ? [i] : [];
      }),
    );
  });

  it('output fields: numbers compare by their text, null counts as absent, != passes when absent', () => {
    const matcher = matcherOf(`- rule: Tty
  match: { output_fields: ["proc.tty=34816"] }
  actions: [{ action: Invoke }]
- rule: Image
  match: { output_fields: ["container.image.repository!=docker.io/library/alpine"] }
  actions: [{ action: Invoke }]
- rule: NullImage
  match: { output_fields: ["container.image.repository=null"] }
  actions: [{ action: Invoke }]
`);
    expect(matcher.match(events[0]).map(m => m.rule.name)).toEqual(['Tty']);
    // Line 1's image repository is null: it differs from alpine and is not "null".
    expect(matcher.match(events[1]).map(m => m.rule.name)).toEqual(['Image']);
    expect(
      matcher.match({ rule: 'x', priority: 'Notice' }).map(m => m.rule.name),
    ).toEqual(['Image']);
  });

  it('match.source compares the event source', () => {
    expect(
      linesMatching(`- rule: R
  match: { source: k8s_audit }
  actions: [{ action: Invoke }]
`),
    ).toEqual([8, 9, 10, 11, 12, 13]);
  });

  it('every clause must hold (AND between rules, priority, tags, output fields, source)', () => {
    expect(
      linesMatching(`- rule: R
  match:
    rules: [Terminal shell in container]
    priority: ">=Notice"
    tags: [shell]
    output_fields: [k8s.ns.name=default]
    source: syscall
  actions: [{ action: Invoke }]
`),
    ).toEqual([0, 21, 23]);
  });

  it('returns every matching rule in file order, named and catch-all rules interleaved', () => {
    const body = ['A', 'B', 'C', 'D', 'E']
      .map(
        (name, i) => `- rule: ${name}
  match: ${i % 2 === 0 ? '{ rules: [Terminal shell in container] }' : '{}'}
  actions: [{ action: Invoke }]
`,
      )
      .join('');
    const names = namesByEvent(body);
    expect(names[0]).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(names[8]).toEqual(['B', 'D']);
  });

  it('a matching rule with continue: false stops the evaluation; a rule that does not match does not', () => {
    const names = namesByEvent(`- rule: First
  actions: [{ action: Invoke }]
- rule: Stop on Critical
  match: { priority: Critical }
  continue: false
  actions: [{ action: Invoke }]
- rule: Last
  actions: [{ action: Invoke }]
`);
    expect(names[0]).toEqual(['First', 'Stop on Critical']);
    expect(names[1]).toEqual(['First', 'Last']);
  });

  it('answers frozen results, so one caller cannot change what the next one sees', () => {
    const matcher = matcherOf(`- rule: R
  actions: [{ action: Invoke }]
`);
    const [m] = matcher.match(events[0]);
    expect(Object.isFrozen(m)).toBe(true);
    expect(Object.isFrozen(m.actions[0])).toBe(true);
    expect(matcher.rules.map(r => r.name)).toEqual(['R']);
  });

  it('an empty rule set matches nothing', () => {
    const matcher = compileTalonRules(parseTalonRules([]));
    expect(events.map(e => matcher.match(e))).toEqual(events.map(() => []));
  });
});
