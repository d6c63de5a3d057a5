import {
  EmptyState,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  CostOverviewResponse,
  CostTotals,
} from '@containersec/plugin-container-security-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { useCostOverview } from '../../hooks/useCostOverview';
import { formatMoney } from '../CostCard';
import { SourceStatusAlert } from '../SourceStatusAlert';
import { Figure } from '../Figure';
import { useTableStyles } from '../TableParts';

/** `/catalog/<namespace>/<kind>/<name>` of a full ref, or undefined when it is not one. */
function catalogPath(ref: string): string | undefined {
  try {
    const { kind, namespace, name } = parseEntityRef(ref);
    return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
      kind.toLocaleLowerCase('en-US'),
    )}/${encodeURIComponent(name)}`;
  } catch {
    return undefined;
  }
}

function EntityLink(props: { entityRef: string; label?: string }) {
  const path = catalogPath(props.entityRef);
  const label = props.label ?? props.entityRef;
  return path ? <Link to={path}>{label}</Link> : <>{label}</>;
}

function Totals(props: { totals: CostTotals; currency: string }) {
  const { totals, currency } = props;
  return (
    <Paper>
      <Box p={2}>
        <Grid container spacing={2}>
          <Figure
            xs={12}
            sm={4}
            label="Estimated monthly cost"
            value={formatMoney(totals.monthlyCost, currency)}
            testId="cost-overview-monthly"
          />
          <Figure
            xs={12}
            sm={4}
            label="Potential savings a month"
            value={formatMoney(totals.potentialSavings, currency)}
            testId="cost-overview-savings"
          />
          <Figure
            xs={12}
            sm={4}
            label="Hints"
            value={String(totals.hintCount)}
            testId="cost-overview-hints"
          />
        </Grid>
      </Box>
    </Paper>
  );
}

interface SavingsTableProps {
  title: string;
  label: string;
  rows: Array<CostTotals & { key: string; name: ReactNode; extra?: ReactNode }>;
  extraLabel?: string;
  currency: string;
  testId: string;
}

function SavingsTable(props: SavingsTableProps) {
  const tables = useTableStyles();
  return (
    <TableContainer
      component={Paper}
      data-testid={props.testId}
      className={tables.container}
    >
      <Box p={2} pb={0}>
        <Typography variant="h6" component="h3">
          {props.title}
        </Typography>
      </Box>
      <Table size="small" aria-label={props.title} className={tables.table}>
        <TableHead>
          <TableRow>
            <TableCell>{props.label}</TableCell>
            {props.extraLabel && <TableCell>{props.extraLabel}</TableCell>}
            <TableCell align="right">Cost / month</TableCell>
            <TableCell align="right">Savings / month</TableCell>
            <TableCell align="right">Hints</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {props.rows.map(r => (
            <TableRow key={r.key}>
              <TableCell>{r.name}</TableCell>
              {props.extraLabel && <TableCell>{r.extra}</TableCell>}
              <TableCell align="right">
                {formatMoney(r.monthlyCost, props.currency)}
              </TableCell>
              <TableCell align="right">
                {formatMoney(r.potentialSavings, props.currency)}
              </TableCell>
              <TableCell align="right">{r.hintCount}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

/** The tables by owning team and by service. */
function savingsTables(
  value: CostOverviewResponse,
): Omit<SavingsTableProps, 'currency'>[] {
  return [
    {
      title: 'Savings by team',
      label: 'Team',
      testId: 'cost-by-team',
      extraLabel: 'Services',
      rows: value.byTeam.map(t => ({
        ...t,
        key: t.owner,
        name:
          t.owner === 'unowned' ? (
            'No owner'
          ) : (
            <EntityLink entityRef={t.owner} />
          ),
        extra: t.serviceCount,
      })),
    },
    {
      title: 'Savings by service',
      label: 'Service',
      testId: 'cost-by-service',
      extraLabel: 'Owner',
      rows: value.byService.map(s => ({
        ...s,
        key: s.entityRef,
        name: (
          <EntityLink
            entityRef={s.entityRef}
            label={s.title ?? parseEntityRef(s.entityRef).name}
          />
        ),
        extra: s.owner ? <EntityLink entityRef={s.owner} /> : 'No owner',
      })),
    },
  ];
}

/**
 * The Cost tab of the org-wide Security page: savings totals by owning team and by
 * service.
 */
export function CostOverview() {
  const { value, loading, error } = useCostOverview();
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;
  return (
    <Grid container spacing={3} direction="column">
      <Grid item>
        <SourceStatusAlert sources={value.sources} />
      </Grid>
      {value.byService.length === 0 ? (
        <Grid item>
          <EmptyState
            missing="data"
            title="No cost data yet"
            description="No service's workloads have metrics yet. Configure containerSecurity.cost and wait for the next pull."
          />
        </Grid>
      ) : (
        <>
          <Grid item>
            <Totals totals={value.totals} currency={value.currency} />
          </Grid>
          {savingsTables(value).map(t => (
            <Grid item key={t.testId}>
              <SavingsTable {...t} currency={value.currency} />
            </Grid>
          ))}
        </>
      )}
    </Grid>
  );
}
