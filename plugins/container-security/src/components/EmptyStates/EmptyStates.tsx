import { EmptyState } from '@backstage/core-components';
import { MissingAnnotationEmptyState } from '@backstage/plugin-catalog-react';
import { KUBERNETES_ANNOTATIONS } from '@containersec/plugin-container-security-common';

/** For entities that have the annotations but no matching workload yet. */
export function NoWorkloadsEmptyState() {
  return (
    <EmptyState
      missing="data"
      title="No workloads found"
      description="No workload in the connected clusters or manifests carries this entity's Kubernetes labels yet."
    />
  );
}

/** For entities without the Kubernetes plugin's annotations. */
export function MissingKubernetesAnnotation() {
  return (
    <MissingAnnotationEmptyState
      annotation={[
        KUBERNETES_ANNOTATIONS.id,
        KUBERNETES_ANNOTATIONS.labelSelector,
      ]}
    />
  );
}
