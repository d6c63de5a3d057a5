import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  containerSecurityApiRef,
  ScorecardFilter,
} from '../api/ContainerSecurityApi';

/**
 * The org-wide scorecards for the filter, fetched again when a filter changes. The
 * previous value stays while the next one loads.
 */
export function useScorecards(filter: ScorecardFilter = {}) {
  const api = useApi(containerSecurityApiRef);
  const { owner, system, domain, kind } = filter;
  return useAsyncRetry(
    () =>
      api.getScorecards({
        owner: owner || undefined,
        system: system || undefined,
        domain: domain || undefined,
        kind: kind || undefined,
      }),
    [api, owner, system, domain, kind],
  );
}
