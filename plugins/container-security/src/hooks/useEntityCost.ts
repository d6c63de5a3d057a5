import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useMemo } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { containerSecurityApiRef } from '../api/ContainerSecurityApi';

/** The current entity's cost estimate and hints, reloaded when the entity changes. */
export function useEntityCost() {
  const api = useApi(containerSecurityApiRef);
  const { entity } = useEntity();
  const ref = useMemo(() => getCompoundEntityRef(entity), [entity]);
  const { kind, namespace, name } = ref;
  return useAsyncRetry(
    () => api.getEntityCost({ kind, namespace, name }),
    [api, kind, namespace, name],
  );
}
