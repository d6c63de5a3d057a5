import { Finding } from '@containersec/plugin-container-security-common';
import { applyPostureRules } from './applyPostureRules';
import { PostureExemption } from './types';

const finding = (overrides: Partial<Finding> = {}): Finding => ({
  checkId: 'privileged-container',
  severity: 'critical',
  resource: { kind: 'Deployment', namespace: 'platform', name: 'gateway' },
  container: 'envoy',
  message: 'container "envoy" runs privileged',
  ...overrides,
});

const exemption = (
  overrides: Partial<PostureExemption> = {},
): PostureExemption => ({
  check: 'privileged-container',
  reason: 'CNI needs it until the eBPF migration',
  owner: 'group:default/platform-team',
  origin: 'config',
  ...overrides,
});

const now = new Date('2026-11-22T12:00:00Z');

describe('applyPostureRules', () => {
  it('disables a check only within the scoped namespaces', () => {
    const rules = [
      {
        check: 'privileged-container',
        enabled: false,
        namespaces: ['platform'],
      },
    ];
    const out = applyPostureRules(
      [
        finding(),
        finding({
          resource: { kind: 'Deployment', namespace: 'payments', name: 'api' },
        }),
      ],
      { rules, exemptions: [], now },
    );
    expect(out.active.map(f => f.resource.namespace)).toEqual(['payments']);
  });

  it('overrides severity for scoped entities, last matching rule winning', () => {
    const rules = [
      { check: 'privileged-container', severity: 'low' as const },
      {
        check: 'privileged-container',
        severity: 'medium' as const,
        entities: ['component:default/gateway'],
      },
    ];
    const out = applyPostureRules(
      [finding(), finding({ container: 'other' })],
      {
        rules,
        exemptions: [],
        now,
        entityRefsOf: f =>
          f.container === 'envoy' ? ['component:default/gateway'] : [],
      },
    );
    expect(out.active.map(f => [f.container, f.severity])).toEqual([
      ['envoy', 'medium'],
      ['other', 'low'],
    ]);
  });

  it('exempts down to a single container', () => {
    const out = applyPostureRules(
      [finding(), finding({ container: 'istio-proxy' })],
      {
        rules: [],
        exemptions: [exemption({ name: 'gateway', container: 'istio-proxy' })],
        now,
      },
    );
    expect(out.active.map(f => f.container)).toEqual(['envoy']);
    expect(out.exempted.map(e => e.finding.container)).toEqual(['istio-proxy']);
  });

  it('keeps applying an exemption through its expiry day, and stops the day after', () => {
    const lastDay = exemption({ expires: '2026-11-22' });
    expect(
      applyPostureRules([finding()], { rules: [], exemptions: [lastDay], now })
        .exempted,
    ).toHaveLength(1);

    const expired = exemption({ expires: '2026-11-21' });
    const out = applyPostureRules([finding()], {
      rules: [],
      exemptions: [expired],
      now,
    });
    expect(out.active).toHaveLength(1);
    expect(out.exempted).toHaveLength(0);
    expect(out.expired).toEqual([{ finding: finding(), exemption: expired }]);
  });

  it('does not exempt other checks, kinds or names', () => {
    const out = applyPostureRules([finding()], {
      rules: [],
      exemptions: [
        exemption({ check: 'host-network' }),
        exemption({ kind: 'DaemonSet' }),
        exemption({ name: 'other' }),
        exemption({ namespace: 'payments' }),
      ],
      now,
    });
    expect(out.active).toHaveLength(1);
  });
});
