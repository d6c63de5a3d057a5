import { AuditEventQuery } from '@containersec/plugin-container-security-common';
import { useKeysetPages } from './useKeysetPages';

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
 * Keyset paging over an audit list: the first page reloads when the filters or `deps`
 * change, and `loadMore` appends older pages. `load` receives the query for the filters
 * plus a cursor.
 */
export function useAuditPages<
  R extends { items: Array<{ eventId: string }>; nextCursor?: string },
>(
  load: (query: AuditEventQuery) => Promise<R>,
  filters: AuditFilterState,
  deps: unknown[],
) {
  const filterKey = JSON.stringify(filters);
  return useKeysetPages(
    cursor => {
      const query = auditQueryOf(JSON.parse(filterKey));
      return load(cursor ? { ...query, cursor } : query);
    },
    [...deps, filterKey],
  );
}
