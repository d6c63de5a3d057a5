import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import { useState } from 'react';
import { describeError } from '../../api/describeError';
import { containerSecurityApiRef } from '../../api/ContainerSecurityApi';

/** Schedules a rescan of the service's workloads; `onDone` once it is scheduled. */
export function RescanButton(props: { onDone: () => void }) {
  const api = useApi(containerSecurityApiRef);
  const alertApi = useApi(alertApiRef);
  const { entity } = useEntity();
  const [busy, setBusy] = useState(false);
  const refresh = async () => {
    setBusy(true);
    try {
      await api.refreshEntity({
        kind: entity.kind,
        namespace: entity.metadata.namespace ?? 'default',
        name: entity.metadata.name,
      });
      alertApi.post({
        message: 'Rescan scheduled; results appear when it completes.',
        severity: 'info',
        display: 'transient',
      });
      props.onDone();
    } catch (e) {
      alertApi.post({
        message: `Rescan not scheduled: ${describeError(e)}`,
        severity: 'error',
      });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button variant="outlined" disabled={busy} onClick={refresh}>
      Rescan
    </Button>
  );
}
