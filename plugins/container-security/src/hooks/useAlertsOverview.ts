import { useApi } from '@backstage/core-plugin-api';
import { useSignal } from '@backstage/plugin-signals-react';
import { ALERTS_ORG_SIGNAL_CHANNEL } from '@containersec/plugin-container-security-common';
import { useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { containerSecurityApiRef } from '../api/ContainerSecurityApi';
import { useKeysetPages } from './useKeysetPages';

/** Changes whenever the backend reports new alerts anywhere (the org channel). */
export function useAlertsOrgSignal() {
  const { lastSignal } = useSignal(ALERTS_ORG_SIGNAL_CHANNEL);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (lastSignal) setGeneration(g => g + 1);
  }, [lastSignal]);
  return generation;
}

/** The org-wide alert picture of the last `rangeMs`, compared with the period before. */
export function useAlertsOverview(rangeMs: number, generation = 0) {
  const api = useApi(containerSecurityApiRef);
  return useAsyncRetry(
    () =>
      api.getAlertsOverview({
        from: new Date(Date.now() - rangeMs).toISOString(),
      }),
    [api, rangeMs, generation],
  );
}

/** The alerts no service owns, newest first, keyset-paged (`loadMore` appends older ones). */
export function useAlertsUnattributed(generation = 0) {
  const api = useApi(containerSecurityApiRef);
  return useKeysetPages(
    cursor =>
      api.listUnattributedAlerts(
        cursor ? { limit: 50, cursor } : { limit: 50 },
      ),
    [api, generation],
  );
}
