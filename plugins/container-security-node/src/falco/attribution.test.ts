import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import {
  AlertAttributor,
  AttributionEntity,
  AttributionWorkload,
} from './attribution';
import { falcoKubernetesFields } from './kubernetesFields';
import { podBelongsToWorkload } from './podOwnership';

const FIXTURES = path.resolve(
  __dirname,
  '../../../../../shared/fixtures/falco/events.jsonl',
);

function readFixtureEvents(): Array<{
  rule: string;
  output_fields?: Record<string, unknown>;
}> {
  return fs
    .readFileSync(FIXTURES, 'utf8')
    .split('\n')
    .filter(line => line.trim())
    .map(line => JSON.parse(line));
}

function workload(
  kind: string,
  name: string,
  namespace: string,
  extra: Partial<AttributionWorkload> = {},
): AttributionWorkload {
  return {
    cluster: 'demo-eks',
    namespace,
    kind,
    name,
    labels: { 'backstage.io/kubernetes-id': name },
    containers: [{ name }],
    ...extra,
  };
}

function entity(name: string, namespace?: string): AttributionEntity {
  return {
    entityRef: `component:default/${name}`,
    selector: {
      requirements: [
        { key: 'backstage.io/kubernetes-id', operator: 'In', values: [name] },
      ],
      namespace,
    },
  };
}

describe('podBelongsToWorkload', () => {
  it.each([
    ['alpine-deployment-77789455d6-m7flp', 'Deployment', 'alpine-deployment'],
    ['falco-pod-delete-7dc9f5fbb8-gbfk7', 'Deployment', 'falco-pod-delete'],
    [
      'poolmgr-go-default-516098-5bdbf8c8f5-g8gvc',
      'Deployment',
      'poolmgr-go-default-516098',
    ],
    ['postgres-0', 'StatefulSet', 'postgres'],
    ['postgres-12', 'StatefulSet', 'postgres'],
    ['log-router-x7k2p', 'DaemonSet', 'log-router'],
    ['cart-service-6d8f9c7b5-x7k2p', 'ReplicaSet', 'cart-service-6d8f9c7b5'],
    ['migrate-h2kxz', 'Job', 'migrate'],
    ['migrate-3-h2kxz', 'Job', 'migrate'],
    ['nightly-backup-29388720-h2kxz', 'CronJob', 'nightly-backup'],
    ['kubecon', 'Pod', 'kubecon'],
  ])('%s belongs to %s %s', (pod, kind, name) => {
    expect(podBelongsToWorkload(pod, { kind, name })).toBe(true);
  });

  it.each([
    // A longer sibling name is not a generated suffix (vowels never appear in one).
    ['cart-service-canary-6d8f9c7b5-x7k2p', 'Deployment', 'cart-service'],
    ['cart-service-6d8f9c7b5', 'Deployment', 'cart-service'],
    ['postgres-replica-0', 'StatefulSet', 'postgres'],
    ['log-router-abcde', 'DaemonSet', 'log-router'],
    ['kubecon-2', 'Pod', 'kubecon'],
    ['cart-service-6d8f9c7b5-x7k2p', 'Service', 'cart-service'],
  ])('%s does not belong to %s %s', (pod, kind, name) => {
    expect(podBelongsToWorkload(pod, { kind, name })).toBe(false);
  });

  it('recognises every pod name a Deployment can generate', () => {
    const safe = fc.constantFrom(...'bcdfghjklmnpqrstvwxz2456789'.split(''));
    const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/);
    let checked = 0;
    fc.assert(
      fc.property(
        name,
        fc.array(safe, { minLength: 1, maxLength: 10 }),
        fc.array(safe, { minLength: 5, maxLength: 5 }),
        (n, hash, suffix) => {
          checked++;
          return podBelongsToWorkload(
            `${n}-${hash.join('')}-${suffix.join('')}`,
            { kind: 'Deployment', name: n },
          );
        },
      ),
    );
    expect(checked).toBeGreaterThan(0);
  });
});

describe('falcoKubernetesFields', () => {
  it('reads the coordinates and treats <NA> and null as missing', () => {
    expect(
      falcoKubernetesFields(
        {
          'k8s.ns.name': 'storefront',
          'k8s.pod.name': '<NA>',
          'container.name': null,
        },
        'demo-eks',
      ),
    ).toEqual({
      cluster: 'demo-eks',
      namespace: 'storefront',
      pod: undefined,
      container: undefined,
      podLabels: undefined,
    });
  });

  it.each([
    ['(app:web, tier:front)', { app: 'web', tier: 'front' }],
    [['app:web', 'tier=front'], { app: 'web', tier: 'front' }],
    [{ app: 'web' }, { app: 'web' }],
  ])('parses pod labels rendered as %j', (labels, expected) => {
    expect(
      falcoKubernetesFields({ 'k8s.pod.labels': labels }).podLabels,
    ).toEqual(expected);
  });

  it('collects single-label fields', () => {
    expect(
      falcoKubernetesFields({
        'k8s.pod.label[app.kubernetes.io/name]': 'catalog-search',
        'k8s.pod.label.team': 'web',
      }).podLabels,
    ).toEqual({ 'app.kubernetes.io/name': 'catalog-search', team: 'web' });
  });
});

describe('AlertAttributor', () => {
  const workloads = [
    workload('Deployment', 'cart-service', 'storefront'),
    workload('Deployment', 'cart', 'storefront', {
      labels: { 'backstage.io/kubernetes-id': 'cart-legacy' },
    }),
    workload('StatefulSet', 'postgres', 'storefront', { labels: {} }),
    workload('Deployment', 'alpine-deployment', 'default'),
    workload('Deployment', 'falco-pod-delete', 'openfaas-fn'),
    workload('Pod', 'hellofalco', 'default'),
    workload('Deployment', 'payments-api', 'payments', { cluster: 'prod-eu' }),
    workload('Deployment', 'payments-api', 'payments', {
      cluster: 'prod-us',
      labels: { 'backstage.io/kubernetes-id': 'payments-api-us' },
    }),
  ];
  const attributor = new AlertAttributor(workloads, [
    entity('cart-service', 'storefront'),
    entity('cart-legacy'),
    entity('alpine-deployment'),
    entity('falco-pod-delete'),
    entity('hellofalco'),
    entity('payments-api'),
    entity('payments-api-us'),
    entity('catalog-search'),
  ]);

  it('attributes the public sample events that name a known pod', () => {
    const results = readFixtureEvents().map(e => ({
      rule: e.rule,
      ...attributor.attribute(falcoKubernetesFields(e.output_fields)),
    }));
    const attributed = results.filter(r => r.entityRef);
    expect(attributed.map(r => r.entityRef).sort()).toEqual([
      'component:default/alpine-deployment',
      'component:default/falco-pod-delete',
      'component:default/hellofalco',
      'component:default/hellofalco',
      'component:default/hellofalco',
      'component:default/hellofalco',
    ]);
    // Audit-log events and events without a namespace stay unattributed.
    expect(results).toHaveLength(24);
    expect(results.filter(r => r.method === 'none')).toHaveLength(18);
  });

  it('prefers the workload whose pod name pattern matches, not a shorter prefix', () => {
    expect(
      attributor.attribute({
        namespace: 'storefront',
        pod: 'cart-service-6d8f9c7b5-x7k2p',
      }),
    ).toEqual({
      entityRef: 'component:default/cart-service',
      workload: {
        cluster: 'demo-eks',
        namespace: 'storefront',
        kind: 'Deployment',
        name: 'cart-service',
      },
      method: 'workload',
    });
    expect(
      attributor.attribute({ namespace: 'storefront', pod: 'cart-6d8f9-x7k2p' })
        .entityRef,
    ).toBe('component:default/cart-legacy');
  });

  it('requires the same namespace and, when known, the same cluster', () => {
    expect(
      attributor.attribute({
        namespace: 'payments',
        pod: 'cart-service-6d8f9c7b5-x7k2p',
      }).method,
    ).toBe('none');
    expect(
      attributor.attribute({
        cluster: 'prod-us',
        namespace: 'payments',
        pod: 'payments-api-6d8f9c7b5-x7k2p',
      }).entityRef,
    ).toBe('component:default/payments-api-us');
    expect(
      attributor.attribute({
        cluster: 'prod-eu',
        namespace: 'payments',
        pod: 'payments-api-6d8f9c7b5-x7k2p',
      }).entityRef,
    ).toBe('component:default/payments-api');
    expect(
      attributor.attribute({
        cluster: 'staging',
        namespace: 'payments',
        pod: 'payments-api-6d8f9c7b5-x7k2p',
      }).method,
    ).toBe('none');
  });

  it('respects the namespace an entity restricts itself to', () => {
    const restricted = new AlertAttributor(
      [workload('Deployment', 'cart-service', 'staging')],
      [entity('cart-service', 'storefront')],
    );
    expect(
      restricted.attribute({
        namespace: 'staging',
        pod: 'cart-service-6d8f9c7b5-x7k2p',
      }),
    ).toEqual({
      workload: {
        cluster: 'demo-eks',
        namespace: 'staging',
        kind: 'Deployment',
        name: 'cart-service',
      },
      method: 'none',
    });
  });

  it('falls back to the pod labels when no known workload owns the pod', () => {
    expect(
      attributor.attribute({
        namespace: 'storefront',
        pod: 'catalog-search-7f9c6-x7k2p',
        podLabels: { 'backstage.io/kubernetes-id': 'catalog-search' },
      }),
    ).toEqual({
      entityRef: 'component:default/catalog-search',
      method: 'pod-labels',
    });
  });

  it('keeps the workload but no entity when nothing selects it', () => {
    const result = attributor.attribute({
      namespace: 'storefront',
      pod: 'postgres-0',
    });
    expect(result.entityRef).toBeUndefined();
    expect(result.workload?.name).toBe('postgres');
  });

  it('uses the container name to choose between owners', () => {
    const sidecar = new AlertAttributor(
      [
        workload('DaemonSet', 'agent', 'ops', {
          containers: [{ name: 'agent' }],
        }),
        workload('ReplicaSet', 'agent', 'ops', {
          containers: [{ name: 'collector' }],
          labels: { 'backstage.io/kubernetes-id': 'collector' },
        }),
      ],
      [entity('agent'), entity('collector')],
    );
    expect(
      sidecar.attribute({
        namespace: 'ops',
        pod: 'agent-x7k2p',
        container: 'collector',
      }).entityRef,
    ).toBe('component:default/collector');
    expect(
      sidecar.attribute({
        namespace: 'ops',
        pod: 'agent-x7k2p',
        container: 'agent',
      }).entityRef,
    ).toBe('component:default/agent');
  });
});
