import { alertApiRef, useApiHolder } from '@backstage/core-plugin-api';
import { toastApiRef } from '@backstage/frontend-plugin-api';
import { useCallback } from 'react';

/** A short notification of something the user did. */
export interface Notification {
  title: string;
  description?: string;
  status: 'success' | 'info' | 'warning' | 'danger';
}

const TOAST_TIMEOUT_MS = 6000;

const ALERT_SEVERITY = {
  success: 'success',
  info: 'info',
  warning: 'warning',
  danger: 'error',
} as const;

/**
 * Posts a notification through the toast API. Apps on the new frontend system provide it;
 * apps still on the legacy `createApp` do not, and there the deprecated alert API is the
 * only way to reach the user, so it is the fallback.
 */
export function useNotify(): (notification: Notification) => void {
  const apis = useApiHolder();
  const toastApi = apis.get(toastApiRef);
  const alertApi = apis.get(alertApiRef);
  return useCallback(
    (n: Notification) => {
      if (toastApi) {
        toastApi.post({
          title: n.title,
          description: n.description,
          status: n.status,
          timeout: TOAST_TIMEOUT_MS,
        });
        return;
      }
      alertApi?.post({
        message: n.description ? `${n.title}: ${n.description}` : n.title,
        severity: ALERT_SEVERITY[n.status],
        display: 'transient',
      });
    },
    [toastApi, alertApi],
  );
}
