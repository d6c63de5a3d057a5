import { AuditEventQuery } from '@containersec/plugin-container-security-common';
import { useCallback, useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';

/**
 * The audit filters of the UI: the query filters plus a time range relative to now
 * (the absolute bound is taken when a page loads). `rangeMs` 0 means all stored events.
 */
export interface AuditFilterState
  extends Omit<AuditEventQuery, 'from' | 'to' | 'cursor' | 'limit'> {
  rangeMs: number;
}

/** The query for a filter state at the moment it is made. */
export function auditQueryOf(
  filters: AuditFilterState,
  now = Date.now(),
): AuditEventQuery {
  const { rangeMs, ...rest } = filters;
  return {
    ...rest,
    riskyOnly: rest.riskyOnly || undefined,
    errorsOnly: rest.errorsOnly || undefined,
    from: rangeMs ? new Date(now - rangeMs).toISOString() : undefined,
  };
}

/**
 * Keyset paging over an audit list: the first page reloads when `key` changes, and
 * `loadMore` appends older pages. `load` receives the query for the filters plus a cursor.
 */
export function useAuditPages<
  R extends { items: Array<{ eventId: string }>; nextCursor?: string },
>(
  load: (query: AuditEventQuery) => Promise<R>,
  filters: AuditFilterState,
  deps: unknown[],
) {
  const filterKey = JSON.stringify(filters);
  // `load` is rebuilt by the caller on every render; `deps` says when it really changes.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const stableLoad = useCallback(load, deps);
  const first = useAsyncRetry(
    () => stableLoad(auditQueryOf(JSON.parse(filterKey))),
    [stableLoad, filterKey],
  );
  type Item = R['items'][number];
  const [older, setOlder] = useState<{
    items: Item[];
    nextCursor?: string;
    loading: boolean;
    error?: Error;
  }>({ items: [], loading: false });
  useEffect(() => {
    setOlder({ items: [], loading: false });
  }, [first.value]);

  const nextCursor =
    older.items.length > 0 ? older.nextCursor : first.value?.nextCursor;
  const loadMore = useCallback(async () => {
    if (!nextCursor) return;
    setOlder(o => ({ ...o, loading: true, error: undefined }));
    try {
      const page = await stableLoad({
        ...auditQueryOf(JSON.parse(filterKey)),
        cursor: nextCursor,
      });
      setOlder(o => ({
        items: [...o.items, ...page.items],
        nextCursor: page.nextCursor,
        loading: false,
      }));
    } catch (e) {
      setOlder(o => ({ ...o, loading: false, error: e as Error }));
    }
  }, [stableLoad, filterKey, nextCursor]);

  return {
    loading: first.loading && !first.value,
    error: first.error,
    retry: first.retry,
    first: first.value,
    items: [...(first.value?.items ?? []), ...older.items] as Item[],
    hasMore: Boolean(nextCursor),
    loadMore,
    loadingMore: older.loading,
    loadMoreError: older.error,
  };
}
