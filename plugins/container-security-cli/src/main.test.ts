import { createMockDirectory } from '@backstage/backend-test-utils';
import { CHECK_DEFINITIONS } from '@containersec/plugin-container-security-common';
import { run } from './main';

const now = new Date('2026-11-22T12:00:00Z');

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(
    args,
    { stdout: t => (stdout += t), stderr: t => (stderr += t) },
    now,
  );
  return { code, stdout, stderr };
}

const privileged = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: { name: agent, namespace: ops }',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: agent',
  '          image: registry.internal/agent:1.0.0',
  '          securityContext: { privileged: true }',
].join('\n');

describe('container-security CLI', () => {
  const dir = createMockDirectory();

  it('lists every check as JSON with id, title, severity and references', async () => {
    const { code, stdout } = await cli(['checks', '--format', 'json']);
    expect(code).toBe(0);
    const checks = JSON.parse(stdout);
    expect(checks).toHaveLength(CHECK_DEFINITIONS.length);
    expect(checks.length).toBeGreaterThanOrEqual(45);
    expect(checks[0]).toEqual({
      id: expect.any(String),
      title: expect.any(String),
      category: expect.any(String),
      severity: expect.stringMatching(/^(critical|high|medium|low|info)$/),
      references: expect.any(Array),
    });
  });

  it('scans files to JSON with findings, location, score and grade', async () => {
    dir.setContent({ 'k8s/agent.yaml': `# rendered by helm\n${privileged}\n` });
    const { code, stdout } = await cli([
      'scan',
      dir.resolve('k8s'),
      '--format',
      'json',
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    const finding = report.findings.find(
      (f: any) => f.checkId === 'privileged-container',
    );
    expect(finding).toEqual({
      checkId: 'privileged-container',
      severity: 'critical',
      resource: { kind: 'Deployment', namespace: 'ops', name: 'agent' },
      container: 'agent',
      message: expect.stringContaining('privileged'),
      location: { file: dir.resolve('k8s/agent.yaml'), line: 2 },
      // the Pod Security Standards version the check evaluated (no label: the newest)
      podSecurityVersion: 'v1.37',
    });
    expect(report.score).toBe(report.workloads[0].score);
    expect(report.grade).toBe('F');
  });

  it('exits 1 when a finding reaches --fail-on, 0 below it', async () => {
    dir.setContent({ 'agent.yaml': privileged });
    expect((await cli(['scan', dir.path, '--fail-on', 'critical'])).code).toBe(
      1,
    );
    const rules = {
      containerSecurity: {
        posture: {
          rules: [{ check: 'privileged-container', severity: 'low' }],
        },
      },
    };
    dir.addContent({ 'app-config.yaml': JSON.stringify(rules) });
    const lowered = await cli([
      'scan',
      dir.resolve('agent.yaml'),
      '--fail-on',
      'critical',
      '--config',
      dir.resolve('app-config.yaml'),
    ]);
    expect(lowered.code).toBe(0);
  });

  it('applies exemptions from config and reports expired ones', async () => {
    dir.setContent({
      'agent.yaml': privileged,
      'app-config.yaml': [
        'containerSecurity:',
        '  posture:',
        '    exemptions:',
        '      - { check: privileged-container, name: agent, container: agent, reason: eBPF agent, owner: group:default/ops, expires: 2026-11-21 }',
      ].join('\n'),
    });
    const { stdout } = await cli([
      'scan',
      dir.resolve('agent.yaml'),
      '--format',
      'json',
      '--config',
      dir.resolve('app-config.yaml'),
    ]);
    const report = JSON.parse(stdout);
    expect(report.findings.map((f: any) => f.checkId)).toContain(
      'privileged-container',
    );
    expect(report.expiredExemptions).toEqual([
      expect.objectContaining({
        checkId: 'privileged-container',
        exemption: expect.objectContaining({ expires: '2026-11-21' }),
      }),
    ]);
  });

  it('writes SARIF 2.1.0 with rules and relative locations', async () => {
    dir.setContent({ 'agent.yaml': privileged });
    const { stdout } = await cli([
      'scan',
      dir.resolve('agent.yaml'),
      '--format',
      'sarif',
    ]);
    const sarif = JSON.parse(stdout);
    expect(sarif.version).toBe('2.1.0');
    const run0 = sarif.runs[0];
    const result = run0.results.find(
      (r: any) => r.ruleId === 'privileged-container',
    );
    expect(result.level).toBe('error');
    expect(run0.tool.driver.rules[result.ruleIndex].id).toBe(
      'privileged-container',
    );
    expect(result.locations[0].physicalLocation.region).toEqual({
      startLine: 1,
    });
    expect(
      result.locations[0].physicalLocation.artifactLocation.uri,
    ).not.toMatch(/^\//);
  });

  it('names the file and line of unparseable input and exits 2', async () => {
    dir.setContent({
      'good.yaml': privileged,
      'bad.yaml': 'kind: Pod\nmetadata:\n  name: [x\n',
    });
    const { code, stderr } = await cli(['scan', dir.path]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/bad\.yaml:\d+: /);
  });

  it('refuses a custom check that does not compile, showing the expression', async () => {
    dir.setContent({
      'agent.yaml': privileged,
      'app-config.yaml': JSON.stringify({
        containerSecurity: {
          posture: {
            customChecks: [
              {
                id: 'team',
                title: 'Team label',
                severity: 'low',
                kinds: ['Deployment'],
                expression: 'object.metadata.labels.team ==',
              },
            ],
          },
        },
      }),
    });
    const { code, stderr } = await cli([
      'scan',
      dir.resolve('agent.yaml'),
      '--config',
      dir.resolve('app-config.yaml'),
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain('custom check team does not compile');
    expect(stderr).toContain('expression: object.metadata.labels.team ==');
  });

  it('exits 2 on configuration that does not match the schema, naming the key', async () => {
    dir.setContent({
      'agent.yaml': privileged,
      'app-config.yaml': JSON.stringify({
        containerSecurity: {
          posture: { allowedRegistries: 'registry.internal' },
        },
      }),
    });
    const { code, stdout, stderr } = await cli([
      'scan',
      dir.resolve('agent.yaml'),
      '--config',
      dir.resolve('app-config.yaml'),
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('/containerSecurity/posture/allowedRegistries');
  });

  it('rejects unknown formats and missing paths with exit code 2', async () => {
    expect((await cli(['scan', dir.path, '--format', 'xml'])).code).toBe(2);
    const missing = await cli(['scan', dir.resolve('nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/ENOENT/);
  });
});
