import { buildNetpolModel } from './model';
import { computeNetpolWhatIf } from './whatIf';
import { shop } from './__testUtils__/shop';
import { fixture } from './__testUtils__/world';
import { NetpolObjectError } from './types';

// What-if previews follow Calico's staged policies
// (https://docs.tigera.io/calico/latest/network-policy/staged-network-policies):
// a staged policy stands for the policy it would create, update or (stagedAction Delete) remove.
describe('computeNetpolWhatIf', () => {
  const model = buildNetpolModel(shop());
  const api = ['shop/Deployment/api'];

  it('a stricter replacement of an existing policy removes peers and nothing is applied', () => {
    const stricter = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'api-ingress', namespace: 'shop' },
      spec: {
        podSelector: { matchLabels: { app: 'api' } },
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { app: 'web' } } }],
            ports: [{ port: 'http' }],
          },
        ],
      },
    };
    const w = computeNetpolWhatIf(model, [stricter], api);
    expect(w.replaces).toEqual([
      'networking.k8s.io/v1/NetworkPolicy/shop/api-ingress',
    ]);
    expect(w.selectsService).toBe(true);
    expect(w.reachableFrom.added).toEqual([]);
    expect(w.reachableFrom.removed.map(p => p.key).sort()).toEqual([
      'cidr:10.0.0.0/8',
      'namespace:ops',
      'workload:ops/Deployment/prom',
    ]);
    // The model itself is unchanged.
    expect(
      model.policies.find(p => p.name === 'api-ingress')!.ingress,
    ).toHaveLength(2);
  });

  it('a staged Calico deny with stagedAction Set, and stagedAction Delete of an existing policy', () => {
    const staged = {
      apiVersion: 'projectcalico.org/v3',
      kind: 'StagedNetworkPolicy',
      metadata: { name: 'no-ops', namespace: 'shop' },
      spec: {
        order: 1,
        selector: 'app == "api"',
        ingress: [
          { action: 'Deny', source: { namespaceSelector: 'team == "ops"' } },
        ],
      },
    };
    const w = computeNetpolWhatIf(model, [staged], api);
    expect(w.replaces).toEqual([]);
    expect(w.reachableFrom.removed.map(p => p.key).sort()).toEqual([
      'namespace:ops',
      'workload:ops/Deployment/prom',
    ]);
    expect(w.policies[0].kind).toBe('StagedNetworkPolicy');

    const remove = {
      apiVersion: 'projectcalico.org/v3',
      kind: 'StagedKubernetesNetworkPolicy',
      metadata: { name: 'api-egress', namespace: 'shop' },
      spec: { stagedAction: 'Delete' },
    };
    const d = computeNetpolWhatIf(model, [remove], api);
    expect(d.replaces).toEqual([
      'networking.k8s.io/v1/NetworkPolicy/shop/api-egress',
    ]);
    expect(d.after.isolation.egress.isolated).toBe(false);
    expect(d.findings.added.map(f => f.id)).toEqual(['not-isolated']);
    expect(d.findings.removed.map(f => f.id)).toEqual(['egress-anywhere']);
    expect(
      d.reachableTo.changed.find(p => p.key === 'workload:shop/Deployment/db'),
    ).toMatchObject({
      ports: [{ protocol: 'ANY' }],
      previousPorts: [
        { protocol: 'TCP', port: 443 },
        { protocol: 'TCP', port: 5432 },
      ],
    });
  });

  it('a policy for other pods changes nothing; malformed pasted policies throw with the field', () => {
    const [other] = fixture('k8s/01-deny-all-traffic-to-an-application.yaml');
    const w = computeNetpolWhatIf(model, [other], api);
    expect(w.selectsService).toBe(false);
    expect(w.reachableFrom).toEqual({ added: [], removed: [], changed: [] });
    expect(() =>
      computeNetpolWhatIf(
        model,
        [
          {
            apiVersion: 'projectcalico.org/v3',
            kind: 'GlobalNetworkPolicy',
            metadata: { name: 'x' },
            spec: { selector: '&&' },
          },
        ],
        api,
      ),
    ).toThrow(NetpolObjectError);
  });
});
