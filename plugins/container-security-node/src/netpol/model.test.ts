import { KubernetesObject } from '../manifests/types';
import { pod } from './__testUtils__/world';
import { buildNetpolModel, normalizeNetpolPolicy } from './model';
import { findNetpolEndpoints } from './endpoints';
import { NetpolObjectError } from './types';

const k8s = (spec: unknown): KubernetesObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'bad', namespace: 'shop' },
  spec,
});
const calico = (spec: unknown, kind = 'NetworkPolicy'): KubernetesObject => ({
  apiVersion: 'projectcalico.org/v3',
  kind,
  metadata: {
    name: 'bad',
    ...(kind === 'NetworkPolicy' ? { namespace: 'shop' } : {}),
  },
  spec,
});

function errorOf(object: KubernetesObject): NetpolObjectError {
  try {
    normalizeNetpolPolicy(object);
  } catch (e) {
    if (e instanceof NetpolObjectError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('normalizeNetpolPolicy errors name the object and the field', () => {
  it.each([
    [
      'spec.ingress[0].ports[0].port',
      k8s({ podSelector: {}, ingress: [{ ports: [{ port: 70000 }] }] }),
    ],
    [
      'spec.ingress[0].ports[0].protocol',
      k8s({
        podSelector: {},
        ingress: [{ ports: [{ port: 80, protocol: 'ICMP' }] }],
      }),
    ],
    [
      'spec.ingress[0].ports[0].endPort',
      k8s({
        podSelector: {},
        ingress: [{ ports: [{ port: 'http', endPort: 90 }] }],
      }),
    ],
    [
      'spec.ingress[0].ports[0].endPort',
      k8s({
        podSelector: {},
        ingress: [{ ports: [{ port: 100, endPort: 90 }] }],
      }),
    ],
    [
      'spec.egress[0].to[0].ipBlock.cidr',
      k8s({
        podSelector: {},
        egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/33' } }] }],
      }),
    ],
    [
      'spec.egress[0].to[0].ipBlock.except[0]',
      k8s({
        podSelector: {},
        egress: [
          { to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['nope'] } }] },
        ],
      }),
    ],
    [
      'spec.ingress[0].from[0]',
      k8s({ podSelector: {}, ingress: [{ from: [{}] }] }),
    ],
    [
      'spec.podSelector.matchExpressions[0].operator',
      k8s({
        podSelector: {
          matchExpressions: [{ key: 'a', operator: 'Near', values: ['x'] }],
        },
      }),
    ],
    [
      'spec.podSelector.matchExpressions[0].values',
      k8s({
        podSelector: {
          matchExpressions: [{ key: 'a', operator: 'In', values: [] }],
        },
      }),
    ],
    [
      'spec.policyTypes[0]',
      k8s({ podSelector: {}, policyTypes: ['Sideways'] }),
    ],
    ['spec.podSelector', k8s({ ingress: [] })],
    ['spec.selector', calico({ selector: 'app == ' })],
    ['spec.ingress[0].action', calico({ ingress: [{ action: 'Accept' }] })],
    [
      'spec.ingress[0].destination.ports[0]',
      calico({
        ingress: [
          {
            action: 'Allow',
            protocol: 'TCP',
            destination: { ports: ['2000:1000'] },
          },
        ],
      }),
    ],
    [
      'spec.egress[0].destination.nets[0]',
      calico({
        egress: [{ action: 'Allow', destination: { nets: ['1.2.3.4/40'] } }],
      }),
    ],
    [
      'spec.egress[0].protocol',
      calico({ egress: [{ action: 'Allow', protocol: 'TCPX' }] }),
    ],
    [
      'spec.ingress[0].source.serviceAccounts.selector',
      calico({
        ingress: [
          {
            action: 'Allow',
            source: { serviceAccounts: { selector: 'role ==' } },
          },
        ],
      }),
    ],
    ['spec.order', calico({ order: 'first' }, 'GlobalNetworkPolicy')],
    [
      'spec.namespaceSelector',
      calico({ namespaceSelector: 'has(' }, 'GlobalNetworkPolicy'),
    ],
  ])('%s', (field, object) => {
    const error = errorOf(object);
    expect(error.field).toBe(field);
    expect(error.objectKind).toBe(object.kind);
    expect(error.objectName).toBe('bad');
    expect(error.message).toContain(field);
    expect(error.message).toContain(
      `${object.kind} ${object.metadata.namespace ? 'shop/' : ''}bad`,
    );
  });

  it('reports the selector position of a Calico selector syntax error', () => {
    expect(errorOf(calico({ selector: 'a == "x" &&' })).problem).toMatch(
      /position \d+/,
    );
  });

  it('returns undefined for kinds that are not policies', () => {
    expect(normalizeNetpolPolicy(pod('a', 'b', {}))).toBeUndefined();
  });
});

describe('buildNetpolModel', () => {
  it('collects errors instead of throwing when not strict', () => {
    const model = buildNetpolModel(
      [
        k8s({ podSelector: {}, ingress: [{ from: [{}] }] }),
        pod('shop', 'a', {}),
      ],
      { strict: false },
    );
    expect(model.errors).toHaveLength(1);
    expect(model.endpoints).toHaveLength(1);
    expect(() => buildNetpolModel([k8s({ podSelector: 3 })])).toThrow(
      NetpolObjectError,
    );
  });

  it('turns workloads into endpoints from their pod templates, with named ports and service account', () => {
    const deployment: KubernetesObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: 'shop', labels: { ignored: 'yes' } },
      spec: {
        template: {
          metadata: { labels: { app: 'api' } },
          spec: {
            serviceAccountName: 'api-sa',
            containers: [
              {
                name: 'c',
                ports: [
                  { name: 'http', containerPort: 8080 },
                  { containerPort: 53, protocol: 'UDP' },
                ],
              },
            ],
          },
        },
      },
    };
    const cron: KubernetesObject = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly', namespace: 'shop' },
      spec: {
        jobTemplate: {
          spec: {
            template: {
              metadata: { labels: { job: 'nightly' } },
              spec: { containers: [] },
            },
          },
        },
      },
    };
    // A pod of the Deployment (through its ReplicaSet) folds into the Deployment.
    const owned = {
      ...pod('shop', 'api-7d9f-abcde', { app: 'api' }),
      metadata: {
        name: 'api-7d9f-abcde',
        namespace: 'shop',
        labels: { app: 'api' },
        ownerReferences: [{ kind: 'ReplicaSet', name: 'api-7d9f' }],
      },
    };
    const model = buildNetpolModel([
      deployment,
      cron,
      owned,
      pod('shop', 'lonely', { a: 'b' }, { ip: '10.0.0.9' }),
    ]);
    expect(model.endpoints.map(e => e.id)).toEqual([
      'shop/Deployment/api',
      'shop/CronJob/nightly',
      'shop/Pod/lonely',
    ]);
    expect(model.endpoints[0]).toMatchObject({
      labels: { app: 'api' },
      serviceAccount: 'api-sa',
      ports: [
        { name: 'http', port: 8080, protocol: 'TCP' },
        { port: 53, protocol: 'UDP' },
      ],
    });
    expect(model.endpoints[1].labels).toEqual({ job: 'nightly' });
    expect(model.endpoints[2]).toMatchObject({
      serviceAccount: 'default',
      ips: ['10.0.0.9'],
    });
    expect(model.namespaces.get('shop')?.labels).toEqual({
      'kubernetes.io/metadata.name': 'shop',
      'projectcalico.org/name': 'shop',
    });
    expect(findNetpolEndpoints(model, 'shop/api').map(e => e.id)).toEqual([
      'shop/Deployment/api',
    ]);
    expect(
      findNetpolEndpoints(model, 'shop/deployment/api').map(e => e.id),
    ).toEqual(['shop/Deployment/api']);
    expect(findNetpolEndpoints(model, 'shop/none')).toEqual([]);
  });

  it('renders rules in words', () => {
    const model = buildNetpolModel([
      k8s({
        podSelector: {},
        ingress: [
          {
            from: [
              {
                namespaceSelector: { matchLabels: { team: 'ops' } },
                podSelector: { matchLabels: { app: 'prom' } },
              },
            ],
            ports: [{ port: 9090 }],
          },
        ],
      }),
      calico({
        ingress: [
          {
            action: 'Deny',
            protocol: 'TCP',
            source: { nets: ['10.0.0.0/8'] },
            destination: { ports: ['1000:2000'] },
          },
        ],
      }),
    ]);
    const texts = model.policies.flatMap(p => p.ingress.map(r => r.text));
    expect(texts).toContain(
      'Allow TCP 9090 from endpoints (projectcalico.org/orchestrator == "k8s" && app == "prom") in namespaces team == "ops"',
    );
    expect(texts).toContain('Deny TCP 1000-2000 from addresses in 10.0.0.0/8');
  });
});
