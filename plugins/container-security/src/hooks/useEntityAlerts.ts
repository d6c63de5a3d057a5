import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useSignal } from '@backstage/plugin-signals-react';
import {
  alertSignalChannel,
  FalcoAlertSummary,
} from '@containersec/plugin-container-security-common';
import { useCallback, useEffect, useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  AlertListRequest,
  containerSecurityApiRef,
} from '../api/ContainerSecurityApi';

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
  const first = useAsyncRetry(
    () =>
      api.listEntityAlerts(
        { kind, namespace, name },
        alertRequestOf(JSON.parse(filterKey)),
      ),
    [api, kind, namespace, name, filterKey, generation],
  );

  const [older, setOlder] = useState<{
    items: FalcoAlertSummary[];
    nextCursor?: string;
    loading: boolean;
    error?: Error;
  }>({ items: [], loading: false });
  // A reloaded first page starts the list over.
  useEffect(() => {
    setOlder({ items: [], loading: false });
  }, [first.value]);

  const nextCursor =
    older.items.length > 0 ? older.nextCursor : first.value?.nextCursor;
  const loadMore = useCallback(async () => {
    if (!nextCursor) return;
    setOlder(o => ({ ...o, loading: true, error: undefined }));
    try {
      const page = await api.listEntityAlerts(
        { kind, namespace, name },
        { ...alertRequestOf(JSON.parse(filterKey)), cursor: nextCursor },
      );
      setOlder(o => ({
        items: [...o.items, ...page.items],
        nextCursor: page.nextCursor,
        loading: false,
      }));
    } catch (e) {
      setOlder(o => ({ ...o, loading: false, error: e as Error }));
    }
  }, [api, kind, namespace, name, filterKey, nextCursor]);

  return {
    loading: first.loading && !first.value,
    error: first.error,
    retry: first.retry,
    items: [...(first.value?.items ?? []), ...older.items],
    canAct: first.value?.canAct ?? false,
    hasMore: Boolean(nextCursor),
    loadMore,
    loadingMore: older.loading,
    loadMoreError: older.error,
    entityRef: ref,
  };
}
