import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useMemo } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { containerSecurityApiRef } from '../api/ContainerSecurityApi';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
/** The largest page the audit route serves; beyond it the count reads "200+". */
export const RISKY_EVENTS_COUNTED = 200;

/**
 * How many risky CloudTrail events touched the current entity's AWS resources in the
 * last 7 days, and whether it has AWS resources at all.
 */
export function useEntityRiskyAuditCount() {
  const api = useApi(containerSecurityApiRef);
  const { entity } = useEntity();
  const { kind, namespace, name } = useMemo(
    () => getCompoundEntityRef(entity),
    [entity],
  );
  return useAsyncRetry(async () => {
    const page = await api.listEntityAuditEvents(
      { kind, namespace, name },
      {
        riskyOnly: true,
        from: new Date(Date.now() - WEEK_MS).toISOString(),
        limit: RISKY_EVENTS_COUNTED,
      },
    );
    return {
      hasAwsResources: page.hasAwsResources,
      count: page.items.length,
      more: Boolean(page.nextCursor),
      newest: page.items[0],
    };
  }, [api, kind, namespace, name]);
}
