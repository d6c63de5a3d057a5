import { buildNetpolModel } from './model';
import { computeNetpolExposure } from './exposure';
import { deployment, shop } from './__testUtils__/shop';
import { namespace } from './__testUtils__/world';

const K8S =
  'https://kubernetes.io/docs/concepts/services-networking/network-policies/';

describe('computeNetpolExposure', () => {
  const model = buildNetpolModel(shop());
  const exposure = computeNetpolExposure(model, ['shop/Deployment/api']);
  const from = Object.fromEntries(exposure.reachableFrom.map(p => [p.key, p]));
  const to = Object.fromEntries(exposure.reachableTo.map(p => [p.key, p]));

  it('lists the policies selecting the service and its isolation per direction', () => {
    expect(exposure.policies.map(p => p.name)).toEqual([
      'lab-block',
      'api-egress',
      'api-ingress',
    ]);
    expect(exposure.isolation.ingress.isolated).toBe(true);
    expect(
      exposure.isolation.ingress.policies.map(id => id.split('/').pop()),
    ).toEqual(['lab-block', 'api-ingress']);
    expect(exposure.isolation.egress.isolated).toBe(true);
    expect(
      exposure.isolation.egress.policies.map(id => id.split('/').pop()),
    ).toEqual(['api-egress']);
  });

  it(`who can reach me: workloads, namespaces and CIDRs with ports resolved from named ports (${K8S}#behavior-of-to-and-from-selectors)`, () => {
    expect(Object.keys(from).sort()).toEqual([
      'cidr:10.0.0.0/8',
      'namespace:ops',
      'workload:ops/Deployment/prom',
      'workload:shop/Deployment/web',
    ]);
    expect(from['workload:shop/Deployment/web']).toMatchObject({
      type: 'workload',
      namespace: 'shop',
      workloadKind: 'Deployment',
      name: 'web',
      ports: [{ protocol: 'TCP', port: 8080 }],
    });
    expect(from['workload:shop/Deployment/web'].policies).toEqual([
      'networking.k8s.io/v1/NetworkPolicy/shop/api-ingress',
    ]);
    expect(from['namespace:ops'].ports).toEqual([
      { protocol: 'TCP', port: 8080 },
    ]);
    expect(from['cidr:10.0.0.0/8']).toMatchObject({
      type: 'cidr',
      cidr: '10.0.0.0/8',
      ports: [{ protocol: 'TCP', port: 443 }],
    });
  });

  it('whom can I reach: db on 5432 and any address on 443 — pods too, as 0.0.0.0/0 holds every pod IP', () => {
    expect(Object.keys(to).sort()).toEqual([
      'anywhere',
      'namespace:ops',
      'namespace:other',
      'namespace:shop',
      'workload:ops/Deployment/prom',
      'workload:other/Deployment/stranger',
      'workload:shop/Deployment/db',
      'workload:shop/Deployment/web',
    ]);
    expect(to['workload:shop/Deployment/web'].ports).toEqual([
      { protocol: 'TCP', port: 443 },
    ]);
    expect(to['workload:shop/Deployment/db'].ports).toEqual([
      { protocol: 'TCP', port: 443 },
      { protocol: 'TCP', port: 5432 },
    ]);
    expect(to.anywhere.ports).toEqual([{ protocol: 'TCP', port: 443 }]);
  });

  it('finds egress to 0.0.0.0/0, policies that select nothing and rules shadowed by an earlier Deny', () => {
    const ids = exposure.findings.map(f =>
      `${f.id} ${f.policy?.split('/').pop() ?? ''} ${f.direction ?? ''} ${
        f.rule ?? ''
      }`.trim(),
    );
    expect(ids.sort()).toEqual([
      'egress-anywhere api-egress egress 1',
      'selects-nothing ghost',
      'shadowed-rule lab-block ingress 1',
    ]);
  });

  it('reports not-isolated directions and allow-all rules', () => {
    const open = buildNetpolModel([
      namespace('shop'),
      deployment('shop', 'api', { app: 'api' }),
      deployment('shop', 'web', { app: 'web' }),
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'allow-all', namespace: 'shop' },
        spec: { podSelector: { matchLabels: { app: 'api' } }, ingress: [{}] },
      },
    ]);
    const e = computeNetpolExposure(open, ['shop/Deployment/api']);
    expect(e.findings.map(f => `${f.id} ${f.direction}`).sort()).toEqual([
      'allow-all ingress',
      'not-isolated egress',
    ]);
    expect(e.reachableFrom.find(p => p.key === 'anywhere')?.ports).toEqual([
      { protocol: 'ANY' },
    ]);
    expect(
      e.reachableTo.find(p => p.key === 'workload:shop/Deployment/web')?.ports,
    ).toEqual([{ protocol: 'ANY' }]);
    expect(e.isolation.egress).toEqual({ isolated: false, policies: [] });
  });

  it('merges port ranges and whole protocols', () => {
    const ranged = buildNetpolModel([
      namespace('shop'),
      deployment('shop', 'api', { app: 'api' }),
      deployment('shop', 'web', { app: 'web' }),
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'ranges', namespace: 'shop' },
        spec: {
          podSelector: { matchLabels: { app: 'api' } },
          ingress: [
            {
              from: [{ podSelector: {} }],
              ports: [
                { port: 1000, endPort: 2000 },
                { port: 2001 },
                { protocol: 'UDP' },
              ],
            },
          ],
        },
      },
    ]);
    const e = computeNetpolExposure(ranged, ['shop/Deployment/api']);
    expect(
      e.reachableFrom.find(p => p.key === 'workload:shop/Deployment/web')
        ?.ports,
    ).toEqual([
      { protocol: 'TCP', port: 1000, endPort: 2001 },
      { protocol: 'UDP' },
    ]);
  });
});
