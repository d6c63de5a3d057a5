import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  AlertStatusRequest,
  FalcoAlertDetail,
} from '@containersec/plugin-container-security-common';
import { useCallback, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { containerSecurityApiRef } from '../api/ContainerSecurityApi';

/**
 * One alert of an entity with every field, and the action that changes its status
 * (the updated alert replaces the loaded one).
 */
export function useAlertDetail(entity: CompoundEntityRef, id?: string) {
  const api = useApi(containerSecurityApiRef);
  const { kind, namespace, name } = entity;
  const [updated, setUpdated] = useState<FalcoAlertDetail>();
  const state = useAsyncRetry(async () => {
    setUpdated(undefined);
    return id ? api.getEntityAlert({ kind, namespace, name }, id) : undefined;
  }, [api, kind, namespace, name, id]);
  const setStatus = useCallback(
    async (request: AlertStatusRequest) => {
      if (!id) return undefined;
      const detail = await api.setEntityAlertStatus(
        { kind, namespace, name },
        id,
        request,
      );
      setUpdated(detail);
      return detail;
    },
    [api, kind, namespace, name, id],
  );
  return { ...state, value: updated ?? state.value, setStatus };
}
