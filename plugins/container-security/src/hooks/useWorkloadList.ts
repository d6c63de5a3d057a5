import { useApi } from '@backstage/core-plugin-api';
import { WorkloadSummary } from '@containersec/plugin-container-security-common';
import { useCallback, useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { containerSecurityApiRef } from '../api/ContainerSecurityApi';

/** Workloads per request: a page the table shows at once, not the whole estate. */
export const WORKLOAD_PAGE_SIZE = 200;

/**
 * The org-wide workload list, a page at a time (the API pages by offset and reports the
 * total): `loadMore` appends the next page while `items` is shorter than `totalCount`.
 */
export function useWorkloadList(namespace?: string) {
  const api = useApi(containerSecurityApiRef);
  const first = useAsyncRetry(
    () => api.listWorkloads({ namespace, limit: WORKLOAD_PAGE_SIZE }),
    [api, namespace],
  );
  const [more, setMore] = useState<{
    items: WorkloadSummary[];
    loading: boolean;
    error?: Error;
  }>({ items: [], loading: false });
  useEffect(() => setMore({ items: [], loading: false }), [first.value]);
  const items = [...(first.value?.items ?? []), ...more.items];
  const offset = items.length;
  const totalCount = first.value?.totalCount ?? 0;
  const loadMore = useCallback(async () => {
    setMore(m => ({ ...m, loading: true, error: undefined }));
    try {
      const page = await api.listWorkloads({
        namespace,
        limit: WORKLOAD_PAGE_SIZE,
        offset,
      });
      setMore(m => ({ items: [...m.items, ...page.items], loading: false }));
    } catch (e) {
      setMore(m => ({ ...m, loading: false, error: e as Error }));
    }
  }, [api, namespace, offset]);
  return {
    loading: first.loading && !first.value,
    error: first.error,
    value: first.value && { ...first.value, items },
    hasMore: Boolean(first.value) && offset < totalCount,
    loadMore,
    loadingMore: more.loading,
    loadMoreError: more.error,
  };
}
