import { useApi } from '@backstage/core-plugin-api';
import {
  falcoPrioritiesAtLeast,
  ScorecardEntry,
} from '@containersec/plugin-container-security-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { containerSecurityApiRef } from '../api/ContainerSecurityApi';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
/** The largest page the risky-events route serves; beyond it the count reads "200+". */
export const ORG_RISKY_EVENTS_COUNTED = 200;

/** The services with the lowest scores first (ties: more critical findings first). */
export function worstFirst(entries: ScorecardEntry[]): ScorecardEntry[] {
  return [...entries]
    .filter(e => e.kind === 'Component')
    .sort(
      (a, b) =>
        a.score - b.score ||
        b.counts.critical - a.counts.critical ||
        a.entityRef.localeCompare(b.entityRef),
    );
}

/** Every service's latest posture, for the worst-first and isolation figures. */
export function useOrgScorecards() {
  const api = useApi(containerSecurityApiRef);
  return useAsyncRetry(() => api.getScorecards(), [api]);
}

/** Alerts of priority Critical or worse across the estate in the last 7 days. */
export function useOrgCriticalAlerts() {
  const api = useApi(containerSecurityApiRef);
  return useAsyncRetry(async () => {
    const overview = await api.getAlertsOverview({
      from: new Date(Date.now() - WEEK_MS).toISOString(),
    });
    const severe = new Set<string>(falcoPrioritiesAtLeast('Critical'));
    const pick = (key: 'count' | 'previousCount') =>
      overview.priorities
        .filter(p => severe.has(p.key))
        .reduce((n, p) => n + p[key], 0);
    return { count: pick('count'), previousCount: pick('previousCount') };
  }, [api]);
}

/** Risky CloudTrail events across the estate in the last 7 days. */
export function useOrgRiskyEventCount() {
  const api = useApi(containerSecurityApiRef);
  return useAsyncRetry(async () => {
    const page = await api.listRiskyAuditEvents({
      from: new Date(Date.now() - WEEK_MS).toISOString(),
      limit: ORG_RISKY_EVENTS_COUNTED,
    });
    return {
      count: page.items.length,
      more: Boolean(page.nextCursor),
      services: new Set(page.items.flatMap(e => e.entityRefs)).size,
    };
  }, [api]);
}
