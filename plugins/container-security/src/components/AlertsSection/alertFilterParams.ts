import {
  ALERT_STATUSES,
  AlertStatus,
  FALCO_PRIORITIES,
  FalcoPriority,
} from '@containersec/plugin-container-security-common';
import { AlertFilterState } from '../../hooks/useEntityAlerts';

const HOUR = 3_600_000;

/** Time ranges by their URL spelling, shortest first. */
export const RANGE_PARAMS: ReadonlyArray<{ param: string; ms: number }> = [
  { param: '1h', ms: HOUR },
  { param: '24h', ms: 24 * HOUR },
  { param: '7d', ms: 7 * 24 * HOUR },
  { param: '30d', ms: 30 * 24 * HOUR },
];

const list = (params: URLSearchParams, key: string) => {
  const raw = params.get(key);
  if (raw === null) return undefined;
  return raw
    .split(',')
    .map(v => v.trim())
    .filter(Boolean);
};

function oneOf<T extends string>(
  values: string[] | undefined,
  allowed: readonly T[],
): T[] | undefined {
  if (!values) return undefined;
  const kept = values.filter((v): v is T => allowed.includes(v as T));
  return kept.length ? kept : undefined;
}

/**
 * The alert filters a URL's query names, on top of the defaults: `range` (1h, 24h, 7d,
 * 30d), `priority`, `status` (comma-separated; `status=any` for every status), `rule`,
 * `tags`, `workload`, `container`. Unknown values are ignored, so a hand-edited link
 * degrades to the defaults instead of failing.
 */
export function alertFiltersFromParams(
  params: URLSearchParams,
  defaults: AlertFilterState,
): AlertFilterState {
  const range = RANGE_PARAMS.find(r => r.param === params.get('range'));
  const status = params.get('status');
  return {
    rangeMs: range?.ms ?? defaults.rangeMs,
    priority:
      oneOf<FalcoPriority>(list(params, 'priority'), FALCO_PRIORITIES) ??
      (params.has('priority') ? undefined : defaults.priority),
    status:
      status === 'any'
        ? undefined
        : oneOf<AlertStatus>(list(params, 'status'), ALERT_STATUSES) ??
          defaults.status,
    rule: list(params, 'rule')?.length ? list(params, 'rule') : defaults.rule,
    tags: list(params, 'tags')?.length ? list(params, 'tags') : defaults.tags,
    workload: params.get('workload') || defaults.workload,
    container: params.get('container') || defaults.container,
  };
}

/**
 * The query of a filter state: only what differs from the defaults, so the plain tab
 * keeps a plain URL. Other parameters of `current` are kept.
 */
export function alertFiltersToParams(
  filters: AlertFilterState,
  defaults: AlertFilterState,
  current: URLSearchParams = new URLSearchParams(),
): URLSearchParams {
  const next = new URLSearchParams(current);
  const set = (key: string, value: string | undefined, fallback?: string) => {
    if (value === undefined || value === fallback) next.delete(key);
    else next.set(key, value);
  };
  const join = (v?: string[]) => (v && v.length ? v.join(',') : undefined);
  const range = RANGE_PARAMS.find(r => r.ms === filters.rangeMs);
  set(
    'range',
    range?.param,
    RANGE_PARAMS.find(r => r.ms === defaults.rangeMs)?.param,
  );
  set('priority', join(filters.priority), join(defaults.priority));
  set('status', join(filters.status) ?? 'any', join(defaults.status) ?? 'any');
  set('rule', join(filters.rule), join(defaults.rule));
  set('tags', join(filters.tags), join(defaults.tags));
  set('workload', filters.workload, defaults.workload);
  set('container', filters.container, defaults.container);
  return next;
}
