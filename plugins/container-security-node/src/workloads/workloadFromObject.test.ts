import { KubernetesObject } from '../manifests/types';
import { workloadFromObject } from './workloadFromObject';

const context = {
  cluster: 'demo',
  source: 'files',
  observedAt: '2026-11-22T00:00:00Z',
};
const podSpec = {
  initContainers: [{ name: 'migrate', image: 'registry/app:1' }],
  containers: [{ name: 'app', image: 'registry/app:1' }],
};

describe('workloadFromObject', () => {
  it.each([
    ['Deployment', { template: { spec: podSpec } }],
    ['StatefulSet', { template: { spec: podSpec } }],
    ['DaemonSet', { template: { spec: podSpec } }],
    ['ReplicaSet', { template: { spec: podSpec } }],
    ['Job', { template: { spec: podSpec } }],
    ['CronJob', { jobTemplate: { spec: { template: { spec: podSpec } } } }],
    ['Pod', podSpec],
  ])('finds the containers of a %s', (kind, spec) => {
    const object: KubernetesObject = {
      kind,
      metadata: { name: 'w', namespace: 'payments', labels: { app: 'w' } },
      spec,
    };
    expect(workloadFromObject(object, context)).toEqual({
      ...context,
      namespace: 'payments',
      kind,
      name: 'w',
      labels: { app: 'w' },
      containers: [
        { name: 'migrate', image: 'registry/app:1', type: 'init' },
        { name: 'app', image: 'registry/app:1', type: 'app' },
      ],
    });
  });

  it('ignores objects that run no containers and defaults the namespace', () => {
    expect(
      workloadFromObject({ kind: 'Service', metadata: { name: 's' } }, context),
    ).toBeUndefined();
    expect(
      workloadFromObject({ kind: 'Pod', metadata: { name: 'p' } }, context),
    ).toMatchObject({ namespace: 'default', containers: [], labels: {} });
  });
});
