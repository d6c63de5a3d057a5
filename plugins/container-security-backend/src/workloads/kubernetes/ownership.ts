import {
  createObjectIndex,
  isOwnedByScannedWorkload,
  isWorkloadKind,
  KubernetesObject,
} from '@containersec/plugin-container-security-node';

/**
 * The workload objects to summarise: every workload kind, less those run by another
 * listed workload, so Pod → ReplicaSet → Deployment is one Deployment.
 */
export function topLevelWorkloadObjects(
  objects: KubernetesObject[],
): KubernetesObject[] {
  const index = createObjectIndex(objects);
  return objects.filter(
    o => isWorkloadKind(o.kind) && !isOwnedByScannedWorkload(o, index),
  );
}
