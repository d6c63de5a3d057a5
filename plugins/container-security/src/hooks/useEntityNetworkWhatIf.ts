import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useMemo } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { containerSecurityApiRef } from '../api/ContainerSecurityApi';

/**
 * Previews pasted policies against the current entity; nothing is applied. Returns the
 * last preview's state and the function that runs one.
 */
export function useEntityNetworkWhatIf() {
  const api = useApi(containerSecurityApiRef);
  const { entity } = useEntity();
  const ref = useMemo(() => getCompoundEntityRef(entity), [entity]);
  const { kind, namespace, name } = ref;
  return useAsyncFn(
    (policy: string) =>
      api.previewEntityNetworkPolicy({ kind, namespace, name }, { policy }),
    [api, kind, namespace, name],
  );
}
