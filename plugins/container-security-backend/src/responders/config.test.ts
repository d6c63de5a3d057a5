import { JsonValue } from '@backstage/types';
import { ConfigReader } from '@backstage/config';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { readRespondersConfig } from './config';
import { loadResponderRules } from './loadResponderRules';

const functions = [
  { name: 'cs-quarantine-pod', description: 'Quarantine' },
  { name: 'cs-delete-pod' },
];

function read(responders: JsonValue, cwd = '/srv/backend') {
  return readRespondersConfig(
    new ConfigReader({ containerSecurity: { responders } }),
    cwd,
  );
}

describe('readRespondersConfig', () => {
  it('is off when the block is absent', () => {
    expect(readRespondersConfig(new ConfigReader({}), '/')).toBeUndefined();
  });

  it('reads every key, with defaults', () => {
    expect(read({ functions })).toEqual({
      killSwitch: false,
      rulesFiles: [],
      ruleModes: {},
      approvalTimeoutMs: 4 * 3_600_000,
      retentionMs: 90 * 86_400_000,
      limits: {
        ruleCooldownMs: 600_000,
        serviceCooldownMs: 120_000,
        maxActionsPerHour: 30,
      },
      functions,
      actionners: {},
      lambda: {
        region: process.env.AWS_REGION ?? 'us-east-1',
        endpoint: undefined,
        timeoutMs: 30_000,
        maxRetries: 3,
        accountId: undefined,
      },
    });
    expect(
      read({
        killSwitch: true,
        rulesFiles: ['../../examples/responders/rules/demo-rules.yaml'],
        ruleModes: { 'Quarantine on terminal shell': 'approval' },
        approvalTimeout: { hours: 1 },
        retention: '7d',
        limits: {
          ruleCooldown: { minutes: 5 },
          serviceCooldown: { minutes: 1 },
          maxActionsPerHour: 4,
        },
        functions,
        actionners: { 'kubernetes:terminate': 'cs-delete-pod' },
        lambda: {
          region: 'eu-west-1',
          endpoint: 'http://127.0.0.1:7009',
          timeout: { seconds: 5 },
          maxRetries: 1,
        },
      }),
    ).toMatchObject({
      killSwitch: true,
      rulesFiles: ['/examples/responders/rules/demo-rules.yaml'],
      ruleModes: { 'Quarantine on terminal shell': 'approval' },
      approvalTimeoutMs: 3_600_000,
      retentionMs: 7 * 86_400_000,
      limits: {
        ruleCooldownMs: 300_000,
        serviceCooldownMs: 60_000,
        maxActionsPerHour: 4,
      },
      actionners: { 'kubernetes:terminate': 'cs-delete-pod' },
      lambda: {
        region: 'eu-west-1',
        endpoint: 'http://127.0.0.1:7009',
        timeoutMs: 5_000,
        maxRetries: 1,
      },
    });
  });

  it.each([
    [
      { functions, ruleModes: { r: 'sometimes' } },
      /ruleModes\['r'\] must be one of dry-run, automatic, approval/,
    ],
    [
      { functions, actionners: { 'kubernetes:label': 'cs-label' } },
      /actionners\['kubernetes:label'\] names 'cs-label', which is not in/,
    ],
    [
      { functions, retention: { hours: 5 } },
      /retention must be at least 6 hours/,
    ],
    [
      { functions: [...functions, functions[0]] },
      /'cs-quarantine-pod' is listed twice/,
    ],
    [{ functions: [{ name: 'no spaces' }] }, /not a Lambda function name/],
    [
      { functions, limits: { maxActionsPerHour: -1 } },
      /limits.maxActionsPerHour must be a whole number/,
    ],
    [
      { functions, lambda: { endpoint: 'ftp://x' } },
      /lambda.endpoint must be an http/,
    ],
  ])('fails start-up on %j', (responders, message) => {
    expect(() => read(responders)).toThrow(message);
  });

  it('keeps actions at least 6 hours: exactly 6 is accepted', () => {
    expect(read({ functions, retention: { hours: 6 } })?.retentionMs).toBe(
      6 * 3_600_000,
    );
  });
});

describe('loadResponderRules', () => {
  const dir = mkdtempSync(join(tmpdir(), 'responder-rules-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const config = (rulesFiles: string[]) => ({
    rulesFiles,
    functions,
    actionners: { 'kubernetes:terminate': 'cs-delete-pod' },
  });

  it('compiles valid rules once', () => {
    const path = file(
      'ok.yaml',
      `- rule: Kill shells\n  match:\n    rules: [Terminal shell in container]\n  actions:\n    - action: Terminate\n      actionner: kubernetes:terminate\n`,
    );
    const matcher = loadResponderRules(config([path]));
    expect(matcher.rules.map(r => r.name)).toEqual(['Kill shells']);
    expect(
      matcher.match({
        rule: 'Terminal shell in container',
        priority: 'Notice',
      })[0].actions[0].functionName,
    ).toBe('cs-delete-pod');
  });

  it('fails on an unmapped actionner, naming the file and line', () => {
    const path = file(
      'unmapped.yaml',
      `- rule: Label\n  actions:\n    - action: Label\n      actionner: kubernetes:label\n`,
    );
    // The file is named relative to the working directory (as configured), so match
    // its name and line rather than the absolute path.
    expect(() => loadResponderRules(config([path]))).toThrow(
      /(^|\n)[^\n]*unmapped\.yaml:3: .*kubernetes:label/,
    );
  });

  it('fails on a function outside the allow-list, naming the rule and file:line', () => {
    const path = file(
      'outside.yaml',
      `- rule: Nuke\n  actions:\n    - action: Nuke it\n      actionner: aws:lambda\n      parameters:\n        aws_lambda_name: cs-nuke\n`,
    );
    expect(() => loadResponderRules(config([path]))).toThrow(
      /outside\.yaml:\d+: rule 'Nuke', action 'Nuke it' invokes 'cs-nuke', which is not in containerSecurity\.responders\.functions/,
    );
  });

  it('fails on a missing file', () => {
    expect(() =>
      loadResponderRules(config([join(dir, 'missing.yaml')])),
    ).toThrow(/rulesFiles: cannot read .*missing\.yaml/);
  });
});
