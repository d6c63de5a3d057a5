import { ConfigReader } from '@backstage/config';
import { readPostureRules } from './readPostureRules';

describe('readPostureRules', () => {
  it('reads rules, exemptions, custom checks and the registry allow-list', () => {
    const rules = readPostureRules(
      new ConfigReader({
        containerSecurity: {
          posture: {
            allowedRegistries: ['123456789012.dkr.ecr.eu-west-1.amazonaws.com'],
            rules: [
              {
                check: 'cpu-limits-missing',
                enabled: false,
                namespaces: ['batch'],
              },
            ],
            exemptions: [
              {
                check: 'run-as-root',
                name: 'checkout-web',
                reason: 'r',
                owner: 'group:default/x',
                expires: '2027-01-31',
              },
            ],
            customChecks: [
              {
                id: 'team-label',
                title: 'Team label',
                severity: 'low',
                kinds: ['Deployment'],
                expression: 'true',
              },
            ],
          },
        },
      }),
    );
    expect(rules.allowedRegistries).toEqual([
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
    ]);
    expect(rules.rules).toEqual([
      {
        check: 'cpu-limits-missing',
        enabled: false,
        namespaces: ['batch'],
        severity: undefined,
        entities: undefined,
      },
    ]);
    expect(rules.exemptions[0]).toMatchObject({
      check: 'run-as-root',
      origin: 'config',
      expires: '2027-01-31',
    });
    expect(rules.customChecks[0]).toMatchObject({
      id: 'team-label',
      severity: 'low',
    });
  });

  it('reads podSecurityVersion and rejects a value PSA would not accept', () => {
    const read = (podSecurityVersion: string) =>
      readPostureRules(
        new ConfigReader({
          containerSecurity: { posture: { podSecurityVersion } },
        }),
      );
    expect(read('v1.33').podSecurityVersion).toBe('v1.33');
    expect(read('latest').podSecurityVersion).toBe('latest');
    expect(() => read('1.33')).toThrow(/podSecurityVersion "1\.33"/);
  });

  it('answers empty rules without configuration', () => {
    expect(readPostureRules(undefined)).toEqual({
      rules: [],
      exemptions: [],
      customChecks: [],
      allowedRegistries: [],
    });
  });

  it('names the key of a malformed value', () => {
    const bad = (posture: object) => () =>
      readPostureRules(new ConfigReader({ containerSecurity: { posture } }));
    expect(bad({ rules: [{ check: 'x', severity: 'urgent' }] })).toThrow(
      /Invalid severity "urgent".*critical, high, medium, low, info/,
    );
    expect(
      bad({
        exemptions: [
          { check: 'x', reason: 'r', owner: 'o', expires: '31/01/2027' },
        ],
      }),
    ).toThrow(/expected YYYY-MM-DD/);
    expect(bad({ exemptions: [{ check: 'x', owner: 'o' }] })).toThrow(/reason/);
  });
});
