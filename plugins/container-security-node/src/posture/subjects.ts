import { KubernetesObject } from '../manifests/types';
import { podSpecOf, WORKLOAD_KINDS } from '../workloads/workloadFromObject';
import { findObject, namespaceOf } from './ObjectIndex';
import { podSecurityVersionOf } from './podSecurityVersion';
import { CheckSubject, ObjectIndex, PostureCheckOptions } from './types';

const WORKLOADS: ReadonlySet<string> = new Set(WORKLOAD_KINDS);

/**
 * Whether a kind runs containers (and so gets a workload score).
 *
 * @public
 */
export function isWorkloadKind(kind: string): boolean {
  return WORKLOADS.has(kind);
}

/**
 * Whether an object is managed by a workload that is itself in the scan (a Pod of a
 * ReplicaSet, a ReplicaSet of a Deployment, a Job of a CronJob, …). Its findings belong
 * to that owner, which has the same pod template, so it is not evaluated. Owners are
 * namespace-local; an owner absent from the scan suppresses nothing, and neither does one
 * whose uid differs from the reference's. Each link only
 * needs its direct owner present, so Pod → ReplicaSet → Deployment reports once, on
 * the Deployment.
 *
 * @public
 */
export function isOwnedByScannedWorkload(
  object: KubernetesObject,
  index: ObjectIndex,
): boolean {
  const owners = object.metadata.ownerReferences;
  if (!Array.isArray(owners) || !isWorkloadKind(object.kind)) return false;
  const namespace = namespaceOf(object);
  return owners.some(ref => {
    if (!ref || !isWorkloadKind(ref.kind) || typeof ref.name !== 'string') {
      return false;
    }
    const owner = findObject(index, ref.kind, namespace, ref.name);
    if (!owner) return false;
    // Live objects carry uids: an object orphaned from a deleted owner that was
    // re-created under the same name is not that owner's, so it stays visible.
    const ownerUid = owner.metadata.uid;
    return !ref.uid || typeof ownerUid !== 'string' || ownerUid === ref.uid;
  });
}

function podTemplateMetadataOf(object: KubernetesObject): Record<string, any> {
  const spec = object.spec as Record<string, any> | undefined;
  switch (object.kind) {
    case 'Pod':
      return object.metadata;
    case 'CronJob':
      return spec?.jobTemplate?.spec?.template?.metadata ?? {};
    default:
      return spec?.template?.metadata ?? {};
  }
}

function stringRecord(value: unknown): Record<string, string> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, string>)
    : {};
}

/**
 * What the checks see of one object.
 *
 * @public
 */
export function createCheckSubject(
  object: KubernetesObject,
  index: ObjectIndex,
  options?: PostureCheckOptions,
): CheckSubject {
  const podSpec = isWorkloadKind(object.kind)
    ? (podSpecOf(object) as Record<string, any> | undefined)
    : undefined;
  const template = isWorkloadKind(object.kind)
    ? podTemplateMetadataOf(object)
    : {};
  return {
    object,
    podSpec: podSpec && typeof podSpec === 'object' ? podSpec : undefined,
    podLabels: stringRecord(template.labels),
    podAnnotations: stringRecord(template.annotations),
    index,
    options,
    ...(podSpec && {
      podSecurityVersion: podSecurityVersionOf(
        index.namespace(namespaceOf(object) ?? 'default'),
        options?.podSecurityVersion,
      ),
    }),
  };
}
