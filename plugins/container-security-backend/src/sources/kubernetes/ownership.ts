import {
  createObjectIndex,
  findObject,
  isWorkloadKind,
  KubernetesObject,
  namespaceOf,
  ObjectIndex,
} from '@containersec/plugin-container-security-node';

/**
 * Whether a workload object is run by another workload that was listed too (a Pod of a
 * ReplicaSet, a ReplicaSet of a Deployment, a Job of a CronJob, a Pod of a StatefulSet,
 * DaemonSet or Job). It is the posture engine's rule (`isOwnedByScannedWorkload`: same
 * namespace, kind and name, each link only needs its direct owner), with one addition
 * for live data: when both the reference and the listed owner carry a uid they must
 * match, so an object orphaned from a deleted owner that was re-created under the same
 * name is still shown.
 */
export function isOwnedByListedWorkload(
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
    const ownerUid = owner.metadata.uid;
    return !ref.uid || typeof ownerUid !== 'string' || ownerUid === ref.uid;
  });
}

/**
 * The workload objects to summarise: every workload kind, less those run by another
 * listed workload, so Pod → ReplicaSet → Deployment is one Deployment.
 */
export function topLevelWorkloadObjects(
  objects: KubernetesObject[],
): KubernetesObject[] {
  const index = createObjectIndex(objects);
  return objects.filter(
    o => isWorkloadKind(o.kind) && !isOwnedByListedWorkload(o, index),
  );
}
