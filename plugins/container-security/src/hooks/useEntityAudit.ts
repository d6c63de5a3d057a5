import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useMemo } from 'react';
import { containerSecurityApiRef } from '../api/ContainerSecurityApi';
import { AuditFilterState, useAuditPages } from './useEntityAuditPages';

/** The current entity's CloudTrail events, newest first, with `loadMore` for older pages. */
export function useEntityAudit(filters: AuditFilterState) {
  const api = useApi(containerSecurityApiRef);
  const { entity } = useEntity();
  const { kind, namespace, name } = useMemo(
    () => getCompoundEntityRef(entity),
    [entity],
  );
  return useAuditPages(
    query => api.listEntityAuditEvents({ kind, namespace, name }, query),
    filters,
    [api, kind, namespace, name],
  );
}
