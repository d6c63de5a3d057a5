import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  EntityNetworkResponse,
  NetworkDirection,
  NetworkFindingView,
} from '@containersec/plugin-container-security-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import { useEntityNetwork } from '../../hooks/useEntityNetwork';
import { NetworkGraph } from './NetworkGraph';
import { PeersTable } from './PeersTable';
import { PolicyList, policyTitle } from './PolicyList';
import { WhatIfPanel } from './WhatIfPanel';
import { SectionHeader } from '../SectionHeader';
import { useSecurityPalette } from '../../theme';

function IsolationChip(props: {
  direction: NetworkDirection;
  isolated: boolean;
}) {
  const palette = useSecurityPalette();
  return (
    <Chip
      data-testid={`network-isolation-${props.direction}`}
      label={`${props.direction}: ${
        props.isolated ? 'isolated' : 'not isolated'
      }`}
      style={palette.chip(props.isolated ? palette.good : palette.bad)}
    />
  );
}

function Findings(props: { findings: NetworkFindingView[] }) {
  const palette = useSecurityPalette();
  if (props.findings.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No network findings.
      </Typography>
    );
  }
  return (
    <List dense data-testid="network-findings">
      {props.findings.map((f, i) => (
        <ListItem key={`${f.id}-${f.policy ?? ''}-${f.rule ?? ''}-${i}`}>
          <Chip
            size="small"
            label={f.severity}
            style={{
              ...palette.chip(palette.severity[f.severity]),
              marginRight: 8,
            }}
          />
          <ListItemText primary={f.message} secondary={f.id} />
        </ListItem>
      ))}
    </List>
  );
}

/** The network picture of a service, from an answer already loaded. */
export function NetworkView(props: { network: EntityNetworkResponse }) {
  const { network } = props;
  const policyNames = useMemo(
    () => new Map(network.policies.map(p => [p.id, policyTitle(p)])),
    [network.policies],
  );
  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <Box display="flex" style={{ gap: 8 }} flexWrap="wrap">
          <IsolationChip
            direction="ingress"
            isolated={network.isolation.ingress.isolated}
          />
          <IsolationChip
            direction="egress"
            isolated={network.isolation.egress.isolated}
          />
          {/* Primary text: the secondary grey falls below AA on this grey box. */}
          <Typography variant="body2">
            {network.workloads.length} workload
            {network.workloads.length === 1 ? '' : 's'}:{' '}
            {network.workloads.join(', ')}
          </Typography>
        </Box>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Findings">
          <Findings findings={network.findings} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title="Allowed flows"
          subheader="Arrows point from the side that opens the connection"
        >
          <NetworkGraph graph={network.graph} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Who can reach this service">
          <PeersTable
            testId="network-reachable-from"
            peers={network.reachableFrom}
            policyNames={policyNames}
            emptyText="Nothing can open a connection to this service."
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Whom this service can reach">
          <PeersTable
            testId="network-reachable-to"
            peers={network.reachableTo}
            policyNames={policyNames}
            emptyText="This service cannot open connections to anything."
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Policies selecting this service's pods">
          <PolicyList
            policies={network.policies}
            emptyText="No policy selects this service's pods: all traffic in and out is allowed."
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="What-if">
          <WhatIfPanel />
        </InfoCard>
      </Grid>
    </Grid>
  );
}

/**
 * The Network section of the Security tab: isolation, findings, the flow graph, who can
 * reach the service and whom it reaches, the policies, and a what-if preview.
 *
 * @public
 */
export function NetworkSection() {
  const { value, loading, error } = useEntityNetwork();
  let body;
  if (loading) body = <Progress />;
  else if (error) body = <ResponseErrorPanel error={error} />;
  else if (!value || value.workloads.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title="No workloads to analyse"
        description="The network section shows policies once this entity's workloads are synced."
      />
    );
  } else body = <NetworkView network={value} />;
  return (
    <Box data-testid="network-section">
      <SectionHeader
        title="Network"
        description="Kubernetes and Calico policies around this service, evaluated as the dataplane enforces them"
      />
      {body}
    </Box>
  );
}
