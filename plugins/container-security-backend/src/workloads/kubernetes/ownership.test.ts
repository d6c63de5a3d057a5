import { KubernetesObject } from '@containersec/plugin-container-security-node';
import { topLevelWorkloadObjects } from './ownership';

function obj(
  kind: string,
  name: string,
  uid: string,
  owner?: { kind: string; name: string; uid?: string },
  namespace = 'ns',
): KubernetesObject {
  return {
    kind,
    metadata: {
      name,
      namespace,
      uid,
      ...(owner ? { ownerReferences: [owner] } : {}),
    },
  };
}

const names = (objects: KubernetesObject[]) =>
  topLevelWorkloadObjects(objects).map(o => `${o.kind}/${o.metadata.name}`);

describe('topLevelWorkloadObjects', () => {
  it('keeps only the top of Pod → ReplicaSet → Deployment and Pod → Job → CronJob', () => {
    expect(
      names([
        obj('Deployment', 'web', 'd1'),
        obj('ReplicaSet', 'web-1', 'r1', {
          kind: 'Deployment',
          name: 'web',
          uid: 'd1',
        }),
        obj('Pod', 'web-1-a', 'p1', {
          kind: 'ReplicaSet',
          name: 'web-1',
          uid: 'r1',
        }),
        obj('CronJob', 'nightly', 'c1'),
        obj('Job', 'nightly-1', 'j1', {
          kind: 'CronJob',
          name: 'nightly',
          uid: 'c1',
        }),
        obj('Pod', 'nightly-1-a', 'p2', {
          kind: 'Job',
          name: 'nightly-1',
          uid: 'j1',
        }),
        obj('StatefulSet', 'db', 's1'),
        obj('Pod', 'db-0', 'p3', {
          kind: 'StatefulSet',
          name: 'db',
          uid: 's1',
        }),
        obj('DaemonSet', 'agent', 'ds1'),
        obj('Pod', 'agent-x', 'p4', {
          kind: 'DaemonSet',
          name: 'agent',
          uid: 'ds1',
        }),
        obj('Service', 'web', 'sv1'),
      ]),
    ).toEqual([
      'Deployment/web',
      'CronJob/nightly',
      'StatefulSet/db',
      'DaemonSet/agent',
    ]);
  });

  it('keeps objects whose owner is not listed, is in another namespace, or has another uid', () => {
    expect(
      names([
        obj('Pod', 'a', 'p1', { kind: 'ReplicaSet', name: 'gone', uid: 'r0' }),
        obj('ReplicaSet', 'rs', 'r1', undefined, 'other'),
        obj('Pod', 'b', 'p2', { kind: 'ReplicaSet', name: 'rs', uid: 'r1' }),
        obj('ReplicaSet', 'recreated', 'r2'),
        obj('Pod', 'c', 'p3', {
          kind: 'ReplicaSet',
          name: 'recreated',
          uid: 'r-old',
        }),
        obj('Pod', 'd', 'p4', { kind: 'Node', name: 'node-1', uid: 'n1' }),
        obj('Pod', 'e', 'p5', { kind: 'ReplicaSet', name: 'recreated' }),
      ]),
    ).toEqual([
      'Pod/a',
      'ReplicaSet/rs',
      'Pod/b',
      'ReplicaSet/recreated',
      'Pod/c',
      'Pod/d',
    ]);
  });
});
