import {
  containerSecurityEntityActPermission,
  containerSecurityResponderApprovePermission,
  containerSecurityResponderInvokePermission,
} from '@containersec/plugin-container-security-common';
import { usePermission } from '@backstage/plugin-permission-react';

/** Whether the signed-in user may approve or reject responder actions on `entityRef`. */
export function useApprovePermission(entityRef: string | undefined) {
  return usePermission({
    permission: containerSecurityResponderApprovePermission,
    resourceRef: entityRef,
  });
}

/** Whether the signed-in user may run (or dry-run) responders on `entityRef`. */
export function useInvokePermission(entityRef: string | undefined) {
  return usePermission({
    permission: containerSecurityResponderInvokePermission,
    resourceRef: entityRef,
  });
}

/**
 * Whether the signed-in user may act on `entityRef` outside responders: rescan, change
 * an alert's status, apply a what-if.
 */
export function useEntityActPermission(entityRef: string | undefined) {
  return usePermission({
    permission: containerSecurityEntityActPermission,
    resourceRef: entityRef,
  });
}
