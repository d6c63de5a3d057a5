import { isNetworkObject, trimNetworkObject } from './networkObjects';

describe('isNetworkObject', () => {
  it.each([
    ['networking.k8s.io/v1', 'NetworkPolicy', true],
    ['projectcalico.org/v3', 'NetworkPolicy', true],
    ['projectcalico.org/v3', 'GlobalNetworkPolicy', true],
    ['crd.projectcalico.org/v1', 'GlobalNetworkSet', true],
    ['crd.projectcalico.org/v1', 'NetworkSet', true],
    ['crd.projectcalico.org/v1', 'IPPool', false],
    ['policy.networking.k8s.io/v1alpha1', 'AdminNetworkPolicy', true],
    ['policy.networking.k8s.io/v1alpha1', 'BaselineAdminNetworkPolicy', true],
    ['policy/v1', 'PodDisruptionBudget', false],
    ['v1', 'Namespace', true],
    ['v1', 'ServiceAccount', true],
    ['v1', 'Pod', true],
    ['apps/v1', 'Deployment', true],
    ['batch/v1', 'CronJob', true],
    ['v1', 'Secret', false],
    ['v1', 'ConfigMap', false],
    ['rbac.authorization.k8s.io/v1', 'Role', false],
  ])('%s %s → %p', (apiVersion, kind, expected) => {
    expect(isNetworkObject({ apiVersion, kind, metadata: { name: 'x' } })).toBe(
      expected,
    );
  });
});

describe('trimNetworkObject', () => {
  it('keeps of a workload only labels, service account, ports and owners', () => {
    const trimmed = trimNetworkObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'web',
        namespace: 'shop',
        labels: { app: 'web' },
        annotations: { note: 'x' },
        managedFields: [{ manager: 'kubectl' }],
      },
      spec: {
        replicas: 3,
        template: {
          metadata: { labels: { app: 'web' }, annotations: { a: 'b' } },
          spec: {
            serviceAccountName: 'web',
            containers: [
              {
                name: 'app',
                image: 'web:1',
                env: [{ name: 'DB_PASSWORD', value: 'hunter2' }],
                ports: [{ name: 'http', containerPort: 8080 }],
              },
            ],
          },
        },
      },
    });
    expect(trimmed).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
      spec: {
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            serviceAccountName: 'web',
            containers: [
              { name: 'app', ports: [{ name: 'http', containerPort: 8080 }] },
            ],
          },
        },
      },
    });
    expect(JSON.stringify(trimmed)).not.toContain('hunter2');
  });

  it('keeps a policy whole, less server bookkeeping', () => {
    const spec = { selector: "app == 'web'", ingress: [{ action: 'Allow' }] };
    expect(
      trimNetworkObject({
        apiVersion: 'projectcalico.org/v3',
        kind: 'NetworkPolicy',
        metadata: {
          name: 'allow',
          namespace: 'shop',
          managedFields: [],
          annotations: {
            'kubectl.kubernetes.io/last-applied-configuration': '{}',
          },
        },
        spec,
      }),
    ).toEqual({
      apiVersion: 'projectcalico.org/v3',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow', namespace: 'shop' },
      spec,
    });
  });
});
