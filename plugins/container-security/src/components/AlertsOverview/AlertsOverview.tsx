import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  AlertCountWithChange,
  AlertsOverviewResponse,
} from '@containersec/plugin-container-security-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import Tab from '@material-ui/core/Tab';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tabs from '@material-ui/core/Tabs';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import {
  useAlertsOrgSignal,
  useAlertsOverview,
  useAlertsUnattributed,
} from '../../hooks/useAlertsOverview';
import { AlertsTable } from '../AlertsSection/AlertsTable';
import { PRIORITIES_BOTTOM_UP } from '../AlertsSection/priorities';
import { useSecurityPalette } from '../../theme';
import { StackedHistogram } from '../AlertsSection/StackedHistogram';

const HOUR = 3_600_000;
const RANGES = [
  { label: 'Last 24 hours', ms: 24 * HOUR },
  { label: 'Last 7 days', ms: 7 * 24 * HOUR },
  { label: 'Last 30 days', ms: 30 * 24 * HOUR },
];

/** "+3 (+50%)", "−2 (−100%)", "new", or "no change", against the previous period. */
export function describeChange(count: number, previous: number): string {
  const delta = count - previous;
  if (delta === 0) return 'no change';
  if (previous === 0) return 'new';
  const pct = Math.round((delta / previous) * 100);
  const sign = delta > 0 ? '+' : '−';
  return `${sign}${Math.abs(delta)} (${sign}${Math.abs(pct)}%)`;
}

function ServiceName(props: { value: string }) {
  if (props.value === 'unattributed' || props.value === 'other') {
    return <em>{props.value}</em>;
  }
  return <EntityRefLink entityRef={props.value} />;
}

function CountTable(props: {
  label: string;
  heading: string;
  rows: AlertCountWithChange[];
  service?: boolean;
}) {
  if (props.rows.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        Nothing in this period.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label={props.label}>
      <TableHead>
        <TableRow>
          <TableCell>{props.heading}</TableCell>
          <TableCell align="right">Alerts</TableCell>
          <TableCell align="right">Previous period</TableCell>
          <TableCell align="right">Change</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.rows.map(r => (
          <TableRow key={r.key} data-testid={`${props.label}-row`}>
            <TableCell>
              {props.service ? <ServiceName value={r.key} /> : r.key}
            </TableCell>
            <TableCell align="right">{r.count}</TableCell>
            <TableCell align="right">{r.previousCount}</TableCell>
            <TableCell align="right">
              {describeChange(r.count, r.previousCount)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

type Split = 'priority' | 'rule' | 'service';

function Series(props: { value: AlertsOverviewResponse }) {
  const [split, setSplit] = useState<Split>('priority');
  const palette = useSecurityPalette();
  const { value } = props;
  const buckets = {
    priority: value.byPriority,
    rule: value.byRule,
    service: value.byService,
  }[split];
  const keys =
    split === 'priority'
      ? PRIORITIES_BOTTOM_UP
      : [...new Set(buckets.flatMap(b => Object.keys(b.counts)))].sort();
  const colorOf = (key: string) =>
    split === 'priority'
      ? palette.priority[key as keyof typeof palette.priority]
      : palette.series[keys.indexOf(key) % palette.series.length];
  return (
    <InfoCard title="Alerts over time">
      <Tabs
        value={split}
        onChange={(_e, next) => setSplit(next as Split)}
        indicatorColor="primary"
        textColor="primary"
        aria-label="Split alerts by"
      >
        <Tab value="priority" label="By priority" />
        <Tab value="rule" label="By rule" />
        <Tab value="service" label="By service" />
      </Tabs>
      <Box mt={2}>
        <StackedHistogram
          title={`Alerts by ${split}`}
          buckets={buckets}
          bucketMs={value.bucketMs}
          series={keys}
          colorOf={colorOf}
          height={160}
        />
      </Box>
    </InfoCard>
  );
}

function Unattributed(props: { generation: number }) {
  const { value, loading, error } = useAlertsUnattributed(props.generation);
  if (loading && !value) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value?.items.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        Every stored alert belongs to a service.
      </Typography>
    );
  }
  return (
    <AlertsTable label="Unattributed alerts" alerts={value.items} showService />
  );
}

/**
 * The org-wide Alerts tab: counts by priority, rule and service over time, the top
 * rules and services with their change against the previous period, and the alerts
 * no service owns. Reloads live when new alerts arrive.
 */
export function AlertsOverview() {
  const [rangeMs, setRangeMs] = useState(7 * 24 * HOUR);
  const generation = useAlertsOrgSignal();
  const { value, loading, error } = useAlertsOverview(rangeMs, generation);

  let body;
  if (loading && !value) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (value && value.total === 0 && value.previousTotal === 0) {
    body = (
      <EmptyState
        missing="data"
        title="No alerts in this period"
        description="Point Falco or Falcosidekick at the container-security webhook (see the README), or enable the demo replay."
      />
    );
  } else if (value) {
    body = (
      <Grid container spacing={3}>
        <Grid item xs={12} md={4}>
          <InfoCard title="Alerts">
            <Typography variant="h3" component="p" data-testid="alerts-total">
              {value.total}
            </Typography>
            <Typography variant="body2" color="textSecondary">
              {describeChange(value.total, value.previousTotal)} against the
              previous period ({value.previousTotal})
            </Typography>
            <Typography variant="body2" data-testid="alerts-unattributed-count">
              {value.unattributedCount} unattributed
            </Typography>
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={8}>
          <InfoCard title="By priority">
            <CountTable
              label="priorities"
              heading="Priority"
              rows={value.priorities}
            />
          </InfoCard>
        </Grid>
        <Grid item xs={12}>
          <Series value={value} />
        </Grid>
        <Grid item xs={12} md={6}>
          <InfoCard title="Top rules">
            <CountTable
              label="top-rules"
              heading="Rule"
              rows={value.topRules}
            />
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={6}>
          <InfoCard title="Services">
            <CountTable
              label="services"
              heading="Service"
              rows={value.services}
              service
            />
          </InfoCard>
        </Grid>
      </Grid>
    );
  }

  return (
    <Grid container spacing={3} direction="column">
      <Grid item>
        <TextField
          select
          size="small"
          variant="outlined"
          label="Period"
          value={rangeMs}
          onChange={e => setRangeMs(Number(e.target.value))}
          style={{ minWidth: 180 }}
        >
          {RANGES.map(r => (
            <MenuItem key={r.ms} value={r.ms}>
              {r.label}
            </MenuItem>
          ))}
        </TextField>
      </Grid>
      <Grid item>{body}</Grid>
      <Grid item>
        <InfoCard title="Unattributed alerts">
          <Unattributed generation={generation} />
        </InfoCard>
      </Grid>
    </Grid>
  );
}
