import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { FalcoAlertSummary } from '@containersec/plugin-container-security-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  AlertOutput,
  DetailDrawer,
  FieldTable,
} from '../AlertsSection/AlertDetailDrawer';
import useAsync from 'react-use/esm/useAsync';
import { containerSecurityApiRef } from '../../api/ContainerSecurityApi';
import { useSecurityPalette } from '../../theme';

/**
 * An alert no service owns, opened from the org-wide list like an attributed one: its
 * output and every field of the event. No triage or responders, which act through a
 * service.
 */
export function UnattributedAlertDrawer(props: {
  alert?: FalcoAlertSummary;
  onClose: () => void;
}) {
  const palette = useSecurityPalette();
  const api = useApi(containerSecurityApiRef);
  const { alert } = props;
  const id = alert?.id;
  const detail = useAsync(
    async () => (id ? api.getUnattributedAlert(id) : undefined),
    [api, id],
  );
  return (
    <DetailDrawer
      open={Boolean(alert)}
      onClose={props.onClose}
      testId="unattributed-alert-detail"
    >
      {alert && (
        <>
          <Box display="flex" alignItems="center" style={{ gap: 8 }}>
            <Chip
              size="small"
              label={alert.priority}
              style={palette.chip(palette.priority[alert.priority])}
            />
            <Typography variant="h6" component="h2">
              {alert.rule}
            </Typography>
          </Box>
          <Box mt={1}>
            <Alert severity="info">
              No service owns this pod yet, so it cannot be triaged or responded
              to here. It is attributed once a service&apos;s Kubernetes
              annotations select its workload.
            </Alert>
          </Box>
          <AlertOutput output={alert.output} />
          <FieldTable
            title="Alert"
            fields={(
              [
                ['time', alert.time],
                ['rule', alert.rule],
                ['priority', alert.priority],
                ['status', alert.status],
                ['source', alert.source],
                ['hostname', alert.hostname],
                ['cluster', alert.cluster],
                ['namespace', alert.namespace],
                ['pod', alert.pod],
                ['container', alert.container],
                ['tags', alert.tags.join(', ')],
              ] as Array<[string, unknown]>
            ).filter(([, v]) => v !== undefined && v !== '')}
          />
          {detail.loading && <Progress />}
          {detail.error && (
            <Box mt={2}>
              <ResponseErrorPanel
                error={detail.error}
                title="The event's fields did not load"
              />
            </Box>
          )}
          {detail.value && (
            <>
              <FieldTable
                title="Output fields"
                fields={Object.entries(detail.value.outputFields).sort(
                  ([a], [b]) => a.localeCompare(b),
                )}
              />
              <FieldTable
                title="Other fields"
                fields={Object.entries(detail.value.extraFields).sort(
                  ([a], [b]) => a.localeCompare(b),
                )}
              />
            </>
          )}
        </>
      )}
    </DetailDrawer>
  );
}
