import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { containerSecurityApiRef } from '../api/ContainerSecurityApi';

/** Savings totals by owning team and by service. */
export function useCostOverview() {
  const api = useApi(containerSecurityApiRef);
  return useAsyncRetry(() => api.getCostOverview(), [api]);
}
