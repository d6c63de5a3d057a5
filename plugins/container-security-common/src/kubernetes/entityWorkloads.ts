import { Entity } from '@backstage/catalog-model';
import { KUBERNETES_ANNOTATIONS, KUBERNETES_ID_LABEL } from './annotations';
import {
  LabelRequirement,
  matchesLabelRequirements,
  parseLabelSelector,
} from './labelSelector';

/**
 * Which workloads belong to an entity: the same rule the Kubernetes plugin applies.
 *
 * @public
 */
export interface EntityWorkloadSelector {
  requirements: LabelRequirement[];
  /** Restricts the match to one namespace when the entity names one. */
  namespace?: string;
}

/**
 * Whether the entity carries the annotations that tie it to Kubernetes workloads.
 *
 * @public
 */
export function isContainerSecurityAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[KUBERNETES_ANNOTATIONS.labelSelector] ||
      annotations[KUBERNETES_ANNOTATIONS.id],
  );
}

/**
 * The workload selector of an entity, or undefined when it has no Kubernetes annotations
 * or a selector without requirements (which would match every workload in the estate).
 * A label-selector annotation wins over the id annotation, as in the Kubernetes plugin.
 * Throws `LabelSelectorSyntaxError` for a malformed selector annotation.
 *
 * @public
 */
export function getEntityWorkloadSelector(
  entity: Entity,
): EntityWorkloadSelector | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const namespace = annotations[KUBERNETES_ANNOTATIONS.namespace] || undefined;
  const selector = annotations[KUBERNETES_ANNOTATIONS.labelSelector];
  if (selector) {
    const requirements = parseLabelSelector(selector);
    return requirements.length ? { requirements, namespace } : undefined;
  }
  const id = annotations[KUBERNETES_ANNOTATIONS.id];
  if (id) {
    return {
      requirements: [
        { key: KUBERNETES_ID_LABEL, operator: 'In', values: [id] },
      ],
      namespace,
    };
  }
  return undefined;
}

/**
 * Whether a workload (or any resource with a namespace and labels) belongs to the entity
 * the selector was read from: in its namespace when it names one, and matching every
 * label requirement. An empty selector matches nothing, so a selector built by hand
 * cannot take in the whole estate either.
 *
 * @public
 */
export function selectsWorkload(
  selector: EntityWorkloadSelector,
  workload: { namespace?: string; labels: Record<string, string> },
): boolean {
  if (selector.requirements.length === 0) return false;
  if (selector.namespace && workload.namespace !== selector.namespace) {
    return false;
  }
  return matchesLabelRequirements(workload.labels, selector.requirements);
}
