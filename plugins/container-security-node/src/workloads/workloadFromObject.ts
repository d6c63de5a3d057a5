import {
  ContainerSummary,
  WorkloadSummary,
} from '@containersec/plugin-container-security-common';
import { KubernetesObject } from '../manifests/types';

/**
 * The kinds that run containers, with where each keeps its pod spec.
 *
 * @public
 */
export const WORKLOAD_KINDS = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'Pod',
] as const;

type PodSpec = {
  containers?: Array<{ name?: string; image?: string }>;
  initContainers?: Array<{ name?: string; image?: string }>;
  ephemeralContainers?: Array<{ name?: string; image?: string }>;
};

/** The pod spec a workload object runs, or undefined for kinds that run no pods. */
export function podSpecOf(object: KubernetesObject): PodSpec | undefined {
  const spec = object.spec as Record<string, any> | undefined;
  switch (object.kind) {
    case 'Pod':
      return spec as PodSpec | undefined;
    case 'CronJob':
      return spec?.jobTemplate?.spec?.template?.spec;
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
      return spec?.template?.spec;
    default:
      return undefined;
  }
}

function containersOf(spec: PodSpec): ContainerSummary[] {
  const list = (
    items: PodSpec['containers'],
    type: ContainerSummary['type'],
  ): ContainerSummary[] =>
    (items ?? []).map(c => ({
      name: c.name ?? '',
      image: c.image ?? '',
      type,
    }));
  return [
    ...list(spec.initContainers, 'init'),
    ...list(spec.containers, 'app'),
    ...list(spec.ephemeralContainers, 'ephemeral'),
  ];
}

/**
 * Turns a Kubernetes object into the suite's workload model, or undefined when the
 * object is not a workload. Objects without a namespace land in `default`, as
 * `kubectl apply` would place them.
 *
 * @public
 */
export function workloadFromObject(
  object: KubernetesObject,
  context: { cluster: string; source: string; observedAt: string },
): WorkloadSummary | undefined {
  if (!(WORKLOAD_KINDS as readonly string[]).includes(object.kind)) {
    return undefined;
  }
  const spec = podSpecOf(object);
  return {
    cluster: context.cluster,
    namespace: object.metadata.namespace ?? 'default',
    kind: object.kind,
    name: object.metadata.name,
    labels: object.metadata.labels ?? {},
    containers: spec ? containersOf(spec) : [],
    source: context.source,
    observedAt: context.observedAt,
  };
}
