import { createMockDirectory } from '@backstage/backend-test-utils';
import { readFileSync } from 'fs';
import { run } from '../main';

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: t => (stdout += t),
    stderr: t => (stderr += t),
  });
  return { code, stdout, stderr };
}

/** The public sample Falco events; the first has no uuid, so one is added for a test. */
const EVENTS = '/work/shared/fixtures/falco/events.jsonl';
const sampleLines = readFileSync(EVENTS, 'utf8')
  .split('\n')
  .filter(l => l.trim() !== '');

const rules = `
- action: Quarantine
  actionner: aws:lambda
  parameters:
    aws_lambda_name: cs-quarantine-pod

- action: Terminate Pod
  actionner: kubernetes:terminate
  parameters:
    grace_period_seconds: 0

- rule: Shell in a container
  match:
    rules: [Terminal shell in container]
    priority: ">=Critical"
  actions:
    - action: Quarantine
      parameters:
        aws_lambda_alias_or_version: live
        aws_lambda_invocation_type: Event
    - action: Terminate Pod

- rule: Audit of everything from k8s_audit
  match:
    source: k8s_audit
  dry_run: true
  actions:
    - action: Quarantine
`;

const config = `
containerSecurity:
  responders:
    actionners:
      kubernetes:terminate: cs-delete-pod
`;

describe('container-security responders test', () => {
  const dir = createMockDirectory();

  beforeEach(() => {
    dir.setContent({
      'rules.yaml': rules,
      'app-config.yaml': config,
      'events.jsonl': [
        JSON.stringify({ ...JSON.parse(sampleLines[0]), uuid: 'evt-0' }),
        '',
        ...sampleLines.slice(1),
      ].join('\n'),
    });
  });

  it('prints every matching rule and its invocations, per event line, as JSON', async () => {
    const { code, stdout, stderr } = await cli([
      'responders',
      'test',
      '--rules',
      dir.resolve('rules.yaml'),
      '--events',
      dir.resolve('events.jsonl'),
      '--config',
      dir.resolve('app-config.yaml'),
      '--format',
      'json',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const { results } = JSON.parse(stdout);
    // The blank line 1 is skipped; indexes are the events' lines.
    expect(results).toHaveLength(sampleLines.length);
    expect(results[0]).toEqual({
      uuid: 'evt-0',
      index: 0,
      matches: [
        {
          rule: 'Shell in a container',
          dryRun: false,
          actions: [
            {
              action: 'Quarantine',
              actionner: 'aws:lambda',
              functionName: 'cs-quarantine-pod',
              qualifier: 'live',
              invocationType: 'Event',
            },
            {
              action: 'Terminate Pod',
              actionner: 'kubernetes:terminate',
              functionName: 'cs-delete-pod',
              qualifier: '$LATEST',
              invocationType: 'RequestResponse',
            },
          ],
        },
      ],
    });
    expect(results[1]).toEqual({ uuid: null, index: 2, matches: [] });
    // Sample line 8 (file line 9) is a k8s_audit Warning.
    expect(results[8]).toEqual({
      uuid: null,
      index: 9,
      matches: [
        {
          rule: 'Audit of everything from k8s_audit',
          dryRun: true,
          actions: [
            {
              action: 'Quarantine',
              actionner: 'aws:lambda',
              functionName: 'cs-quarantine-pod',
              qualifier: '$LATEST',
              invocationType: 'RequestResponse',
            },
          ],
        },
      ],
    });
    const matched = results.filter(
      (r: { matches: unknown[] }) => r.matches.length > 0,
    );
    expect(matched.map((r: { index: number }) => r.index)).toEqual([
      0, 9, 10, 11, 12, 13, 14, 24,
    ]);
  });

  it('prints a table', async () => {
    const { code, stdout } = await cli([
      'responders',
      'test',
      '--rules',
      dir.resolve('rules.yaml'),
      '--events',
      dir.resolve('events.jsonl'),
      '--config',
      dir.resolve('app-config.yaml'),
      '--format',
      'table',
    ]);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^INDEX\s+UUID\s+RULE\s+DRY RUN\s+ACTION/);
    expect(lines[1]).toMatch(
      /^0\s+evt-0\s+Shell in a container\s+no\s+Quarantine\s+aws:lambda\s+cs-quarantine-pod:live \(Event\)$/,
    );
    expect(lines[2]).toMatch(
      /^0\s+evt-0\s+Shell in a container\s+no\s+Terminate Pod\s+kubernetes:terminate\s+cs-delete-pod:\$LATEST \(RequestResponse\)$/,
    );
    expect(lines[3]).toMatch(/^2\s+-\s+\(no rule matches\)$/);
  });

  it('exits 2 naming the rule and file:line when an actionner is not mapped (no --config)', async () => {
    const { code, stdout, stderr } = await cli([
      'responders',
      'test',
      '--rules',
      dir.resolve('rules.yaml'),
      '--events',
      dir.resolve('events.jsonl'),
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `${dir.resolve(
        'rules.yaml',
      )}:21: rule 'Shell in a container', action 'Terminate Pod': actionner 'kubernetes:terminate' is not mapped to a responder function (map it in containerSecurity.responders.actionners, or use aws:lambda)\n`,
    );
  });

  it('exits 2 with file:line: problem for every bad rules file', async () => {
    dir.addContent({
      'bad.yaml': `- rule: R
  match: { priority: ">>Error" }
  actions: [{ action: Missing }]
`,
    });
    const { code, stderr } = await cli([
      'responders',
      'test',
      '--rules',
      dir.resolve('rules.yaml'),
      dir.resolve('bad.yaml'),
      '--events',
      dir.resolve('events.jsonl'),
      '--config',
      dir.resolve('app-config.yaml'),
    ]);
    expect(code).toBe(2);
    expect(stderr.trimEnd().split('\n')).toEqual([
      `${dir.resolve(
        'bad.yaml',
      )}:2: rule 'R': priority '>>Error': bad comparator (use one of <, <=, >, >=, = or none)`,
      `${dir.resolve(
        'bad.yaml',
      )}:3: rule 'R', action 'Missing': unknown action (no '- action:' block defines it and the rule names no actionner)`,
    ]);
  });

  it('exits 2 with file:line: problem for every bad events line', async () => {
    dir.addContent({
      'bad.jsonl': [
        sampleLines[0],
        '{"rule": "x", "priority": "Critical"',
        '[1]',
        '{"priority": 3, "tags": "shell"}',
      ].join('\n'),
    });
    const { code, stdout, stderr } = await cli([
      'responders',
      'test',
      '--rules',
      dir.resolve('rules.yaml'),
      '--events',
      dir.resolve('bad.jsonl'),
      '--config',
      dir.resolve('app-config.yaml'),
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const file = dir.resolve('bad.jsonl');
    expect(stderr).toContain(`${file}:2: not JSON`);
    expect(stderr).toContain(`${file}:3: a Falco event must be a JSON object`);
    expect(stderr).toContain(
      `${file}:4: 'rule' must be a non-empty string; 'priority' must be a string; 'tags' must be a list of strings`,
    );
    expect(stderr).not.toContain(`${file}:1:`);
  });

  it('exits 2 on a missing file and on a bad actionner map', async () => {
    expect(
      (
        await cli([
          'responders',
          'test',
          '--rules',
          dir.resolve('nope.yaml'),
          '--events',
          dir.resolve('events.jsonl'),
        ])
      ).code,
    ).toBe(2);
    dir.addContent({
      'bad-config.yaml':
        'containerSecurity:\n  responders:\n    actionners: [cs-delete-pod]\n',
    });
    const { code, stderr } = await cli([
      'responders',
      'test',
      '--rules',
      dir.resolve('rules.yaml'),
      '--events',
      dir.resolve('events.jsonl'),
      '--config',
      dir.resolve('bad-config.yaml'),
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain(
      'containerSecurity.responders.actionners must map Talon actionners to function names',
    );
  });
});
