import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useSignal } from '@backstage/plugin-signals-react';
import {
  RESPONDERS_ORG_SIGNAL_CHANNEL,
  ResponderActionStatus,
  responderSignalChannel,
} from '@containersec/plugin-container-security-common';
import { useEffect, useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { containerSecurityApiRef } from '../api/ContainerSecurityApi';
import { useKeysetPages } from './useKeysetPages';

/** Counts the messages of a signal channel: a new value means "refetch". */
function useSignalGeneration(channel: string) {
  const { lastSignal, isSignalsAvailable } = useSignal(channel);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (lastSignal) setGeneration(g => g + 1);
  }, [lastSignal]);
  return { generation, isSignalsAvailable };
}

/**
 * The live signal of the current entity's responder actions: `generation` changes
 * whenever one of its actions is created or changes status.
 */
export function useEntityRespondersSignal() {
  const { entity } = useEntity();
  const entityRef = useMemo(() => stringifyEntityRef(entity), [entity]);
  return useSignalGeneration(responderSignalChannel(entityRef));
}

/** Changes whenever any responder action is created or changes status. */
export function useRespondersOrgSignal() {
  return useSignalGeneration(RESPONDERS_ORG_SIGNAL_CHANNEL);
}

/** The functions that can be run on the current entity and its pending approvals. */
export function useEntityResponders(generation = 0) {
  const api = useApi(containerSecurityApiRef);
  const { entity } = useEntity();
  const { kind, namespace, name } = useMemo(
    () => getCompoundEntityRef(entity),
    [entity],
  );
  return useAsyncRetry(
    () => api.getEntityResponders({ kind, namespace, name }),
    [api, kind, namespace, name, generation],
  );
}

/** The current entity's responder actions, newest first, keyset-paged. */
export function useEntityResponderActions(generation = 0, limit = 20) {
  const api = useApi(containerSecurityApiRef);
  const { entity } = useEntity();
  const { kind, namespace, name } = useMemo(
    () => getCompoundEntityRef(entity),
    [entity],
  );
  return useKeysetPages(
    cursor =>
      api.listEntityResponderActions(
        { kind, namespace, name },
        { limit, cursor },
      ),
    [api, kind, namespace, name, limit, generation],
  );
}

/** Every responder action (or those of one status), newest first, keyset-paged. */
export function useResponderActions(
  status: ResponderActionStatus | undefined,
  generation = 0,
  limit = 20,
) {
  const api = useApi(containerSecurityApiRef);
  return useKeysetPages(
    cursor => api.listResponderActions({ status, limit, cursor }),
    [api, status, limit, generation],
  );
}

/** Responders across the estate: kill switch, limits, rules and their modes. */
export function useRespondersOverview(generation = 0) {
  const api = useApi(containerSecurityApiRef);
  return useAsyncRetry(() => api.getRespondersOverview(), [api, generation]);
}
