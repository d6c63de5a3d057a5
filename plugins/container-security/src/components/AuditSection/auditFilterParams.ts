import { AuditFilterState } from '../../hooks/useEntityAuditPages';

const DAY = 24 * 3_600_000;

/** Time ranges by their URL spelling; `all` is every stored event. */
const RANGE_PARAMS: ReadonlyArray<{ param: string; ms: number }> = [
  { param: '24h', ms: DAY },
  { param: '7d', ms: 7 * DAY },
  { param: '30d', ms: 30 * DAY },
  { param: '90d', ms: 90 * DAY },
  { param: 'all', ms: 0 },
];

const TEXT_KEYS = ['eventName', 'eventSource', 'principal'] as const;

/**
 * The audit filters a URL's query names: `range` (24h, 7d, 30d, 90d, all), `risky=1`,
 * `errors=1`, `eventName`, `eventSource`, `principal`. Anything else is ignored.
 */
export function auditFiltersFromParams(
  params: URLSearchParams,
  defaults: AuditFilterState,
): AuditFilterState {
  const range = RANGE_PARAMS.find(r => r.param === params.get('range'));
  const filters: AuditFilterState = { ...defaults };
  if (range) filters.rangeMs = range.ms;
  if (params.get('risky') === '1') filters.riskyOnly = true;
  if (params.get('errors') === '1') filters.errorsOnly = true;
  for (const key of TEXT_KEYS) {
    const value = params.get(key)?.trim();
    if (value) filters[key] = value;
  }
  return filters;
}

/** The query of a filter state, only what differs from the defaults; other parameters kept. */
export function auditFiltersToParams(
  filters: AuditFilterState,
  defaults: AuditFilterState,
  current: URLSearchParams = new URLSearchParams(),
): URLSearchParams {
  const next = new URLSearchParams(current);
  const range = RANGE_PARAMS.find(r => r.ms === filters.rangeMs);
  if (!range || filters.rangeMs === defaults.rangeMs) next.delete('range');
  else next.set('range', range.param);
  if (filters.riskyOnly) next.set('risky', '1');
  else next.delete('risky');
  if (filters.errorsOnly) next.set('errors', '1');
  else next.delete('errors');
  for (const key of TEXT_KEYS) {
    const value = filters[key];
    if (value) next.set(key, value);
    else next.delete(key);
  }
  return next;
}
