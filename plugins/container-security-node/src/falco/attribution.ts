import {
  EntityWorkloadSelector,
  selectsWorkload,
  WorkloadRef,
} from '@containersec/plugin-container-security-common';
import { FalcoKubernetesFields } from './kubernetesFields';
import { podNameMatcher } from './podOwnership';

/**
 * A workload as attribution needs it: where it runs, its labels and container names.
 *
 * @public
 */
export interface AttributionWorkload extends WorkloadRef {
  labels: Record<string, string>;
  containers: Array<{ name: string }>;
}

/**
 * A catalog entity tied to workloads, with its selector.
 *
 * @public
 */
export interface AttributionEntity {
  entityRef: string;
  selector: EntityWorkloadSelector;
}

/**
 * Where an alert belongs. `method` says how it was found: through the workload that owns
 * the pod (by the name patterns of its controller), through the pod's own labels, or not at all.
 *
 * @public
 */
export interface AlertAttribution {
  entityRef?: string;
  workload?: WorkloadRef;
  method: 'workload' | 'pod-labels' | 'none';
}

interface IndexedWorkload {
  workload: AttributionWorkload;
  ownsPod: (podName: string) => boolean;
  entityRef?: string;
}

/**
 * Maps alerts to catalog entities through the workloads the suite knows. Built once per
 * snapshot of workloads and entities, then applied to any number of alerts; pure and
 * deterministic (ties go to the most specific workload name, then the sorted order).
 *
 * @public
 */
export class AlertAttributor {
  private readonly byNamespace = new Map<string, IndexedWorkload[]>();
  private readonly entities: AttributionEntity[];

  constructor(workloads: AttributionWorkload[], entities: AttributionEntity[]) {
    this.entities = [...entities].sort((a, b) =>
      a.entityRef.localeCompare(b.entityRef),
    );
    const sorted = [...workloads].sort(
      (a, b) =>
        b.name.length - a.name.length ||
        a.cluster.localeCompare(b.cluster) ||
        a.kind.localeCompare(b.kind) ||
        a.name.localeCompare(b.name),
    );
    for (const workload of sorted) {
      const list = this.byNamespace.get(workload.namespace) ?? [];
      list.push({
        workload,
        ownsPod: podNameMatcher(workload),
        entityRef: this.entities.find(e =>
          selectsWorkload(e.selector, workload),
        )?.entityRef,
      });
      this.byNamespace.set(workload.namespace, list);
    }
  }

  attribute(fields: FalcoKubernetesFields): AlertAttribution {
    const { namespace, pod, container, cluster, podLabels } = fields;
    if (!namespace) return { method: 'none' };
    let workload: WorkloadRef | undefined;

    if (pod) {
      const owners = (this.byNamespace.get(namespace) ?? []).filter(
        w => (!cluster || w.workload.cluster === cluster) && w.ownsPod(pod),
      );
      // A container name the workload does not run points at another owner.
      const withContainer = container
        ? owners.filter(w =>
            w.workload.containers.some(c => c.name === container),
          )
        : [];
      const owner = withContainer[0] ?? owners[0];
      if (owner) {
        const { cluster: c, namespace: ns, kind, name } = owner.workload;
        workload = { cluster: c, namespace: ns, kind, name };
        if (owner.entityRef) {
          return { entityRef: owner.entityRef, workload, method: 'workload' };
        }
      }
    }

    // The Kubernetes plugin selects pods by the same labels, so they decide when the
    // owning workload is unknown or no entity selects it.
    if (podLabels) {
      const entity = this.entities.find(e =>
        selectsWorkload(e.selector, { namespace, labels: podLabels }),
      );
      if (entity) {
        return { entityRef: entity.entityRef, workload, method: 'pod-labels' };
      }
    }
    return { workload, method: 'none' };
  }
}
