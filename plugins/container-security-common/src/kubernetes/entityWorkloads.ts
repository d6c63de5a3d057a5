import { Entity } from '@backstage/catalog-model';
import { KUBERNETES_ANNOTATIONS, KUBERNETES_ID_LABEL } from './annotations';
import { LabelRequirement, parseLabelSelector } from './labelSelector';

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
 * The workload selector of an entity, or undefined when it has no Kubernetes annotations.
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
    return { requirements: parseLabelSelector(selector), namespace };
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
