import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import { useRouteRef } from '@backstage/core-plugin-api';
import { EntityRefLink, entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  AlertCountWithChange,
  AlertsOverviewResponse,
  FalcoAlertSummary,
  falcoPriorityRank,
  FalcoPriority,
} from '@containersec/plugin-container-security-common';
import Link from '@material-ui/core/Link';
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
import { useCallback, useMemo, useState } from 'react';
import { Link as RouterLink, useSearchParams } from 'react-router-dom';
import {
  useAlertsOrgSignal,
  useAlertsOverview,
  useAlertsUnattributed,
} from '../../hooks/useAlertsOverview';
import { AlertsTable } from '../AlertsSection/AlertsTable';
import { LoadMore } from '../LoadMore';
import { useTableStyles } from '../TableParts';
import { UnattributedAlertDrawer } from './UnattributedAlertDrawer';
import { PRIORITIES_BOTTOM_UP } from '../AlertsSection/priorities';
import { useFieldLabelStyles, useSecurityPalette } from '../../theme';
import { StackedHistogram } from '../AlertsSection/StackedHistogram';

const HOUR = 3_600_000;
/** Periods by their URL spelling (`?period=`), with the words for "the previous …". */
const RANGES = [
  { param: '24h', label: 'Last 24 hours', ms: 24 * HOUR, span: '24 hours' },
  { param: '7d', label: 'Last 7 days', ms: 7 * 24 * HOUR, span: '7 days' },
  { param: '30d', label: 'Last 30 days', ms: 30 * 24 * HOUR, span: '30 days' },
];
const DEFAULT_RANGE = RANGES[1];

/** "+3 (+50%)", "−2 (−100%)", "new (none before)", or "no change", against the previous period. */
export function describeChange(count: number, previous: number): string {
  const delta = count - previous;
  if (delta === 0) return 'no change';
  if (previous === 0) return 'new (none before)';
  const pct = Math.round((delta / previous) * 100);
  const sign = delta > 0 ? '+' : '−';
  return `${sign}${Math.abs(delta)} (${sign}${Math.abs(pct)}%)`;
}

/**
 * The total against the period of the same length before it, in words: "8 in the
 * previous 7 days: up 4 (+50%)", "none in the previous 7 days", "same as the previous 7 days".
 */
export function describePeriodChange(
  count: number,
  previous: number,
  span: string,
): string {
  if (previous === 0) {
    return count === 0
      ? `none in the previous ${span} either`
      : `none in the previous ${span}`;
  }
  if (count === previous) return `same as the previous ${span} (${previous})`;
  const delta = count - previous;
  const pct = Math.round((Math.abs(delta) / previous) * 100);
  return `${previous} in the previous ${span}: ${
    delta > 0 ? 'up' : 'down'
  } ${Math.abs(delta)} (${delta > 0 ? '+' : '−'}${pct}%)`;
}

/** Rows of the priority table from most to least severe, not by count. */
export function bySeverity(rows: AlertCountWithChange[]) {
  return [...rows].sort(
    (a, b) =>
      falcoPriorityRank(b.key as FalcoPriority) -
      falcoPriorityRank(a.key as FalcoPriority),
  );
}

/** The path of a service's Security tab area with a query (`/catalog/…/security/alerts?…`). */
function useEntityAreaLink() {
  const entityRoute = useRouteRef(entityRouteRef);
  return useCallback(
    (entityRef: string, area: string, query: URLSearchParams) => {
      const { kind, namespace, name } = parseEntityRef(entityRef);
      const base = entityRoute({
        kind: kind.toLocaleLowerCase('en-US'),
        namespace: namespace.toLocaleLowerCase('en-US'),
        name,
      });
      return `${base}/security/${area}?${query.toString()}`;
    },
    [entityRoute],
  );
}

function ServiceName(props: { value: string; rangeParam: string }) {
  const areaLink = useEntityAreaLink();
  if (props.value === 'unattributed' || props.value === 'other') {
    return <em>{props.value}</em>;
  }
  return (
    <>
      <EntityRefLink entityRef={props.value} />{' '}
      <Link
        component={RouterLink}
        to={areaLink(
          props.value,
          'alerts',
          new URLSearchParams({ range: props.rangeParam }),
        )}
        variant="caption"
        data-testid="service-alerts-link"
      >
        (alerts)
      </Link>
    </>
  );
}

function CountTable(props: {
  label: string;
  heading: string;
  rows: AlertCountWithChange[];
  service?: boolean;
  rangeParam?: string;
  /** A link for a row's key (rules: the list filtered to that rule). */
  linkOf?: (key: string) => string;
}) {
  const tables = useTableStyles();
  if (props.rows.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        Nothing in this period.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label={props.label} className={tables.table}>
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
              {props.service && (
                <ServiceName
                  value={r.key}
                  rangeParam={props.rangeParam ?? DEFAULT_RANGE.param}
                />
              )}
              {!props.service && props.linkOf && (
                <Link component={RouterLink} to={props.linkOf(r.key)}>
                  {r.key}
                </Link>
              )}
              {!props.service && !props.linkOf && r.key}
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

function Unattributed(props: { generation: number; rule?: string }) {
  const pages = useAlertsUnattributed(props.generation);
  const [open, setOpen] = useState<FalcoAlertSummary>();
  if (pages.loading) return <Progress />;
  if (pages.error) return <ResponseErrorPanel error={pages.error} />;
  const items = props.rule
    ? pages.items.filter(a => a.rule === props.rule)
    : pages.items;
  if (!pages.items.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        Every stored alert belongs to a service.
      </Typography>
    );
  }
  return (
    <>
      {props.rule && (
        <Typography variant="body2" color="textSecondary" gutterBottom>
          {`Showing the loaded alerts of rule "${props.rule}".`}
        </Typography>
      )}
      <AlertsTable
        label="Unattributed alerts"
        alerts={items}
        showService
        grouped
        onOpen={setOpen}
      />
      <LoadMore {...pages} noun="alerts" />
      <UnattributedAlertDrawer
        alert={open}
        onClose={() => setOpen(undefined)}
      />
    </>
  );
}

/**
 * The org-wide Alerts tab: counts by priority, rule and service over time, the top
 * rules and services with their change against the previous period, and the alerts
 * no service owns. Reloads live when new alerts arrive.
 */
export function AlertsOverview() {
  // The period and the rule filter live in the URL, so a link reproduces the view.
  const [searchParams, setSearchParams] = useSearchParams();
  const range =
    RANGES.find(r => r.param === searchParams.get('period')) ?? DEFAULT_RANGE;
  const rule = searchParams.get('rule') ?? undefined;
  const setParam = useCallback(
    (key: string, value: string | undefined) =>
      setSearchParams(
        current => {
          const next = new URLSearchParams(current);
          if (value === undefined) next.delete(key);
          else next.set(key, value);
          return next;
        },
        { replace: true },
      ),
    [setSearchParams],
  );
  const paramsKey = searchParams.toString();
  const ruleLink = useMemo(
    () => (key: string) => {
      const next = new URLSearchParams(paramsKey);
      next.set('rule', key);
      return `?${next.toString()}#unattributed-alerts`;
    },
    [paramsKey],
  );
  const rangeMs = range.ms;
  const labels = useFieldLabelStyles();
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
            <Typography
              variant="body2"
              color="textSecondary"
              data-testid="alerts-previous-period"
            >
              {describePeriodChange(
                value.total,
                value.previousTotal,
                range.span,
              )}
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
              rows={bySeverity(value.priorities)}
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
              linkOf={ruleLink}
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
              rangeParam={range.param}
            />
          </InfoCard>
        </Grid>
      </Grid>
    );
  }

  return (
    // A single-line flex column: a wrapping one (Grid direction="column") sizes its items
    // to their widest content, so a wide table widened the page instead of scrolling.
    <Box display="flex" flexDirection="column" style={{ gap: 24 }} minWidth={0}>
      <Box minWidth={0}>
        <TextField
          select
          size="small"
          variant="outlined"
          label="Period"
          InputLabelProps={{ className: labels.label }}
          value={range.param}
          onChange={e =>
            setParam(
              'period',
              e.target.value === DEFAULT_RANGE.param
                ? undefined
                : String(e.target.value),
            )
          }
          style={{ minWidth: 180 }}
        >
          {RANGES.map(r => (
            <MenuItem key={r.param} value={r.param}>
              {r.label}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      <Box minWidth={0}>{body}</Box>
      <Box minWidth={0}>
        <div id="unattributed-alerts">
          <InfoCard
            title="Unattributed alerts"
            action={
              rule ? (
                <Link
                  component="button"
                  onClick={() => setParam('rule', undefined)}
                >
                  Show every rule
                </Link>
              ) : undefined
            }
          >
            <Unattributed generation={generation} rule={rule} />
          </InfoCard>
        </div>
      </Box>
    </Box>
  );
}
