import { useCallback, useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';

/** A page of a keyset-paged list. */
export interface KeysetPage<T> {
  items: T[];
  nextCursor?: string;
}

/**
 * Keyset paging: the first page (`load()`) reloads when `deps` change, and `loadMore`
 * appends the older pages (`load(cursor)`). `first` is the first page's whole answer, for
 * what it carries besides its items.
 */
export function useKeysetPages<R extends KeysetPage<unknown>>(
  load: (cursor?: string) => Promise<R>,
  deps: unknown[],
) {
  // `load` is rebuilt by the caller on every render; `deps` says when it really changes.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const stableLoad = useCallback(load, deps);
  const first = useAsyncRetry(() => stableLoad(), [stableLoad]);
  type Item = R['items'][number];
  const [older, setOlder] = useState<{
    items: Item[];
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
      const page = await stableLoad(nextCursor);
      setOlder(o => ({
        items: [...o.items, ...page.items],
        nextCursor: page.nextCursor,
        loading: false,
      }));
    } catch (e) {
      setOlder(o => ({ ...o, loading: false, error: e as Error }));
    }
  }, [stableLoad, nextCursor]);

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
