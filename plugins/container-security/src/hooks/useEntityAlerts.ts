import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useSignal } from '@backstage/plugin-signals-react';
import { alertSignalChannel } from '@containersec/plugin-container-security-common';
import { useEffect, useMemo, useState } from 'react';
import {
  AlertListRequest,
  containerSecurityApiRef,
} from '../api/ContainerSecurityApi';
import { useKeysetPages } from './useKeysetPages';

/**
 * The alert filters of the Alerts section: the list filters plus a time range
 * relative to now (the absolute bounds are taken when a page loads).
 */
export interface AlertFilterState
  extends Omit<AlertListRequest, 'from' | 'to' | 'cursor' | 'limit'> {
  rangeMs: number;
}

/** The request for a filter state at the moment it is made. */
export function alertRequestOf(
  filters: AlertFilterState,
  now = Date.now(),
): AlertListRequest {
  const { rangeMs, ...rest } = filters;
  return { ...rest, from: new Date(now - rangeMs).toISOString() };
}

/**
 * The live signal of the current entity's alerts: `generation` changes whenever the
 * backend reports new or changed alerts for it.
 */
export function useEntityAlertsSignal() {
  const { entity } = useEntity();
  const entityRef = useMemo(() => stringifyEntityRef(entity), [entity]);
  const { lastSignal, isSignalsAvailable } = useSignal(
    alertSignalChannel(entityRef),
  );
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (lastSignal) setGeneration(g => g + 1);
  }, [lastSignal]);
  return { generation, isSignalsAvailable };
}

/**
 * The current entity's alerts, newest first: the first page reloads when the filters
 * change or `generation` moves (a live signal), and `loadMore` appends older pages.
 */
export function useEntityAlerts(filters: AlertFilterState, generation = 0) {
  const api = useApi(containerSecurityApiRef);
  const { entity } = useEntity();
  const ref = useMemo(() => getCompoundEntityRef(entity), [entity]);
  const { kind, namespace, name } = ref;
  const filterKey = JSON.stringify(filters);
  const pages = useKeysetPages(
    cursor => {
      const request = alertRequestOf(JSON.parse(filterKey));
      return api.listEntityAlerts(
        { kind, namespace, name },
        cursor ? { ...request, cursor } : request,
      );
    },
    [api, kind, namespace, name, filterKey, generation],
  );

  return {
    loading: pages.loading,
    error: pages.error,
    retry: pages.retry,
    items: pages.items,
    canAct: pages.first?.canAct ?? false,
    hasMore: pages.hasMore,
    loadMore: pages.loadMore,
    loadingMore: pages.loadingMore,
    loadMoreError: pages.loadMoreError,
    entityRef: ref,
  };
}
