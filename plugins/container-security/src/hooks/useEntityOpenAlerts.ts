import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  FALCO_PRIORITIES,
  FalcoAlertSummary,
  FalcoPriority,
} from '@containersec/plugin-container-security-common';
import { useMemo } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { containerSecurityApiRef } from '../api/ContainerSecurityApi';

/** The most the summary counts; beyond it the count reads "200+". */
export const OPEN_ALERTS_COUNTED = 200;

/** The open alerts of a service in short: how many of each priority, and the newest. */
export interface OpenAlertsSummary {
  total: number;
  /** True when there are more open alerts than were counted. */
  more: boolean;
  /** Most severe first; only the priorities that have open alerts. */
  byPriority: Array<{ priority: FalcoPriority; count: number }>;
  newest?: FalcoAlertSummary;
}

/** Counts one page of open alerts (newest first) by priority. */
export function summarizeOpenAlerts(
  items: FalcoAlertSummary[],
  more: boolean,
): OpenAlertsSummary {
  const counts = new Map<FalcoPriority, number>();
  for (const alert of items) {
    counts.set(alert.priority, (counts.get(alert.priority) ?? 0) + 1);
  }
  return {
    total: items.length,
    more,
    byPriority: FALCO_PRIORITIES.filter(p => counts.has(p)).map(priority => ({
      priority,
      count: counts.get(priority)!,
    })),
    newest: items[0],
  };
}

/** The current entity's open alerts, counted by priority, for the summary strip. */
export function useEntityOpenAlerts() {
  const api = useApi(containerSecurityApiRef);
  const { entity } = useEntity();
  const { kind, namespace, name } = useMemo(
    () => getCompoundEntityRef(entity),
    [entity],
  );
  return useAsyncRetry(async () => {
    const page = await api.listEntityAlerts(
      { kind, namespace, name },
      { status: ['open'], limit: OPEN_ALERTS_COUNTED },
    );
    return summarizeOpenAlerts(page.items, Boolean(page.nextCursor));
  }, [api, kind, namespace, name]);
}
