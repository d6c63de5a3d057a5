import {
  CostHint,
  EntityCostResponse,
  ResourceUsageSummary,
} from '@containersec/plugin-container-security-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { useEntityCost } from '../../hooks/useEntityCost';
import { CostSummary, formatMoney, NoCostDataEmptyState } from '../CostCard';
import { SourceStatusAlert } from '../SourceStatusAlert';
import { SectionHeader } from '../SectionHeader';
import { SecurityPalette, useSecurityPalette } from '../../theme';
import { useTableStyles } from '../TableParts';
import { LoadingOrUnavailable } from '../LoadingOrUnavailable';

/** Hint types in a fixed order, so each keeps its series colour. */
const HINT_TYPES: CostHint['type'][] = [
  'right-size',
  'idle',
  'spot',
  'schedule',
  'limit-risk',
];

function hintColor(palette: SecurityPalette, type: CostHint['type']) {
  // An OOM risk is a warning, not a saving.
  if (type === 'limit-risk') return palette.severity.high;
  return palette.series[HINT_TYPES.indexOf(type) % palette.series.length];
}

/** A short name for a hint, e.g. "Right-size CPU" or "OOM risk". */
export function hintLabel(hint: CostHint): string {
  switch (hint.type) {
    case 'right-size':
      return hint.resource === 'memory'
        ? 'Right-size memory'
        : 'Right-size CPU';
    case 'limit-risk':
      return hint.resource === 'memory' ? 'OOM risk' : 'Throttling risk';
    case 'idle':
      return 'Idle';
    case 'spot':
      return 'Spot';
    case 'schedule':
      return 'Scale down off hours';
    default:
      return hint.type;
  }
}

const cpu = (cores: number | undefined) => {
  if (cores === undefined) return '–';
  return cores < 1
    ? `${Math.round(cores * 1000)}m`
    : `${Number(cores.toFixed(2))}`;
};
const memory = (bytes: number | undefined) => {
  if (bytes === undefined) return '–';
  const mi = bytes / 1024 ** 2;
  return mi >= 1024
    ? `${Number((mi / 1024).toFixed(2))}Gi`
    : `${Math.round(mi)}Mi`;
};
const usage = (
  r: ResourceUsageSummary,
  format: (n: number | undefined) => string,
) => `${format(r.request)} / ${format(r.p95)}`;

function HintsTable(props: { cost: EntityCostResponse }) {
  const palette = useSecurityPalette();
  const tables = useTableStyles();
  const { cost } = props;
  if (cost.hints.length === 0) {
    return (
      <Typography variant="body2" data-testid="cost-no-hints">
        No hints: requests match usage, limits leave room for peaks, and nothing
        is idle.
      </Typography>
    );
  }
  return (
    <TableContainer component={Paper} className={tables.container}>
      <Table size="small" aria-label="Cost hints" className={tables.table}>
        <TableHead>
          <TableRow>
            <TableCell>Workload</TableCell>
            <TableCell>Hint</TableCell>
            <TableCell>Current</TableCell>
            <TableCell>Suggested</TableCell>
            <TableCell align="right">Savings / month</TableCell>
            <TableCell>Why</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {cost.hints.map(h => (
            <TableRow
              key={`${h.workload.cluster}/${h.workload.namespace}/${h.workload.kind}/${h.workload.name}/${h.type}/${h.resource}`}
              data-testid="cost-hint-row"
            >
              <TableCell>
                <Typography variant="body2">{h.workload.name}</Typography>
                <Typography variant="caption" color="textSecondary">
                  {`${h.workload.kind || 'Workload'} · ${h.workload.namespace}`}
                </Typography>
              </TableCell>
              <TableCell>
                <Chip
                  size="small"
                  label={hintLabel(h)}
                  style={palette.chip(hintColor(palette, h.type))}
                />
              </TableCell>
              <TableCell>{h.current}</TableCell>
              <TableCell>{h.suggested}</TableCell>
              <TableCell align="right">
                {h.monthlySavings > 0
                  ? formatMoney(h.monthlySavings, cost.currency)
                  : '–'}
              </TableCell>
              <TableCell>
                <Typography variant="body2">{h.why}</Typography>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

function WorkloadsTable(props: { cost: EntityCostResponse }) {
  const tables = useTableStyles();
  const { cost } = props;
  return (
    <TableContainer component={Paper} className={tables.container}>
      <Table size="small" aria-label="Workload cost" className={tables.table}>
        <TableHead>
          <TableRow>
            <TableCell>Workload</TableCell>
            <TableCell align="right">Replicas</TableCell>
            <TableCell>CPU request / p95 per pod</TableCell>
            <TableCell>Memory request / p95 per pod</TableCell>
            <TableCell>Capacity</TableCell>
            <TableCell align="right">Cost / month</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {cost.workloads.map(w => (
            <TableRow
              key={`${w.source}/${w.workload.cluster}/${w.workload.namespace}/${w.workload.name}`}
              data-testid="cost-workload-row"
            >
              <TableCell>{`${w.workload.kind || 'Workload'}/${
                w.workload.name
              }`}</TableCell>
              <TableCell align="right">{w.replicas}</TableCell>
              <TableCell>{usage(w.cpu, cpu)}</TableCell>
              <TableCell>{usage(w.memory, memory)}</TableCell>
              <TableCell>
                {w.capacityType === 'fargate' ? 'Fargate' : 'EC2'}
              </TableCell>
              <TableCell align="right">
                {formatMoney(w.monthlyCost, cost.currency)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

function Body() {
  const { value, loading, error } = useEntityCost();
  if (loading || error) {
    return <LoadingOrUnavailable loading={loading} error={error} what="Cost" />;
  }
  if (!value) return null;
  return (
    <>
      <SourceStatusAlert sources={value.sources} />
      {value.workloads.length === 0 ? (
        <NoCostDataEmptyState />
      ) : (
        <>
          <Box mb={2} data-testid="cost-summary">
            <Paper>
              <Box p={2}>
                <CostSummary cost={value} />
              </Box>
            </Paper>
          </Box>
          <Box mb={2}>
            <Typography variant="h6" component="h3" gutterBottom>
              Hints
            </Typography>
            <HintsTable cost={value} />
          </Box>
          <Box mb={2}>
            <Typography variant="h6" component="h3" gutterBottom>
              Workloads
            </Typography>
            <WorkloadsTable cost={value} />
          </Box>
        </>
      )}
      {value.workloadsWithoutMetrics.length > 0 && (
        <Typography
          variant="body2"
          color="textSecondary"
          data-testid="cost-without-metrics"
        >
          {`No metrics for: ${value.workloadsWithoutMetrics
            .map(w => `${w.kind}/${w.name}`)
            .join(', ')}`}
        </Typography>
      )}
    </>
  );
}

/**
 * The Cost section of the Security tab: the estimate, savings and every cost hint with
 * its reasons. Figures come from the last scheduled metrics pull.
 */
export function CostSection() {
  return (
    <section data-testid="cost-section">
      <SectionHeader
        title="Cost"
        description="Monthly estimate and savings from workload CPU and memory metrics"
      />
      <Body />
    </section>
  );
}
