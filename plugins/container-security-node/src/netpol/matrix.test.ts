import fc from 'fast-check';
import { KubernetesObject } from '../manifests/types';
import { buildNetpolModel } from './model';
import { evaluateNetpolFlow } from './evaluate';
import { computeNetpolReachabilityMatrix } from './matrix';
import { computeNetpolExposure } from './exposure';
import { NetpolPortRange } from './types';
import { namespace, pod } from './__testUtils__/world';

// The matrix evaluates classes with bitsets; the single-flow evaluator walks the rules
// one by one. On random clusters and policies they must agree on every pair.
const NAMESPACES = ['a', 'b', 'c'];
const APPS = ['web', 'api', 'db'];
const PORTS = [80, 443, 8080, 'http'] as const;

const label = fc.constantFrom(...APPS);
const ns = fc.constantFrom(...NAMESPACES);
const k8sPort = fc.oneof(
  fc.record({ port: fc.constantFrom(80, 443, 8080) }),
  fc.record({ port: fc.constant('http') }),
  fc.record({ port: fc.constant(80), endPort: fc.constant(500) }),
  fc.record({ port: fc.constant(80), protocol: fc.constant('UDP') }),
);
const k8sPeer = fc.oneof(
  label.map(app => ({ podSelector: { matchLabels: { app } } })),
  fc.constant({ namespaceSelector: {} }),
  ns.map(n => ({
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': n } },
  })),
  fc.constant({ podSelector: {} }),
);
const k8sRule = (direction: 'from' | 'to') =>
  fc.record(
    {
      [direction]: fc.array(k8sPeer, { maxLength: 2 }),
      ports: fc.array(k8sPort, { maxLength: 2 }),
    },
    { requiredKeys: [] },
  );
const k8sPolicy = (i: number) =>
  fc
    .record({
      ns,
      app: fc.option(label),
      ingress: fc.option(fc.array(k8sRule('from'), { maxLength: 2 })),
      egress: fc.option(fc.array(k8sRule('to'), { maxLength: 2 })),
      types: fc.option(fc.subarray(['Ingress', 'Egress'], { minLength: 1 })),
    })
    .map(
      (p): KubernetesObject => ({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: `k${i}`, namespace: p.ns },
        spec: {
          podSelector: p.app ? { matchLabels: { app: p.app } } : {},
          ...(p.ingress ? { ingress: p.ingress } : {}),
          ...(p.egress ? { egress: p.egress } : {}),
          ...(p.types ? { policyTypes: p.types } : {}),
        },
      }),
    );
const calicoEntity = fc.record(
  {
    selector: label.map(app => `app == "${app}"`),
    namespaceSelector: fc.constantFrom(
      'all()',
      'projectcalico.org/name == "a"',
      'projectcalico.org/name != "b"',
    ),
    ports: fc.array(fc.constantFrom(80, '400:9000', 'http', 443), {
      minLength: 1,
      maxLength: 2,
    }),
    notPorts: fc.array(fc.constantFrom(8080, 'http'), {
      minLength: 1,
      maxLength: 1,
    }),
  },
  { requiredKeys: [] },
);
const calicoRule = fc
  .record({
    action: fc.constantFrom('Allow', 'Deny', 'Pass', 'Log'),
    protocol: fc.option(fc.constantFrom('TCP', 'UDP')),
    entity: calicoEntity,
  })
  .map(r => ({
    action: r.action,
    ...(r.protocol || r.entity.ports || r.entity.notPorts
      ? { protocol: r.protocol ?? 'TCP' }
      : {}),
    entity: r.entity,
  }));
const calicoPolicy = (i: number) =>
  fc
    .record({
      global: fc.boolean(),
      ns,
      tier: fc.constantFrom(undefined, 'security', 'platform'),
      order: fc.option(fc.integer({ min: 0, max: 2000 })),
      selector: fc.constantFrom(
        'all()',
        'app == "web"',
        'app != "db"',
        'has(app)',
      ),
      ingress: fc.array(calicoRule, { maxLength: 3 }),
      egress: fc.array(calicoRule, { maxLength: 3 }),
    })
    .map(
      (p): KubernetesObject => ({
        apiVersion: 'projectcalico.org/v3',
        kind: p.global ? 'GlobalNetworkPolicy' : 'NetworkPolicy',
        metadata: {
          name: `${p.tier ?? 'default'}.c${i}`,
          ...(p.global ? {} : { namespace: p.ns }),
        },
        spec: {
          ...(p.tier ? { tier: p.tier } : {}),
          ...(p.order !== null ? { order: p.order } : {}),
          selector: p.selector,
          ingress: p.ingress.map(r => ({
            action: r.action,
            ...(r.protocol ? { protocol: r.protocol } : {}),
            source:
              r.entity.selector || r.entity.namespaceSelector
                ? {
                    selector: r.entity.selector,
                    namespaceSelector: r.entity.namespaceSelector,
                  }
                : undefined,
            destination: { ports: r.entity.ports, notPorts: r.entity.notPorts },
          })),
          egress: p.egress.map(r => ({
            action: r.action,
            ...(r.protocol ? { protocol: r.protocol } : {}),
            destination: {
              selector: r.entity.selector,
              namespaceSelector: r.entity.namespaceSelector,
              ports: r.entity.ports,
              notPorts: r.entity.notPorts,
            },
          })),
        },
      }),
    );

const cluster = fc
  .record({
    pods: fc.array(
      fc.record({
        ns,
        app: fc.option(label),
        http: fc.constantFrom(8080, 80, 9999),
      }),
      { minLength: 1, maxLength: 8 },
    ),
    k8s: fc.integer({ min: 0, max: 3 }),
    calico: fc.integer({ min: 0, max: 4 }),
    passTier: fc.boolean(),
  })
  .chain(c =>
    fc.tuple(
      fc.constant(c),
      fc.tuple(...Array.from({ length: c.k8s }, (_, i) => k8sPolicy(i))),
      fc.tuple(...Array.from({ length: c.calico }, (_, i) => calicoPolicy(i))),
    ),
  )
  .map(([c, k, cal]) => {
    const objects: KubernetesObject[] = [
      ...NAMESPACES.map(n => namespace(n)),
      {
        apiVersion: 'projectcalico.org/v3',
        kind: 'Tier',
        metadata: { name: 'security' },
        spec: { order: 100 },
      },
      {
        apiVersion: 'projectcalico.org/v3',
        kind: 'Tier',
        metadata: { name: 'platform' },
        spec: { order: 200, ...(c.passTier ? { defaultAction: 'Pass' } : {}) },
      },
      ...c.pods.map((p, i) =>
        pod(p.ns, `p${i}`, p.app ? { app: p.app } : {}, {
          ports: [{ name: 'http', containerPort: p.http }],
        }),
      ),
      ...(k as KubernetesObject[]),
      ...(cal as KubernetesObject[]),
    ];
    return objects;
  });

describe('computeNetpolReachabilityMatrix', () => {
  it('agrees with evaluateNetpolFlow on every pair of random clusters (1,000 runs)', () => {
    fc.assert(
      fc.property(
        cluster,
        fc.constantFrom(...PORTS),
        fc.constantFrom('TCP', 'UDP'),
        (objects, port, protocol) => {
          const model = buildNetpolModel(objects);
          const matrix = computeNetpolReachabilityMatrix(model, {
            port,
            protocol,
          });
          let allowedPairs = 0;
          for (const from of model.endpoints) {
            for (const to of model.endpoints) {
              const expected = evaluateNetpolFlow(model, {
                from: { endpoint: from },
                to: { endpoint: to },
                port,
                protocol,
              }).allowed;
              expect(matrix.allowed(from.index, to.index)).toBe(expected);
              if (expected) allowedPairs++;
            }
          }
          expect(matrix.allowedPairs).toBe(allowedPairs);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('groups endpoints with the same namespace, labels, service account and ports into one class', () => {
    const model = buildNetpolModel([
      pod('a', 'x1', { app: 'web' }),
      pod('a', 'x2', { app: 'web' }),
      pod('b', 'x3', { app: 'web' }),
      pod('a', 'x4', { app: 'web' }, { serviceAccount: 'other' }),
    ]);
    const matrix = computeNetpolReachabilityMatrix(model, { port: 80 });
    expect(matrix.classes.map(c => c.endpoints)).toEqual([[0, 1], [2], [3]]);
    expect(matrix.allowedPairs).toBe(16);
  });
});

function covers(
  ports: NetpolPortRange[],
  port: number,
  protocol: string,
): boolean {
  return ports.some(
    r =>
      r.protocol === 'ANY' ||
      (r.protocol === protocol &&
        (r.port === undefined ||
          (port >= r.port && port <= (r.endPort ?? r.port)))),
  );
}

describe('computeNetpolExposure', () => {
  it('reports exactly the workloads and ports the evaluator allows, both ways (300 random clusters)', () => {
    fc.assert(
      fc.property(cluster, fc.nat(), (objects, pick) => {
        const model = buildNetpolModel(objects);
        const service = model.endpoints[pick % model.endpoints.length];
        const exposure = computeNetpolExposure(model, [service.id]);
        const from = new Map(exposure.reachableFrom.map(p => [p.key, p.ports]));
        const to = new Map(exposure.reachableTo.map(p => [p.key, p.ports]));
        for (const other of model.endpoints) {
          if (other === service) continue;
          for (const port of [80, 443, 500, 501, 8080, 9999]) {
            for (const protocol of ['TCP', 'UDP']) {
              const key = `workload:${other.id}`;
              const inbound = evaluateNetpolFlow(model, {
                from: { endpoint: other },
                to: { endpoint: service },
                port,
                protocol,
              }).allowed;
              expect(covers(from.get(key) ?? [], port, protocol)).toBe(inbound);
              const outbound = evaluateNetpolFlow(model, {
                from: { endpoint: service },
                to: { endpoint: other },
                port,
                protocol,
              }).allowed;
              expect(covers(to.get(key) ?? [], port, protocol)).toBe(outbound);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
