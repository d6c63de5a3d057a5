import { KubernetesObject } from '../manifests/types';

/**
 * The API group of the Calico API server (`projectcalico.org/v3`).
 *
 * @public
 */
export const CALICO_V3_GROUP = 'projectcalico.org';

/**
 * The API group of Calico's CRDs (`crd.projectcalico.org/v1`): what backs the API server,
 * and the only form a cluster without it serves.
 *
 * @public
 */
export const CALICO_CRD_GROUP = 'crd.projectcalico.org';

/**
 * Calico's two API groups; a Calico kind means the same in either.
 *
 * @public
 */
export const CALICO_API_GROUPS: readonly string[] = [
  CALICO_V3_GROUP,
  CALICO_CRD_GROUP,
];

/**
 * The API group of AdminNetworkPolicy and BaselineAdminNetworkPolicy.
 *
 * @public
 */
export const ADMIN_POLICY_GROUP = 'policy.networking.k8s.io';

const ADMIN_POLICY_KINDS = ['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy'];

/**
 * The API group of an object (`''` for the core group).
 *
 * @public
 */
export function apiGroupOf(object: Pick<KubernetesObject, 'apiVersion'>) {
  const apiVersion = object.apiVersion ?? 'v1';
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/**
 * Whether the object is a Calico resource (either API group).
 *
 * @public
 */
export function isCalicoObject(object: KubernetesObject): boolean {
  return CALICO_API_GROUPS.includes(apiGroupOf(object));
}

/**
 * Whether the object is an AdminNetworkPolicy or BaselineAdminNetworkPolicy, the cluster
 * guardrails.
 *
 * @public
 */
export function isAdminNetworkPolicyObject(object: KubernetesObject): boolean {
  return (
    apiGroupOf(object) === ADMIN_POLICY_GROUP &&
    ADMIN_POLICY_KINDS.includes(object.kind)
  );
}
