import { fixture, namespace, pod } from './__testUtils__/world';
import { flow } from './__testUtils__/flows';
import { buildNetpolModel } from './model';

// Expected verdicts derived from https://kubernetes.io/docs/concepts/services-networking/network-policies/
// (sections cited per case) applied to the recipes in shared/fixtures/netpol/k8s.
const K8S =
  'https://kubernetes.io/docs/concepts/services-networking/network-policies/';

describe('Kubernetes NetworkPolicy semantics on the public recipes', () => {
  const base = [
    namespace('default'),
    namespace('other', { purpose: 'production' }),
    namespace('ops', { team: 'operations' }),
    namespace('kube-system'),
    pod(
      'default',
      'web',
      { app: 'web' },
      { ports: [{ name: 'http', containerPort: 80 }] },
    ),
    pod('default', 'client', { app: 'client' }),
    pod('other', 'remote', { app: 'client' }),
    pod('ops', 'monitor', { type: 'monitoring' }),
    pod('ops', 'other-ops', { type: 'batch' }),
    pod('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }),
    pod('default', 'foo', { app: 'foo' }),
  ];

  it(`without any policy every flow is allowed (${K8S}#the-two-sorts-of-pod-isolation: "By default, a pod is non-isolated")`, () => {
    const v = flow(base, 'default/client', 'default/web');
    expect(v.allowed).toBe(true);
    expect(v.egress.decidedBy).toBe('no-policy');
    expect(v.ingress.decidedBy).toBe('no-policy');
    expect(v.ingress.policy).toBeNull();
  });

  it(`01 web-deny-all: a policy selecting web with no ingress rules isolates it (${K8S}#the-two-sorts-of-pod-isolation)`, () => {
    const objects = [
      ...base,
      ...fixture('k8s/01-deny-all-traffic-to-an-application.yaml'),
    ];
    const v = flow(objects, 'default/client', 'default/web');
    expect(v.allowed).toBe(false);
    expect(v.egress.allowed).toBe(true);
    expect(v.ingress).toMatchObject({
      allowed: false,
      policy: null,
      decidedBy: 'tier-default',
      tier: 'default',
    });
    // Pods the policy does not select stay open.
    expect(flow(objects, 'default/web', 'default/client').allowed).toBe(true);
  });

  it(`02 api-allow: only pods app=bookstore in the same namespace reach the API (${K8S}#behavior-of-to-and-from-selectors "podSelector … in the same namespace")`, () => {
    const objects = [
      ...base,
      pod('default', 'api', { app: 'bookstore', role: 'api' }),
      pod('default', 'books-ui', { app: 'bookstore', role: 'ui' }),
      pod('other', 'books-elsewhere', { app: 'bookstore' }),
      ...fixture('k8s/02-limit-traffic-to-an-application.yaml'),
    ];
    const ok = flow(objects, 'default/books-ui', 'default/api');
    expect(ok.allowed).toBe(true);
    expect(ok.ingress.policy?.name).toBe('api-allow');
    expect(ok.ingress.ruleIndex).toBe(0);
    expect(flow(objects, 'default/client', 'default/api').allowed).toBe(false);
    expect(flow(objects, 'other/books-elsewhere', 'default/api').allowed).toBe(
      false,
    );
  });

  it(`02a/08 web-allow-all: an empty rule "{}" allows every source including external addresses (${K8S}#allow-all-ingress-traffic)`, () => {
    for (const file of [
      'k8s/02a-allow-all-traffic-to-an-application.yaml',
      'k8s/08-allow-external-traffic.yaml',
    ]) {
      const objects = [
        ...base,
        ...fixture('k8s/01-deny-all-traffic-to-an-application.yaml'),
        ...fixture(file),
      ];
      // Additive: the allow-all policy wins over the deny-all one that also selects web.
      expect(flow(objects, 'other/remote', 'default/web').allowed).toBe(true);
      const ext = flow(objects, '203.0.113.9', 'default/web');
      expect(ext.allowed).toBe(true);
      expect(ext.egress.decidedBy).toBe('not-applicable');
      expect(ext.ingress.policy?.name).toMatch(/web-allow/);
    }
  });

  it(`03 default-deny-all: podSelector {} isolates every pod of the namespace for ingress only (${K8S}#default-deny-all-ingress-traffic)`, () => {
    const objects = [
      ...base,
      ...fixture(
        'k8s/03-deny-all-non-whitelisted-traffic-in-the-namespace.yaml',
      ),
    ];
    expect(flow(objects, 'default/client', 'default/web').allowed).toBe(false);
    expect(flow(objects, 'other/remote', 'default/foo').allowed).toBe(false);
    // Egress from the namespace is not isolated (policyTypes defaults to Ingress).
    expect(flow(objects, 'default/client', 'other/remote').allowed).toBe(true);
  });

  it(`04 deny-from-other-namespaces: matchLabels null selects all pods; podSelector {} peer means same namespace (${K8S}#behavior-of-to-and-from-selectors)`, () => {
    const objects = [
      ...base,
      ...fixture('k8s/04-deny-traffic-from-other-namespaces.yaml'),
    ];
    expect(flow(objects, 'default/client', 'default/web').allowed).toBe(true);
    expect(flow(objects, 'other/remote', 'default/web').allowed).toBe(false);
    expect(flow(objects, '10.0.0.1', 'default/web').allowed).toBe(false);
  });

  it(`05 namespaceSelector {} admits pods of every namespace, not external addresses (${K8S}#behavior-of-to-and-from-selectors)`, () => {
    const objects = [
      ...base,
      ...fixture('k8s/05-allow-traffic-from-all-namespaces.yaml'),
    ];
    expect(flow(objects, 'other/remote', 'default/web').allowed).toBe(true);
    expect(flow(objects, 'ops/monitor', 'default/web').allowed).toBe(true);
    expect(flow(objects, '203.0.113.9', 'default/web').allowed).toBe(false);
  });

  it(`06 namespaceSelector purpose=production admits that namespace only (${K8S}#behavior-of-to-and-from-selectors)`, () => {
    const objects = [
      ...base,
      ...fixture('k8s/06-allow-traffic-from-a-namespace.yaml'),
    ];
    expect(flow(objects, 'other/remote', 'default/web').allowed).toBe(true);
    expect(flow(objects, 'default/client', 'default/web').allowed).toBe(false);
  });

  it(`07 namespaceSelector and podSelector in ONE peer are ANDed (${K8S}#behavior-of-to-and-from-selectors "namespaceSelector and podSelector")`, () => {
    const objects = [
      ...base,
      ...fixture(
        'k8s/07-allow-traffic-from-some-pods-in-another-namespace.yaml',
      ),
    ];
    expect(flow(objects, 'ops/monitor', 'default/web').allowed).toBe(true);
    expect(flow(objects, 'ops/other-ops', 'default/web').allowed).toBe(false);
    expect(flow(objects, 'default/client', 'default/web').allowed).toBe(false);
  });

  it(`09 ports: port 5000 with no protocol means TCP 5000 only (${K8S}#networkpolicy-resource "protocol … defaults to TCP")`, () => {
    const objects = [
      ...base,
      pod('default', 'apiserver', { app: 'apiserver' }),
      pod('default', 'prom', { role: 'monitoring' }),
      ...fixture('k8s/09-allow-traffic-only-to-a-port.yaml'),
    ];
    expect(
      flow(objects, 'default/prom', 'default/apiserver', 5000).allowed,
    ).toBe(true);
    expect(
      flow(objects, 'default/prom', 'default/apiserver', 5001).allowed,
    ).toBe(false);
    expect(
      flow(objects, 'default/prom', 'default/apiserver', 5000, 'UDP').allowed,
    ).toBe(false);
    expect(
      flow(objects, 'default/client', 'default/apiserver', 5000).allowed,
    ).toBe(false);
  });

  it(`10 several peers in one rule are ORed (${K8S}#networkpolicy-resource "from … each element is combined with OR")`, () => {
    const objects = [
      ...base,
      pod('default', 'db', { app: 'bookstore', role: 'db' }),
      pod('default', 'search', { app: 'bookstore', role: 'search' }),
      pod('default', 'inv', { app: 'inventory', role: 'web' }),
      pod('default', 'inv-db', { app: 'inventory', role: 'db' }),
      ...fixture('k8s/10-allowing-traffic-with-multiple-selectors.yaml'),
    ];
    expect(flow(objects, 'default/search', 'default/db').allowed).toBe(true);
    expect(flow(objects, 'default/inv', 'default/db').allowed).toBe(true);
    expect(flow(objects, 'default/inv-db', 'default/db').allowed).toBe(false);
  });

  it(`11 policyTypes [Egress] with egress [] blocks all egress of foo, ingress untouched (${K8S}#default-deny-all-egress-traffic)`, () => {
    const objects = [
      ...base,
      ...fixture('k8s/11-deny-egress-traffic-from-an-application.yaml'),
    ];
    const v = flow(objects, 'default/foo', 'default/web');
    expect(v.allowed).toBe(false);
    expect(v.egress).toMatchObject({
      allowed: false,
      decidedBy: 'tier-default',
    });
    expect(v.ingress.allowed).toBe(true);
    expect(flow(objects, 'default/web', 'default/foo').allowed).toBe(true);
  });

  it(`11 v2 / 14: only DNS to kube-dns in kube-system on UDP and TCP 53 (${K8S}#behavior-of-to-and-from-selectors; ports with protocol)`, () => {
    for (const file of [
      'k8s/11-deny-egress-traffic-from-an-application-v2.yaml',
      'k8s/14-deny-external-egress-traffic.yaml',
    ]) {
      const objects = [...base, ...fixture(file)];
      expect(
        flow(objects, 'default/foo', 'kube-system/coredns', 53, 'UDP').allowed,
      ).toBe(true);
      expect(
        flow(objects, 'default/foo', 'kube-system/coredns', 53, 'TCP').allowed,
      ).toBe(true);
      expect(
        flow(objects, 'default/foo', 'kube-system/coredns', 80).allowed,
      ).toBe(false);
      expect(flow(objects, 'default/foo', '8.8.8.8', 53, 'UDP').allowed).toBe(
        false,
      );
      expect(
        flow(objects, 'default/foo', 'default/web', 53, 'UDP').allowed,
      ).toBe(false);
    }
  });

  it(`12 default-deny-all-egress isolates every pod's egress in the namespace (${K8S}#default-deny-all-egress-traffic)`, () => {
    const objects = [
      ...base,
      ...fixture(
        'k8s/12-deny-all-non-whitelisted-traffic-from-the-namespace.yaml',
      ),
    ];
    expect(flow(objects, 'default/client', 'other/remote').allowed).toBe(false);
    expect(flow(objects, 'other/remote', 'default/client').allowed).toBe(true);
  });

  it(`policyTypes default: Ingress always, Egress only when egress rules exist (${K8S}#networkpolicy-resource "policyTypes")`, () => {
    const model = buildNetpolModel([
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'both', namespace: 'default' },
        spec: { podSelector: {}, egress: [{ to: [{ podSelector: {} }] }] },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'ingress-only', namespace: 'default' },
        spec: { podSelector: {}, egress: [] },
      },
    ]);
    expect(model.policies.find(p => p.name === 'both')!.types).toEqual([
      'ingress',
      'egress',
    ]);
    expect(model.policies.find(p => p.name === 'ingress-only')!.types).toEqual([
      'ingress',
    ]);
  });

  it(`both directions must allow: egress of the source and ingress of the destination (${K8S}#networkpolicy-resource "both the egress policy on the source pod and the ingress policy on the destination pod need to allow")`, () => {
    const objects = [
      ...base,
      ...fixture(
        'k8s/12-deny-all-non-whitelisted-traffic-from-the-namespace.yaml',
      ),
      ...fixture('k8s/02a-allow-all-traffic-to-an-application.yaml'),
    ];
    const v = flow(objects, 'default/client', 'default/web');
    expect(v.ingress.allowed).toBe(true);
    expect(v.egress.allowed).toBe(false);
    expect(v.allowed).toBe(false);
  });

  it(`named ports resolve against the destination pod's container ports; endPort ranges (${K8S}#targeting-a-range-of-ports)`, () => {
    const objects = [
      ...base,
      pod(
        'default',
        'api',
        { app: 'api' },
        {
          ports: [
            { name: 'grpc', containerPort: 9000 },
            { name: 'dns', containerPort: 53, protocol: 'UDP' },
          ],
        },
      ),
      pod(
        'default',
        'api-alt',
        { app: 'api' },
        { ports: [{ name: 'grpc', containerPort: 9100 }] },
      ),
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'ports', namespace: 'default' },
        spec: {
          podSelector: { matchLabels: { app: 'api' } },
          ingress: [
            {
              ports: [
                { port: 'grpc' },
                { port: 32000, endPort: 32768 },
                { port: 'dns', protocol: 'UDP' },
              ],
            },
          ],
        },
      },
    ];
    expect(flow(objects, 'default/client', 'default/api', 9000).allowed).toBe(
      true,
    );
    expect(flow(objects, 'default/client', 'default/api', 9100).allowed).toBe(
      false,
    );
    expect(
      flow(objects, 'default/client', 'default/api-alt', 9100).allowed,
    ).toBe(true);
    expect(flow(objects, 'default/client', 'default/api', 'grpc').allowed).toBe(
      true,
    );
    expect(flow(objects, 'default/client', 'default/api', 32768).allowed).toBe(
      true,
    );
    expect(flow(objects, 'default/client', 'default/api', 32769).allowed).toBe(
      false,
    );
    expect(
      flow(objects, 'default/client', 'default/api', 53, 'UDP').allowed,
    ).toBe(true);
    expect(
      flow(objects, 'default/client', 'default/api', 53, 'TCP').allowed,
    ).toBe(false);
  });

  it(`ipBlock with except: the except ranges are excluded (${K8S}#networkpolicy-resource "ipBlock … except")`, () => {
    const objects = [
      ...base,
      ...fixture('calico/staged-policy-examples.yaml')
        .filter(o => o.kind === 'StagedKubernetesNetworkPolicy')
        .map(o => ({
          ...o,
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
        })),
      pod('default', 'db', { role: 'db' }),
    ];
    expect(flow(objects, '172.17.0.5', 'default/db', 6379).allowed).toBe(true);
    expect(flow(objects, '172.17.1.5', 'default/db', 6379).allowed).toBe(false);
    expect(flow(objects, '172.18.0.5', 'default/db', 6379).allowed).toBe(false);
    expect(flow(objects, 'default/db', '10.0.0.7', 5978).allowed).toBe(true);
    expect(flow(objects, 'default/db', '10.0.1.7', 5978).allowed).toBe(false);
  });
});
