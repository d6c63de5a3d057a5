import { KubernetesObject } from '../manifests/types';
import { fixture, namespace, pod, serviceAccount } from './__testUtils__/world';
import { flow } from './__testUtils__/flows';
import { buildNetpolModel } from './model';

// Expected verdicts derived from the Calico documentation (sections cited per case),
// applied to the samples in shared/fixtures/netpol/calico and to minimal objects.
const DOCS = 'https://docs.tigera.io/calico/latest';
const NP_REF = `${DOCS}/reference/resources/networkpolicy`;
const GNP_REF = `${DOCS}/reference/resources/globalnetworkpolicy`;
const TIER_REF = `${DOCS}/reference/resources/tier`;

const gnp = (
  name: string,
  spec: Record<string, unknown>,
): KubernetesObject => ({
  apiVersion: 'projectcalico.org/v3',
  kind: 'GlobalNetworkPolicy',
  metadata: { name },
  spec,
});
const np = (
  ns: string,
  name: string,
  spec: Record<string, unknown>,
): KubernetesObject => ({
  apiVersion: 'projectcalico.org/v3',
  kind: 'NetworkPolicy',
  metadata: { name, namespace: ns },
  spec,
});
const tier = (
  name: string,
  order: number | undefined,
  defaultAction?: string,
): KubernetesObject => ({
  apiVersion: 'projectcalico.org/v3',
  kind: 'Tier',
  metadata: { name },
  spec: {
    ...(order !== undefined ? { order } : {}),
    ...(defaultAction ? { defaultAction } : {}),
  },
});

const world = [
  namespace('production', { shape: 'square' }),
  namespace('circles', { shape: 'circle' }),
  namespace('dev', { environment: 'development' }),
  pod(
    'production',
    'red',
    { color: 'red' },
    { ports: [{ name: 'redis', containerPort: 6379 }] },
  ),
  pod('production', 'blue', { color: 'blue' }),
  pod('circles', 'blue-circle', { color: 'blue' }),
  pod('production', 'db', { role: 'database' }),
  pod('production', 'frontend', { role: 'frontend' }),
  pod('dev', 'dev-app', { app: 'x' }),
];
const doc = (file: string, i: number) => fixture(file)[i];

describe('Calico policy semantics', () => {
  it(`NetworkPolicy allow-tcp-6379: selector source in the policy's namespace, TCP 6379 only (${DOCS}/network-policy/get-started/calico-policy/calico-network-policy)`, () => {
    const objects = [
      ...world,
      doc('calico/calico-network-policy-getting-started.yaml', 2),
    ];
    const v = flow(objects, 'production/blue', 'production/red', 6379);
    expect(v.allowed).toBe(true);
    expect(v.ingress.policy?.name).toBe('allow-tcp-6379');
    expect(
      flow(objects, 'production/blue', 'production/red', 6380).ingress,
    ).toMatchObject({
      allowed: false,
      decidedBy: 'tier-default',
      tier: 'default',
    });
    expect(
      flow(objects, 'production/blue', 'production/red', 6379, 'UDP').allowed,
    ).toBe(false);
    // A namespaced policy's rule selector only matches endpoints of its own namespace (NP reference, EntityRule "namespaceSelector").
    expect(
      flow(objects, 'circles/blue-circle', 'production/red', 6379).allowed,
    ).toBe(false);
  });

  it(`source namespaceSelector widens a namespaced policy to the selected namespaces (${DOCS}/network-policy/policy-rules/namespace-policy)`, () => {
    const objects = [...world, doc('calico/namespace-policies.yaml', 1)];
    expect(
      flow(objects, 'circles/blue-circle', 'production/red', 6379).allowed,
    ).toBe(true);
    expect(
      flow(objects, 'production/blue', 'production/red', 6379).allowed,
    ).toBe(false);
  });

  it(`GlobalNetworkPolicy namespaceSelector limits the endpoints it applies to (${GNP_REF} "namespaceSelector")`, () => {
    const objects = [...world, doc('calico/namespace-policies.yaml', 2)];
    expect(flow(objects, 'production/blue', 'dev/dev-app').allowed).toBe(false);
    expect(flow(objects, 'dev/dev-app', 'production/blue').allowed).toBe(false);
    expect(flow(objects, 'production/blue', 'production/red').allowed).toBe(
      true,
    );
  });

  it(`GlobalNetworkPolicy Deny matches sources of every namespace; namespaced NP only its own (${GNP_REF})`, () => {
    const objects = [
      ...world,
      doc('calico/calico-network-policy-getting-started.yaml', 4),
    ];
    const v = flow(objects, 'circles/blue-circle', 'production/red', 6379);
    expect(v.ingress).toMatchObject({
      allowed: false,
      decidedBy: 'rule',
      ruleIndex: 0,
    });
    expect(v.ingress.policy?.name).toBe('deny-blue');
  });

  it(`Log records and continues; the following Deny decides (${NP_REF} "Rule" actions)`, () => {
    const objects = [
      ...world,
      doc('calico/calico-network-policy-getting-started.yaml', 9),
    ];
    const v = flow(objects, 'production/frontend', 'production/db', 5432);
    expect(v.ingress.allowed).toBe(false);
    expect(v.ingress.ruleIndex).toBe(1);
    expect(v.ingress.logged).toEqual([
      { policy: expect.stringContaining('allow-tcp-6379'), ruleIndex: 0 },
    ]);
  });

  it(`nets in an egress rule match addresses in the CIDR (${DOCS}/network-policy/get-started/calico-policy/calico-network-policy "egress … nets")`, () => {
    const objects = [
      ...world,
      doc('calico/calico-network-policy-getting-started.yaml', 6),
    ];
    expect(flow(objects, 'production/red', '1.2.3.4').allowed).toBe(true);
    expect(flow(objects, 'production/red', '1.2.4.4').allowed).toBe(false);
    // types: [Egress] only: ingress untouched.
    expect(flow(objects, 'production/blue', 'production/red').allowed).toBe(
      true,
    );
  });

  it(`types default: Ingress without egress rules; both when both exist; Egress when only egress rules (${NP_REF} "types")`, () => {
    const model = buildNetpolModel([
      np('production', 'a', {
        selector: 'all()',
        ingress: [{ action: 'Allow' }],
      }),
      np('production', 'b', {
        selector: 'all()',
        ingress: [{ action: 'Allow' }],
        egress: [{ action: 'Allow' }],
      }),
      np('production', 'c', {
        selector: 'all()',
        egress: [{ action: 'Allow' }],
      }),
      np('production', 'd', { selector: 'all()' }),
    ]);
    const types = Object.fromEntries(
      model.policies.map(p => [p.name, p.types]),
    );
    expect(types).toEqual({
      a: ['ingress'],
      b: ['ingress', 'egress'],
      c: ['egress'],
      d: ['ingress'],
    });
  });

  it(`default-deny examples: Calico NP selector all() with no rules denies both directions in its namespace (${DOCS}/network-policy/get-started/kubernetes-default-deny)`, () => {
    const objects = [
      namespace('engineering'),
      pod('engineering', 'a', {}),
      pod('engineering', 'b', {}),
      pod('production', 'c', {}),
      doc('calico/default-deny-examples.yaml', 0),
    ];
    const v = flow(objects, 'engineering/a', 'engineering/b');
    expect(v.egress).toMatchObject({
      allowed: false,
      decidedBy: 'tier-default',
    });
    expect(v.ingress).toMatchObject({
      allowed: false,
      decidedBy: 'tier-default',
    });
    expect(flow(objects, 'production/c', 'production/c').allowed).toBe(true);
  });

  it(`deny-app-policy: GNP namespaceSelector "not in {…}" isolates app namespaces but lets DNS out (${DOCS}/network-policy/get-started/kubernetes-default-deny)`, () => {
    const objects = [
      namespace('kube-system'),
      namespace('shop'),
      pod('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }),
      pod('shop', 'web', { app: 'web' }),
      pod('shop', 'api', { app: 'api' }),
      doc('calico/default-deny-examples.yaml', 2),
    ];
    expect(
      flow(objects, 'shop/web', 'kube-system/coredns', 53, 'UDP').allowed,
    ).toBe(true);
    expect(flow(objects, 'shop/web', 'kube-system/coredns', 80).allowed).toBe(
      false,
    );
    expect(flow(objects, 'shop/web', 'shop/api', 8080).allowed).toBe(false);
    // kube-system is outside the selected namespaces: its own egress is not isolated.
    expect(
      flow(objects, 'kube-system/coredns', 'kube-system/coredns', 53, 'UDP')
        .allowed,
    ).toBe(true);
  });

  it(`serviceAccounts.names and serviceAccounts.selector in rules; serviceAccountSelector on the policy (${DOCS}/network-policy/policy-rules/service-accounts)`, () => {
    const base = [
      namespace('prod-engineering'),
      serviceAccount('prod-engineering', 'api-service', {}),
      serviceAccount('prod-engineering', 'web', { app: 'web-frontend' }),
      serviceAccount('prod-engineering', 'intern-sa', { role: 'intern' }),
      pod('prod-engineering', 'db', { app: 'db' }),
      pod('prod-engineering', 'api', {}, { serviceAccount: 'api-service' }),
      pod('prod-engineering', 'web', {}, { serviceAccount: 'web' }),
      pod('prod-engineering', 'intern', {}, { serviceAccount: 'intern-sa' }),
      pod('prod-engineering', 'intern2', {}, { serviceAccount: 'intern-sa' }),
      pod('prod-engineering', 'other', {}),
    ];
    const byName = [...base, doc('calico/service-account-policies.yaml', 0)];
    expect(
      flow(byName, 'prod-engineering/api', 'prod-engineering/db').allowed,
    ).toBe(true);
    expect(
      flow(byName, 'prod-engineering/other', 'prod-engineering/db').allowed,
    ).toBe(false);
    const bySelector = [
      ...base,
      doc('calico/service-account-policies.yaml', 1),
    ];
    expect(
      flow(bySelector, 'prod-engineering/web', 'prod-engineering/db').allowed,
    ).toBe(true);
    expect(
      flow(bySelector, 'prod-engineering/api', 'prod-engineering/db').allowed,
    ).toBe(false);
    const interns = [...base, doc('calico/service-account-policies.yaml', 2)];
    expect(
      flow(interns, 'prod-engineering/intern', 'prod-engineering/intern2')
        .allowed,
    ).toBe(true);
    expect(
      flow(interns, 'prod-engineering/intern', 'prod-engineering/db').allowed,
    ).toBe(false);
    expect(
      flow(interns, 'prod-engineering/other', 'prod-engineering/intern')
        .allowed,
    ).toBe(false);
    // The policy does not select pods of other service accounts.
    expect(
      flow(interns, 'prod-engineering/other', 'prod-engineering/db').allowed,
    ).toBe(true);
  });

  it(`automatic labels: projectcalico.org/name on namespaces, projectcalico.org/namespace on endpoints (${DOCS}/network-policy/get-started/calico-policy/calico-labels)`, () => {
    const base = [
      namespace('foo'),
      namespace('baz'),
      namespace('qux'),
      pod('foo', 'red', { color: 'red' }),
      pod('foo', 'green', { color: 'green' }),
      pod('baz', 'src', {}),
      pod('qux', 'src', {}),
    ];
    for (const i of [0, 1]) {
      const objects = [...base, doc('calico/calico-automatic-labels.yaml', i)];
      expect(flow(objects, 'baz/src', 'foo/red', 8080).allowed).toBe(true);
      expect(flow(objects, 'qux/src', 'foo/red', 8080).allowed).toBe(false);
      expect(flow(objects, 'baz/src', 'foo/red', 8081).allowed).toBe(false);
      expect(flow(objects, 'qux/src', 'foo/green', 8080).allowed).toBe(true);
    }
  });

  it(`tiers: a Deny in an earlier tier wins over an Allow in the default tier (${TIER_REF} "How policy is evaluated")`, () => {
    const objects = [
      ...world,
      tier('security', 100),
      gnp('security.block-blue', {
        tier: 'security',
        order: 1,
        selector: 'color == "red"',
        ingress: [
          { action: 'Deny', source: { selector: 'color == "blue"' } },
          { action: 'Pass' },
        ],
      }),
      np('production', 'allow-all', {
        selector: 'all()',
        ingress: [{ action: 'Allow' }],
      }),
    ];
    const blocked = flow(objects, 'production/blue', 'production/red');
    expect(blocked.ingress).toMatchObject({
      allowed: false,
      tier: 'security',
      ruleIndex: 0,
    });
    const passed = flow(objects, 'production/db', 'production/red');
    expect(passed.ingress).toMatchObject({ allowed: true, tier: 'default' });
    expect(passed.ingress.policy?.name).toBe('allow-all');
  });

  it(`tiers: a tier that selects the endpoint and takes no action drops it; Pass jumps to the next tier (${TIER_REF} "How policy is evaluated")`, () => {
    const objects = [
      ...world,
      tier('security', 100),
      gnp('security.only-blue', {
        tier: 'security',
        selector: 'color == "red"',
        ingress: [{ action: 'Pass', source: { selector: 'color == "blue"' } }],
      }),
    ];
    expect(
      flow(objects, 'production/db', 'production/red').ingress,
    ).toMatchObject({
      allowed: false,
      decidedBy: 'tier-default',
      tier: 'security',
      policy: null,
    });
    // Passed out of the last tier: the Kubernetes profile allows.
    expect(
      flow(objects, 'production/blue', 'production/red').ingress,
    ).toMatchObject({ allowed: true, decidedBy: 'pass-to-profile' });
  });

  it(`tiers: defaultAction Pass lets unmatched traffic through to the next tier (${TIER_REF} "defaultAction"; fixture tiered-policy-examples devops tier)`, () => {
    const objects = [
      ...world,
      pod('production', 'stage-a', { env: 'stage' }),
      pod('production', 'stage-b', { env: 'stage' }),
      ...fixture('calico/tiered-policy-examples.yaml'),
      np('production', 'default-deny', {
        selector: 'all()',
        types: ['Ingress', 'Egress'],
      }),
    ];
    const model = buildNetpolModel(objects);
    expect(model.tiers.get('devops')).toEqual({
      name: 'devops',
      order: 300,
      defaultAction: 'Pass',
    });
    expect(model.ignored.map(i => i.kind)).toContain('ClusterNetworkPolicy');
    // stage → non-stage: devops.stage-env denies egress (rule 0).
    const out = flow(model, 'production/stage-a', 'production/blue');
    expect(out.egress).toMatchObject({
      allowed: false,
      tier: 'devops',
      ruleIndex: 0,
    });
    // stage → stage: devops passes both ways, then the default tier's default-deny drops it.
    const inside = flow(model, 'production/stage-a', 'production/stage-b');
    expect(inside.egress).toMatchObject({
      allowed: false,
      tier: 'default',
      decidedBy: 'tier-default',
    });
  });

  it(`the Tier reference sample: order 100, defaultAction Deny (${TIER_REF} "Sample YAML")`, () => {
    const objects = [
      ...world,
      ...fixture('calico/tier-internal-access.yaml'),
      gnp('internal-access.reds', {
        tier: 'internal-access',
        selector: 'color == "red"',
        ingress: [{ action: 'Allow', source: { selector: 'color == "blue"' } }],
      }),
      np('production', 'allow-all', {
        selector: 'all()',
        ingress: [{ action: 'Allow' }],
      }),
    ];
    const model = buildNetpolModel(objects);
    expect(model.tiers.get('internal-access')).toEqual({
      name: 'internal-access',
      order: 100,
      defaultAction: 'Deny',
    });
    expect(
      flow(model, 'production/blue', 'production/red').ingress,
    ).toMatchObject({ allowed: true, tier: 'internal-access' });
    // The tier selected red and no rule matched: the default tier's allow-all is never reached.
    expect(
      flow(model, 'production/db', 'production/red').ingress,
    ).toMatchObject({
      allowed: false,
      tier: 'internal-access',
      decidedBy: 'tier-default',
    });
    expect(
      flow(model, 'production/db', 'production/blue').ingress,
    ).toMatchObject({ allowed: true, tier: 'default' });
  });

  it(`ordering: tier order, then policy order with nil last, then name (${TIER_REF}; ${NP_REF} "order")`, () => {
    const model = buildNetpolModel([
      tier('b-tier', 200),
      tier('a-tier', 100),
      tier('no-order', undefined),
      gnp('zeta', { order: 5 }),
      gnp('alpha', { order: 5 }),
      gnp('none', {}),
      gnp('first', { order: 1 }),
      gnp('b-tier.x', { tier: 'b-tier', order: 1 }),
      gnp('a-tier.y', { tier: 'a-tier', order: 999 }),
      gnp('no-order.z', { tier: 'no-order', order: 1 }),
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'k', namespace: 'default' },
        spec: { podSelector: {} },
      },
    ]);
    expect(model.policies.map(p => p.name)).toEqual([
      'a-tier.y',
      'b-tier.x',
      'first',
      'alpha',
      'zeta',
      'k',
      'none',
      'no-order.z',
    ]);
  });

  it(`Kubernetes policies sit in the default tier at order 1000: a Calico Deny at order 500 overrides them, at 2000 it does not (${DOCS}/network-policy/policy-tiers/tiered-policy "The default tier")`, () => {
    const allow = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-blue', namespace: 'production' },
      spec: {
        podSelector: { matchLabels: { color: 'red' } },
        ingress: [
          { from: [{ podSelector: { matchLabels: { color: 'blue' } } }] },
        ],
      },
    };
    const deny = (order: number) =>
      np('production', 'deny-blue', {
        order,
        selector: 'color == "red"',
        ingress: [{ action: 'Deny', source: { selector: 'color == "blue"' } }],
      });
    const early = flow(
      [...world, allow, deny(500)],
      'production/blue',
      'production/red',
    );
    expect(early.ingress).toMatchObject({ allowed: false, ruleIndex: 0 });
    expect(early.ingress.policy?.kind).toBe('NetworkPolicy');
    expect(early.ingress.policy?.flavor).toBe('calico');
    const late = flow(
      [...world, allow, deny(2000)],
      'production/blue',
      'production/red',
    );
    expect(late.ingress.allowed).toBe(true);
    expect(late.ingress.policy?.flavor).toBe('kubernetes');
  });

  it(`ports and notPorts: numbers, "from:to" ranges and named ports; protocol and notProtocol (${NP_REF} "Ports", "Rule")`, () => {
    const objects = [
      ...world,
      np('production', 'ports', {
        selector: 'color == "red"',
        ingress: [
          {
            action: 'Deny',
            protocol: 'TCP',
            destination: { ports: ['redis'] },
          },
          {
            action: 'Allow',
            protocol: 'TCP',
            destination: { ports: ['1000:2000'], notPorts: [1500] },
          },
          {
            action: 'Allow',
            notProtocol: 'TCP',
            source: { selector: 'color == "blue"' },
          },
        ],
      }),
    ];
    expect(
      flow(objects, 'production/blue', 'production/red', 6379).ingress,
    ).toMatchObject({ allowed: false, ruleIndex: 0 });
    expect(
      flow(objects, 'production/blue', 'production/red', 1000).ingress,
    ).toMatchObject({ allowed: true, ruleIndex: 1 });
    expect(
      flow(objects, 'production/blue', 'production/red', 2000).allowed,
    ).toBe(true);
    expect(
      flow(objects, 'production/blue', 'production/red', 1500).ingress,
    ).toMatchObject({ allowed: false, decidedBy: 'tier-default' });
    expect(
      flow(objects, 'production/blue', 'production/red', 2001).allowed,
    ).toBe(false);
    expect(
      flow(objects, 'production/blue', 'production/red', 53, 'UDP').ingress,
    ).toMatchObject({ allowed: true, ruleIndex: 2 });
    expect(
      flow(objects, 'production/db', 'production/red', 53, 'UDP').allowed,
    ).toBe(false);
  });

  it(`notNets and nets on pods with known IPs; NetworkSets and GlobalNetworkSets matched by rule selectors (${DOCS}/reference/resources/networkset, ${DOCS}/reference/resources/globalnetworkset)`, () => {
    const objects = [
      ...world,
      pod('production', 'known', { color: 'green' }, { ip: '10.1.2.3' }),
      {
        apiVersion: 'projectcalico.org/v3',
        kind: 'GlobalNetworkSet',
        metadata: { name: 'threats', labels: { feed: 'bad' } },
        spec: { nets: ['198.51.100.0/24'] },
      },
      {
        apiVersion: 'projectcalico.org/v3',
        kind: 'NetworkSet',
        metadata: {
          name: 'partners',
          namespace: 'production',
          labels: { kind: 'partner' },
        },
        spec: { nets: ['192.0.2.0/24'] },
      },
      gnp('block-threats', {
        order: 1,
        selector: 'all()',
        types: ['Egress'],
        egress: [
          { action: 'Deny', destination: { selector: 'feed == "bad"' } },
        ],
      }),
      np('production', 'red-egress', {
        order: 10,
        selector: 'color == "red"',
        types: ['Egress'],
        egress: [
          { action: 'Allow', destination: { selector: 'kind == "partner"' } },
          {
            action: 'Allow',
            destination: { nets: ['10.0.0.0/8'], notNets: ['10.1.0.0/16'] },
          },
          { action: 'Allow', destination: { notNets: ['0.0.0.0/1'] } },
        ],
      }),
    ];
    expect(flow(objects, 'production/red', '192.0.2.10').egress).toMatchObject({
      allowed: true,
      ruleIndex: 0,
    });
    expect(
      flow(objects, 'production/red', '198.51.100.7').egress,
    ).toMatchObject({ allowed: false, ruleIndex: 0 });
    expect(
      flow(objects, 'production/red', '198.51.100.7').egress.policy?.name,
    ).toBe('block-threats');
    expect(flow(objects, 'production/red', '10.2.0.1').egress).toMatchObject({
      allowed: true,
      ruleIndex: 1,
    });
    expect(flow(objects, 'production/red', '10.1.0.1').allowed).toBe(false);
    expect(flow(objects, 'production/red', 'production/known').allowed).toBe(
      false,
    );
    expect(flow(objects, 'production/red', '200.0.0.1').egress).toMatchObject({
      allowed: true,
      ruleIndex: 2,
    });
    // A namespaced policy's selector does not reach a GlobalNetworkSet without namespaceSelector global().
    const scoped = [
      ...world,
      {
        apiVersion: 'projectcalico.org/v3',
        kind: 'GlobalNetworkSet',
        metadata: { name: 'ext', labels: { ext: 'yes' } },
        spec: { nets: ['203.0.113.0/24'] },
      },
      np('production', 'to-ext', {
        selector: 'color == "red"',
        types: ['Egress'],
        egress: [
          { action: 'Allow', destination: { selector: 'ext == "yes"' } },
        ],
      }),
      np('production', 'to-ext-global', {
        selector: 'color == "blue"',
        types: ['Egress'],
        egress: [
          {
            action: 'Allow',
            destination: {
              selector: 'ext == "yes"',
              namespaceSelector: 'global()',
            },
          },
        ],
      }),
    ];
    expect(flow(scoped, 'production/red', '203.0.113.5').allowed).toBe(false);
    expect(flow(scoped, 'production/blue', '203.0.113.5').allowed).toBe(true);
  });

  it(`global() matches only non-namespaced endpoints; all() matches every endpoint (${DOCS}/reference/resources/networkpolicy "Selectors")`, () => {
    const objects = [
      ...world,
      gnp('deny-global', {
        selector: 'global()',
        ingress: [{ action: 'Deny' }],
      }),
    ];
    // No pod is selected by global(): nothing is isolated.
    expect(flow(objects, 'production/blue', 'production/red').allowed).toBe(
      true,
    );
    const all = [
      ...world,
      gnp('deny-all', { selector: 'all()', ingress: [{ action: 'Deny' }] }),
    ];
    expect(
      flow(all, 'production/blue', 'production/red').ingress,
    ).toMatchObject({ allowed: false, decidedBy: 'rule' });
  });

  it(`a namespaced Calico NetworkPolicy applies only to endpoints of its namespace (${NP_REF} "NetworkPolicy is a namespaced resource")`, () => {
    const objects = [
      ...world,
      np('circles', 'deny', {
        selector: 'all()',
        ingress: [{ action: 'Deny' }],
      }),
    ];
    expect(flow(objects, 'production/blue', 'production/red').allowed).toBe(
      true,
    );
    expect(
      flow(objects, 'production/blue', 'circles/blue-circle').allowed,
    ).toBe(false);
  });

  it(`crd.projectcalico.org/v1 objects are read like projectcalico.org/v3 ones (${DOCS}/operations/calicoctl/install "crd.projectcalico.org")`, () => {
    const objects = [
      ...world,
      {
        ...doc('calico/np-allow-tcp-6379-reference.yaml', 0),
        apiVersion: 'crd.projectcalico.org/v1',
      },
      {
        apiVersion: 'crd.projectcalico.org/v1',
        kind: 'Tier',
        metadata: { name: 'internal-access' },
        spec: { order: 100 },
      },
    ];
    const model = buildNetpolModel(objects);
    expect(
      model.policies.map(p => `${p.apiVersion} ${p.flavor} ${p.kind}`),
    ).toEqual(['crd.projectcalico.org/v1 calico NetworkPolicy']);
    expect(model.tiers.get('internal-access')?.order).toBe(100);
    expect(
      flow(model, 'production/frontend', 'production/db', 6379).allowed,
    ).toBe(true);
    expect(flow(model, 'production/blue', 'production/db', 6379).allowed).toBe(
      false,
    );
  });

  it(`GNP reference allow-tcp-6379 and staged policies: staged kinds are recorded, never enforced (${GNP_REF}; ${DOCS}/network-policy/staged-network-policies)`, () => {
    const objects = [
      ...world,
      ...fixture('calico/staged-policy-examples.yaml'),
    ];
    const model = buildNetpolModel(objects);
    expect(model.policies).toHaveLength(0);
    expect(model.stagedPolicies.map(p => p.kind)).toEqual([
      'StagedGlobalNetworkPolicy',
      'StagedNetworkPolicy',
      'StagedKubernetesNetworkPolicy',
    ]);
    expect(flow(model, 'production/blue', 'production/db', 5432).allowed).toBe(
      true,
    );
    const enforced = [
      ...world,
      ...fixture('calico/gnp-allow-tcp-6379-reference.yaml'),
    ];
    expect(
      flow(enforced, 'production/frontend', 'production/db', 6379).allowed,
    ).toBe(true);
    expect(
      flow(enforced, 'production/blue', 'production/db', 6379).allowed,
    ).toBe(false);
    // egress: [{action: Allow}] — the database may open anything.
    expect(flow(enforced, 'production/db', '8.8.8.8', 443).allowed).toBe(true);
  });

  it('the same kind, namespace and name twice: the later object wins, as applying both would', () => {
    const model = buildNetpolModel([
      ...world,
      ...fixture('calico/namespace-policies.yaml').slice(0, 2),
    ]);
    expect(model.policies).toHaveLength(1);
    expect(
      model.policies[0].ingress[0].peers?.[0].namespaceSelector,
    ).toBeDefined();
    expect(model.ignored).toEqual([
      expect.objectContaining({
        name: 'allow-tcp-6379',
        reason: expect.stringContaining('superseded'),
      }),
    ]);
  });
});
