import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useMemo } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { containerSecurityApiRef } from '../api/ContainerSecurityApi';
import { AlertFilterState, alertRequestOf } from './useEntityAlerts';

/** Counts of the current entity's alerts per time bucket and priority. */
export function useEntityAlertsHistogram(
  filters: AlertFilterState,
  generation = 0,
) {
  const api = useApi(containerSecurityApiRef);
  const { entity } = useEntity();
  const ref = useMemo(() => getCompoundEntityRef(entity), [entity]);
  const { kind, namespace, name } = ref;
  const filterKey = JSON.stringify(filters);
  return useAsyncRetry(
    () =>
      api.getEntityAlertHistogram(
        { kind, namespace, name },
        alertRequestOf(JSON.parse(filterKey)),
      ),
    [api, kind, namespace, name, filterKey, generation],
  );
}
