import {
  KUBERNETES_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION,
} from '@backstage/plugin-kubernetes-common';

/**
 * The Kubernetes plugin's annotations, reused so that one set of annotations
 * ties an entity to its workloads for both plugins.
 *
 * @public
 */
export const KUBERNETES_ANNOTATIONS = {
  id: KUBERNETES_ANNOTATION,
  labelSelector: KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION,
  // Not exported by the Kubernetes plugin's common package, but read by its backend.
  namespace: 'backstage.io/kubernetes-namespace',
} as const;

/**
 * The label the Kubernetes plugin matches `backstage.io/kubernetes-id` against.
 *
 * @public
 */
export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';
