import { useApi } from '@backstage/core-plugin-api';
import { containerSecurityApiRef } from '../api/ContainerSecurityApi';
import { AuditFilterState, useAuditPages } from './useEntityAuditPages';

/** Risky CloudTrail events org-wide, newest first, with `loadMore` for older pages. */
export function useRiskyEvents(filters: AuditFilterState) {
  const api = useApi(containerSecurityApiRef);
  return useAuditPages(query => api.listRiskyAuditEvents(query), filters, [
    api,
  ]);
}
