import {
  Content,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { isContainerSecurityAvailable } from '@containersec/plugin-container-security-common';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import { useState } from 'react';
import { describeError } from '../../api/describeError';
import { containerSecurityApiRef } from '../../api/ContainerSecurityApi';
import { useEntityWorkloads } from '../../hooks/useEntityWorkloads';
import {
  MissingKubernetesAnnotation,
  NoWorkloadsEmptyState,
} from '../EmptyStates';
import { AlertsSection } from '../AlertsSection';
import { CostSection } from '../CostSection';
import { AuditSection } from '../AuditSection';
import { NetworkSection } from '../NetworkSection';
import { PostureSection } from '../PostureSection';
import { ResponseSection } from '../ResponseSection';
import { SourceStatusAlert } from '../SourceStatusAlert';
import { VulnerabilitiesSection } from '../VulnerabilitiesSection';
import { WorkloadsTable } from '../WorkloadsTable';
import { SectionHeader } from '../SectionHeader';

function RefreshButton(props: { onDone: () => void }) {
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

function Workloads(props: { onRescanScheduled: () => void }) {
  const { value, loading, error, retry } = useEntityWorkloads();
  const onDone = () => {
    retry();
    props.onRescanScheduled();
  };
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  return (
    <Grid container spacing={3} direction="column">
      <Grid item>
        <SectionHeader
          title="Workloads"
          description="Workloads whose labels match this entity's Kubernetes annotations"
        >
          <RefreshButton onDone={onDone} />
        </SectionHeader>
        <SourceStatusAlert sources={value?.sources ?? []} />
      </Grid>
      <Grid item>
        <WorkloadsTable
          title="Workloads"
          workloads={value?.workloads ?? []}
          emptyContent={<NoWorkloadsEmptyState />}
        />
      </Grid>
    </Grid>
  );
}

function SecurityTab() {
  // Remounting the posture and vulnerabilities sections after a rescan is scheduled
  // reloads them too.
  const [generation, setGeneration] = useState(0);
  // A Respond run from an alert reloads the Response area (signals may be off).
  const [responses, setResponses] = useState(0);
  return (
    <Grid container spacing={3} direction="column">
      <Grid item>
        <PostureSection key={generation} />
      </Grid>
      <Grid item>
        <AlertsSection onResponded={() => setResponses(r => r + 1)} />
      </Grid>
      <Grid item>
        <ResponseSection generation={responses} />
      </Grid>
      <Grid item>
        <VulnerabilitiesSection key={generation} />
      </Grid>
      <Grid item>
        <NetworkSection key={generation} />
      </Grid>
      <Grid item>
        <CostSection />
      </Grid>
      <Grid item>
        <AuditSection />
      </Grid>
      <Grid item>
        <Workloads onRescanScheduled={() => setGeneration(g => g + 1)} />
      </Grid>
    </Grid>
  );
}

/**
 * The Security tab of an entity page.
 *
 * @public
 */
export function EntitySecurityContent() {
  const { entity } = useEntity();
  return (
    <Content>
      {isContainerSecurityAvailable(entity) ? (
        <SecurityTab />
      ) : (
        <MissingKubernetesAnnotation />
      )}
    </Content>
  );
}
