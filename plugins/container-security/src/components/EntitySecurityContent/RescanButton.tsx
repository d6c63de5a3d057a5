import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { useEffect, useMemo, useRef, useState } from 'react';
import { describeError } from '../../api/describeError';
import { containerSecurityApiRef } from '../../api/ContainerSecurityApi';
import { useNotify } from '../../hooks/useNotify';
import { useEntityActPermission } from '../../hooks/useResponderPermissions';
import { useWorkloadSyncSignal } from '../../hooks/useWorkloadSyncSignal';

type Phase = 'idle' | 'scheduling' | 'running';

/**
 * Schedules a rescan of the service's workloads, then shows it running until the
 * backend's "sync finished" signal arrives and calls `onDone` so the page reloads its
 * data. Without signals in the app it calls `onDone` once the rescan is scheduled and
 * says results follow. Disabled, with the reason, for users who may not act on the entity.
 */
export function RescanButton(props: { onDone: () => void }) {
  const api = useApi(containerSecurityApiRef);
  const notify = useNotify();
  const { entity } = useEntity();
  const entityRef = useMemo(() => stringifyEntityRef(entity), [entity]);
  const permission = useEntityActPermission(entityRef);
  const { lastSync, isSignalsAvailable } = useWorkloadSyncSignal();
  const [phase, setPhase] = useState<Phase>('idle');
  // The sync signal seen when the rescan was asked for: only a newer one ends it.
  const syncAtRequest = useRef<string | undefined>();
  const { onDone } = props;

  useEffect(() => {
    if (phase !== 'running' || !lastSync) return;
    if (lastSync.finishedAt === syncAtRequest.current) return;
    setPhase('idle');
    notify({ title: 'Rescan finished', status: 'success' });
    onDone();
  }, [phase, lastSync, notify, onDone]);

  const rescan = async () => {
    setPhase('scheduling');
    syncAtRequest.current = lastSync?.finishedAt;
    try {
      await api.refreshEntity({
        kind: entity.kind,
        namespace: entity.metadata.namespace ?? 'default',
        name: entity.metadata.name,
      });
      if (isSignalsAvailable) {
        setPhase('running');
      } else {
        setPhase('idle');
        notify({
          title: 'Rescan scheduled',
          description: 'Reload the page in a minute to see its results.',
          status: 'info',
        });
        onDone();
      }
    } catch (e) {
      setPhase('idle');
      notify({
        title: 'Rescan not scheduled',
        description: describeError(e),
        status: 'danger',
      });
    }
  };

  if (permission.loading) return null;
  if (!permission.allowed) {
    return (
      <Tooltip title="You may not rescan this entity: it needs the container-security.entity.act permission.">
        {/* A disabled button gets no pointer events; the span carries the tooltip. */}
        <span data-testid="rescan-not-allowed">
          <Button variant="outlined" disabled>
            Rescan
          </Button>
        </span>
      </Tooltip>
    );
  }
  const busy = phase !== 'idle';
  return (
    <Box display="inline-flex" alignItems="center" style={{ gap: 8 }}>
      {busy && (
        <Box
          display="inline-flex"
          alignItems="center"
          style={{ gap: 8 }}
          role="status"
          data-testid="rescan-progress"
        >
          <CircularProgress size={18} aria-hidden />
          <Typography variant="body2" color="textSecondary">
            {phase === 'scheduling'
              ? 'Scheduling a rescan…'
              : 'Rescanning: the page updates when the sync finishes'}
          </Typography>
        </Box>
      )}
      <Button variant="outlined" disabled={busy} onClick={rescan}>
        Rescan
      </Button>
    </Box>
  );
}
