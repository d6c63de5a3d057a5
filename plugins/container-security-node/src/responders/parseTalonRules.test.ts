import { readFileSync } from 'fs';
import { join } from 'path';
import { parseTalonRules } from './parseTalonRules';
import { TalonRulesError } from './TalonRulesError';
import { TalonRulesFile } from './types';

const fixture = (name: string): TalonRulesFile => ({
  path: `fixtures/${name}`,
  content: readFileSync(join(__dirname, '__fixtures__', name), 'utf8'),
});

const actionners = {
  'kubernetes:terminate': 'cs-delete-pod',
  'kubernetes:label': 'cs-quarantine-pod',
};

/** The problems of a file that must not parse, as `file:line: message` lines. */
function problemsOf(content: string, options = { actionners }): string[] {
  try {
    parseTalonRules([{ path: 'r.yaml', content }], options);
  } catch (e) {
    expect(e).toBeInstanceOf(TalonRulesError);
    return (e as TalonRulesError).problems.map(
      p => `${p.file}:${p.line}: ${p.message}`,
    );
  }
  throw new Error('expected the rules to be refused');
}

const lambda = `
- action: Invoke
  actionner: aws:lambda
  parameters:
    aws_lambda_name: fn
`;

describe('parseTalonRules', () => {
  it('reads action blocks and rules from several files, with file:line for each', () => {
    const set = parseTalonRules(
      [fixture('actions.yaml'), fixture('rules.yaml')],
      {
        actionners,
      },
    );
    expect(set.actions.map(a => [a.name, a.source])).toEqual([
      ['Quarantine with Lambda', 'fixtures/actions.yaml:2'],
      ['Terminate Pod', 'fixtures/actions.yaml:10'],
      ['Label Pod', 'fixtures/actions.yaml:16'],
    ]);
    expect(set.rules.map(r => [r.name, r.source])).toEqual([
      ['Terminal shell', 'fixtures/rules.yaml:1'],
      ['Critical shells in default', 'fixtures/rules.yaml:13'],
      ['Anything from syscall below Warning', 'fixtures/rules.yaml:25'],
      ['Catch-all below a stopping rule', 'fixtures/rules.yaml:36'],
    ]);
    const [shell, critical, below] = set.rules;
    expect(shell.description).toBe('a shell in a container');
    expect(shell.match).toEqual({
      rules: ['Terminal shell in container'],
      priority: { comparator: '>=', priority: 'Notice' },
      tags: [],
      outputFields: [],
    });
    expect(critical.match.priority).toEqual({
      comparator: '=',
      priority: 'Critical',
    });
    expect(critical.match.tags).toEqual([['container', 'shell']]);
    expect(critical.match.outputFields).toEqual([
      [
        { key: 'k8s.ns.name', operator: '=', value: 'default' },
        { key: 'user.name', operator: '!=', value: 'nobody' },
      ],
    ]);
    expect(critical.dryRun).toBe(true);
    expect(shell.dryRun).toBe(false);
    expect(below.match.source).toBe('syscall');
    expect(below.continue).toBe(false);
    expect(shell.continue).toBe(true);
  });

  it('resolves each action to its Lambda invocation, the rule overriding the block key by key', () => {
    const set = parseTalonRules(
      [fixture('actions.yaml'), fixture('rules.yaml')],
      {
        actionners,
      },
    );
    const [shell, , below] = set.rules;
    expect(shell.actions).toEqual([
      {
        action: 'Label Pod',
        source: 'fixtures/rules.yaml:8',
        actionner: 'kubernetes:label',
        parameters: { labels: { suspicious: 'true' } },
        ignoreErrors: true,
        continue: true,
        functionName: 'cs-quarantine-pod',
        qualifier: '$LATEST',
        invocationType: 'RequestResponse',
      },
      {
        action: 'Quarantine with Lambda',
        source: 'fixtures/rules.yaml:9',
        actionner: 'aws:lambda',
        parameters: {
          aws_lambda_name: 'cs-quarantine-pod',
          aws_lambda_alias_or_version: 'live',
          aws_lambda_invocation_type: 'RequestResponse',
        },
        ignoreErrors: false,
        continue: true,
        functionName: 'cs-quarantine-pod',
        qualifier: 'live',
        invocationType: 'RequestResponse',
      },
    ]);
    expect(below.actions).toEqual([
      expect.objectContaining({
        action: 'Inline lambda',
        functionName: 'cs-scale-to-zero',
        qualifier: '$LATEST',
        invocationType: 'RequestResponse',
      }),
    ]);
  });

  it("stops a rule's actions after one that does not continue (kubernetes:terminate by default)", () => {
    const set = parseTalonRules(
      [fixture('actions.yaml'), fixture('rules.yaml')],
      {
        actionners,
      },
    );
    // Terminate Pod comes first, so the quarantine after it never runs in Talon.
    expect(set.rules[1].actions.map(a => [a.action, a.continue])).toEqual([
      ['Terminate Pod', false],
    ]);
  });

  it('an explicit continue overrides the actionner default, and false stops later actions', () => {
    const set = parseTalonRules(
      [
        {
          path: 'r.yaml',
          content: `${lambda}
- rule: R
  actions:
    - action: Kill
      actionner: kubernetes:terminate
      continue: true
    - action: Invoke
      continue: "false"
    - action: Invoke
`,
        },
      ],
      { actionners },
    );
    expect(set.rules[0].actions.map(a => [a.action, a.continue])).toEqual([
      ['Kill', true],
      ['Invoke', false],
    ]);
  });

  it('accepts the three invocation types and numbers as versions', () => {
    for (const type of ['RequestResponse', 'Event', 'DryRun']) {
      const set = parseTalonRules([
        {
          path: 'r.yaml',
          content: `- rule: R
  actions:
    - action: A
      actionner: aws:lambda
      parameters: { aws_lambda_name: fn, aws_lambda_alias_or_version: 3, aws_lambda_invocation_type: ${type} }
`,
        },
      ]);
      expect(set.rules[0].actions[0]).toMatchObject({
        functionName: 'fn',
        qualifier: '3',
        invocationType: type,
      });
    }
  });

  it('merges blocks of the same name: strings replaced, lists appended, parameters key by key', () => {
    const set = parseTalonRules(
      [
        {
          path: 'base.yaml',
          content: `${lambda}
- rule: R
  description: first
  match:
    rules: [a]
    priority: ">=Error"
    tags: [x]
  actions:
    - action: Invoke
`,
        },
        {
          path: 'override.yaml',
          content: `- action: Invoke
  parameters:
    aws_lambda_alias_or_version: prod
- rule: Other
  actions: [{ action: Invoke }]
- rule: R
  description: second
  dry_run: true
  match:
    rules: [b]
    tags: [y]
`,
        },
      ],
      {},
    );
    expect(set.rules.map(r => r.name)).toEqual(['R', 'Other']);
    const [r] = set.rules;
    expect(r.source).toBe('base.yaml:7');
    expect(r.description).toBe('second');
    expect(r.dryRun).toBe(true);
    expect(r.match.rules).toEqual(['a', 'b']);
    expect(r.match.tags).toEqual([['x'], ['y']]);
    // The override did not write a priority, so the first one holds.
    expect(r.match.priority).toEqual({ comparator: '>=', priority: 'Error' });
    expect(r.actions[0]).toMatchObject({
      functionName: 'fn',
      qualifier: 'prod',
    });
  });

  it('an override that writes an empty priority clears it', () => {
    const set = parseTalonRules([
      {
        path: 'r.yaml',
        content: `${lambda}
- rule: R
  match: { priority: Critical }
  actions: [{ action: Invoke }]
- rule: R
  match: { priority: "" }
`,
      },
    ]);
    expect(set.rules[0].match.priority).toBeUndefined();
  });

  it.each([
    ['>=Critical', '>=', 'Critical'],
    ['<Error', '<', 'Error'],
    ['>warning', '>', 'Warning'],
    ['<=NOTICE', '<=', 'Notice'],
    ['=Alert', '=', 'Alert'],
    ['emergency', '=', 'Emergency'],
    ['>= Informational', '>=', 'Informational'],
    ['debug', '=', 'Debug'],
  ])('reads priority %s case-insensitively', (text, comparator, priority) => {
    const set = parseTalonRules([
      {
        path: 'r.yaml',
        content: `${lambda}
- rule: R
  match: { priority: "${text}" }
  actions: [{ action: Invoke }]
`,
      },
    ]);
    expect(set.rules[0].match.priority).toEqual({ comparator, priority });
  });

  it('reads output field values with quotes, = inside values and spaces around commas', () => {
    const set = parseTalonRules([
      {
        path: 'r.yaml',
        content: `${lambda}
- rule: R
  match:
    output_fields:
      - 'proc.cmdline="sh -c a=b" ,  fd.name!=/etc/shadow'
      - container.image.repository=nginx
  actions: [{ action: Invoke }]
`,
      },
    ]);
    expect(set.rules[0].match.outputFields).toEqual([
      [
        { key: 'proc.cmdline', operator: '=', value: 'sh -c a=b' },
        { key: 'fd.name', operator: '!=', value: '/etc/shadow' },
      ],
      [{ key: 'container.image.repository', operator: '=', value: 'nginx' }],
    ]);
  });

  it('an empty file, a comment-only file and no files give an empty set', () => {
    expect(parseTalonRules([])).toEqual({ rules: [], actions: [] });
    expect(
      parseTalonRules([
        { path: 'a.yaml', content: '' },
        { path: 'b.yaml', content: '# nothing yet\n' },
      ]),
    ).toEqual({ rules: [], actions: [] });
  });

  describe('refuses bad files with file:line: problem', () => {
    it('unknown action referenced', () => {
      expect(
        problemsOf(`- rule: R
  actions:
    - action: Nope
`),
      ).toEqual([
        "r.yaml:3: rule 'R', action 'Nope': unknown action (no '- action:' block defines it and the rule names no actionner)",
      ]);
    });

    it('an unmapped actionner, naming the rule and its line', () => {
      expect(
        problemsOf(`- action: Net
  actionner: kubernetes:networkpolicy
- rule: Isolate
  actions:
    - action: Net
`),
      ).toEqual([
        "r.yaml:5: rule 'Isolate', action 'Net': actionner 'kubernetes:networkpolicy' is not mapped to a responder function (map it in containerSecurity.responders.actionners, or use aws:lambda)",
      ]);
    });

    it('bad comparators and unknown priorities', () => {
      expect(
        problemsOf(`${lambda}
- rule: A
  match: { priority: "==Critical" }
  actions: [{ action: Invoke }]
- rule: B
  match: { priority: "Severe" }
  actions: [{ action: Invoke }]
- rule: C
  match: { priority: ">=" }
  actions: [{ action: Invoke }]
- rule: D
  match: { priority: "!=Error" }
  actions: [{ action: Invoke }]
`),
      ).toEqual([
        "r.yaml:8: rule 'A': priority '==Critical': bad comparator (use one of <, <=, >, >=, = or none)",
        "r.yaml:11: rule 'B': priority 'Severe': unknown priority 'Severe' (one of Emergency, Alert, Critical, Error, Warning, Notice, Informational, Debug)",
        "r.yaml:14: rule 'C': priority '>=' has a comparator but no priority",
        "r.yaml:17: rule 'D': priority '!=Error': bad comparator (use one of <, <=, >, >=, = or none)",
      ]);
    });

    it('wrong types', () => {
      expect(
        problemsOf(`${lambda}
- rule: R
  dry_run: maybe
  continue: 1
  match:
    rules: Terminal shell in container
    tags: [[a]]
    priority: 3
  actions:
    - action: Invoke
      ignore_errors: yes please
      parameters: [1]
`),
      ).toEqual([
        'r.yaml:8: rule \'R\': dry_run must be true or false, not string "maybe"',
        "r.yaml:9: rule 'R': continue must be true or false, not number 1",
        'r.yaml:11: rule \'R\': match.rules must be a list of strings, not string "Terminal shell in container"',
        "r.yaml:12: rule 'R': match.tags item must be a string, not a list",
        "r.yaml:13: rule 'R': match.priority must be a string, not number 3",
        'r.yaml:16: action \'Invoke\': ignore_errors must be true or false, not string "yes please"',
        "r.yaml:17: action 'Invoke': parameters must be a mapping",
      ]);
    });

    it('unknown keys, and Talon keys the suite does not support', () => {
      expect(
        problemsOf(`- action: Invoke
  actionner: aws:lambda
  paramters: {}
  output: { target: aws:s3 }
- rule: R
  notifiers: [slack]
  match:
    rule: [x]
  actions:
    - action: Invoke
      additional_contexts: [aws]
`),
      ).toEqual(
        [
          "r.yaml:3: action 'Invoke': unknown key 'paramters' (expected action, description, actionner, continue, ignore_errors, parameters)",
          "r.yaml:4: action 'Invoke': 'output' is not supported: responders keep no artifacts (the function stores what it collects itself)",
          "r.yaml:6: rule 'R': 'notifiers' is not supported: the suite records every action and notifies the owning group itself",
          "r.yaml:8: rule 'R': match: unknown key 'rule' (expected rules, priority, source, tags, output_fields)",
          "r.yaml:11: action 'Invoke': 'additional_contexts' is not supported: the function receives the alert and its target; no extra context is gathered",
          "r.yaml:10: rule 'R', action 'Invoke': aws:lambda needs parameters.aws_lambda_name (a string)",
        ].sort(byLine),
      );
    });

    it('bad aws:lambda parameters', () => {
      expect(
        problemsOf(`- rule: R
  actions:
    - action: A
      actionner: aws:lambda
      parameters:
        aws_lambda_name: fn
        aws_lambda_invocation_type: Async
        aws_lambda_region: eu-west-1
`),
      ).toEqual([
        "r.yaml:3: rule 'R', action 'A': unknown aws:lambda parameter 'aws_lambda_region' (expected aws_lambda_name, aws_lambda_alias_or_version, aws_lambda_invocation_type)",
        "r.yaml:3: rule 'R', action 'A': aws_lambda_invocation_type 'Async' is not one of RequestResponse, Event, DryRun",
      ]);
    });

    it('bad tags, output fields and actionner names', () => {
      expect(
        problemsOf(`- action: A
  actionner: Lambda
- rule: R
  match:
    tags: ["container, "]
    output_fields: ["k8s.ns.name", "=x"]
  actions: [{ action: B, actionner: aws:lambda, parameters: { aws_lambda_name: f } }]
`),
      ).toEqual([
        "r.yaml:2: action 'A': actionner 'Lambda' is not of the form category:name (e.g. aws:lambda)",
        "r.yaml:5: rule 'R': match.tags item 'container, ' has an invalid tag ''",
        "r.yaml:6: rule 'R': match.output_fields item 'k8s.ns.name': 'k8s.ns.name' is not key=value or key!=value",
        "r.yaml:6: rule 'R': match.output_fields item '=x': '' is not an output field name",
      ]);
    });

    it('structure: not a list, blocks of neither or both kinds, rules without actions or names', () => {
      expect(problemsOf('rule: R\n')).toEqual([
        'r.yaml:1: a rules file is a list of - action: and - rule: blocks',
      ]);
      expect(
        problemsOf(`- macro: m
- action: A
  rule: R
- rule: Empty
  match: {}
- rule: ""
  actions: [{ action: A }]
- 3
`),
      ).toEqual([
        "r.yaml:1: a block must start with '- action:' or '- rule:'",
        "r.yaml:2: a block is either '- action:' or '- rule:', not both",
        "r.yaml:4: rule 'Empty' has no actions",
        "r.yaml:6: a rule's name ('rule') must not be empty",
        'r.yaml:8: a block must be a mapping',
      ]);
    });

    it('YAML syntax errors, in the file they are in', () => {
      const problems = (() => {
        try {
          parseTalonRules([
            { path: 'ok.yaml', content: lambda },
            { path: 'bad.yaml', content: '- rule: R\n  actions: [\n' },
          ]);
        } catch (e) {
          return (e as TalonRulesError).problems;
        }
        return [];
      })();
      expect(problems.length).toBeGreaterThan(0);
      expect(problems.every(p => p.file === 'bad.yaml')).toBe(true);
      expect(problems[0].message).toMatch(/^YAML: /);
    });

    it('a message that lists every problem as file:line: problem', () => {
      expect(() =>
        parseTalonRules([{ path: 'x/r.yaml', content: '- rule: R\n' }]),
      ).toThrow(
        "Invalid responder rules:\nx/r.yaml:1: rule 'R' has no actions",
      );
    });
  });
});

function byLine(a: string, b: string) {
  const line = (s: string) => Number(s.split(':')[1]);
  return line(a) - line(b);
}
