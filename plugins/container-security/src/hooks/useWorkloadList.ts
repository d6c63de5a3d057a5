import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { containerSecurityApiRef } from '../api/ContainerSecurityApi';

/** The org-wide workload list (first 1,000, the API's page limit). */
export function useWorkloadList(namespace?: string) {
  const api = useApi(containerSecurityApiRef);
  return useAsyncRetry(
    () => api.listWorkloads({ namespace, limit: 1000 }),
    [api, namespace],
  );
}
