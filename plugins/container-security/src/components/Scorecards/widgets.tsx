import { Sparkline } from '../Sparkline';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  CampaignProgress,
  Grade,
  GRADES,
  getCheckDefinition,
  RISK_LEVELS,
  RiskLevel,
  SEVERITIES,
  SeverityCounts,
} from '@containersec/plugin-container-security-common';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';
import { SecurityPalette, useSecurityPalette } from '../../theme';

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    width: '100%',
    height: 28,
    borderRadius: theme.shape.borderRadius,
    overflow: 'hidden',
    backgroundColor: theme.palette.action.hover,
  },
  barSegment: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    fontWeight: theme.typography.fontWeightBold as number,
    fontSize: 12,
    minWidth: 0,
    overflow: 'hidden',
    whiteSpace: 'nowrap',
  },
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    marginTop: theme.spacing(1),
  },
  legendSwatch: {
    display: 'inline-block',
    width: 10,
    height: 10,
    borderRadius: 2,
    marginRight: theme.spacing(0.5),
  },
  counts: {
    display: 'inline-flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
  },
  count: {
    display: 'inline-block',
    minWidth: 22,
    padding: '1px 4px',
    borderRadius: 3,
    fontSize: 12,
    textAlign: 'center',
    lineHeight: '16px',
  },
  matrix: {
    borderCollapse: 'separate',
    borderSpacing: 4,
    '& th': {
      fontWeight: 'normal',
      fontSize: 12,
      color: theme.palette.text.secondary,
      padding: theme.spacing(0.5),
    },
  },
  cell: {
    width: 64,
    height: 48,
    border: 'none',
    borderRadius: theme.shape.borderRadius,
    fontSize: 18,
    fontWeight: theme.typography.fontWeightBold as number,
    cursor: 'pointer',
    color: theme.palette.text.primary,
    '&:disabled': { cursor: 'default' },
    '&:focus-visible': { outline: `2px solid ${theme.palette.primary.main}` },
  },
  cellSelected: {
    outline: `3px solid ${theme.palette.primary.main}`,
  },
  listRow: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(0.5, 0),
  },
  listLabel: { flex: '1 1 auto', minWidth: 0 },
  listBar: { flex: '0 0 30%' },
}));

/** The score with an arrow and the change from the score about a week before. */
export function ScoreDelta(props: { score: number; previousScore?: number }) {
  const { score, previousScore } = props;
  const palette = useSecurityPalette();
  if (previousScore === undefined) {
    return <span data-testid="score-delta">{score}</span>;
  }
  const delta = score - previousScore;
  let arrow = '→';
  let color: string | undefined;
  let change = '±0';
  if (delta > 0) {
    arrow = '↑';
    color = palette.good;
    change = `+${delta}`;
  } else if (delta < 0) {
    arrow = '↓';
    color = palette.bad;
    change = `${delta}`;
  }
  return (
    <span
      data-testid="score-delta"
      title={`${previousScore} a week before`}
      style={{ whiteSpace: 'nowrap' }}
    >
      {score}{' '}
      <span style={{ color }}>
        {arrow} {change}
      </span>
    </span>
  );
}

/** Finding counts, one small coloured number per severity (C, H, M, L, I). */
export function CompactCounts(props: { counts: SeverityCounts }) {
  const classes = useStyles();
  const palette = useSecurityPalette();
  return (
    <span className={classes.counts}>
      {SEVERITIES.map(severity => {
        const count = props.counts[severity] ?? 0;
        return (
          <span
            key={severity}
            className={classes.count}
            title={`${count} ${severity}`}
            aria-label={`${count} ${severity}`}
            style={
              count > 0
                ? palette.chip(palette.severity[severity])
                : { border: `1px solid ${palette.subtleBorder}` }
            }
          >
            {count}
          </span>
        );
      })}
    </span>
  );
}

/** A stacked bar of entities per grade, A to F, with a legend. */
export function GradeDistributionBar(props: {
  distribution: Record<Grade, number>;
}) {
  const classes = useStyles();
  const palette = useSecurityPalette();
  const total = GRADES.reduce((n, g) => n + (props.distribution[g] ?? 0), 0);
  return (
    <div data-testid="grade-distribution">
      <div
        className={classes.bar}
        role="img"
        aria-label={`Grades: ${GRADES.map(
          g => `${props.distribution[g] ?? 0} ${g}`,
        ).join(', ')}`}
      >
        {GRADES.filter(g => (props.distribution[g] ?? 0) > 0).map(g => {
          const count = props.distribution[g];
          return (
            <div
              key={g}
              className={classes.barSegment}
              data-testid={`grade-distribution-${g}`}
              title={`${count} graded ${g}`}
              style={{
                width: `${Math.round((count / total) * 1000) / 10}%`,
                ...palette.chip(palette.grade[g]),
              }}
            >
              {g}
            </div>
          );
        })}
      </div>
      <div className={classes.legend}>
        {GRADES.map(g => (
          <Typography
            key={g}
            variant="body2"
            component="span"
            data-testid={`grade-count-${g}`}
          >
            <span
              className={classes.legendSwatch}
              style={{ backgroundColor: palette.grade[g] }}
            />
            {g}: {props.distribution[g] ?? 0}
          </Typography>
        ))}
      </div>
    </div>
  );
}

/** Background of a risk cell: greener low-low, redder high-high. */
function riskColor(
  palette: SecurityPalette,
  likelihood: RiskLevel,
  impact: RiskLevel,
  count: number,
) {
  if (count === 0) return palette.emptyCell;
  const rank = RISK_LEVELS.indexOf(likelihood) + RISK_LEVELS.indexOf(impact);
  return palette.heat[rank];
}

export type RiskCell = { likelihood: RiskLevel; impact: RiskLevel };

/** Counts per likelihood × impact cell. */
export function riskCounts(
  entries: Array<{ risk: RiskCell }>,
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const l of RISK_LEVELS) {
    for (const i of RISK_LEVELS) counts[`${l}-${i}`] = 0;
  }
  for (const e of entries) {
    const key = `${e.risk.likelihood}-${e.risk.impact}`;
    if (key in counts) counts[key] += 1;
  }
  return counts;
}

/**
 * The 3×3 likelihood (rows, high at the top) × impact (columns) matrix with the number
 * of entities in each cell; a click selects a cell, a second click clears it.
 */
export function RiskMatrix(props: {
  entries: Array<{ risk: RiskCell }>;
  selected?: RiskCell;
  onSelect?: (cell: RiskCell | undefined) => void;
}) {
  const classes = useStyles();
  const palette = useSecurityPalette();
  const counts = riskCounts(props.entries);
  const rows = [...RISK_LEVELS].reverse();
  return (
    <table className={classes.matrix} data-testid="risk-matrix">
      <thead>
        <tr>
          <th scope="col">Likelihood ↓ / Impact →</th>
          {RISK_LEVELS.map(impact => (
            <th key={impact} scope="col">
              {impact}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map(likelihood => (
          <tr key={likelihood}>
            <th scope="row">{likelihood}</th>
            {RISK_LEVELS.map(impact => {
              const count = counts[`${likelihood}-${impact}`];
              const isSelected =
                props.selected?.likelihood === likelihood &&
                props.selected?.impact === impact;
              return (
                <td key={impact}>
                  <button
                    type="button"
                    data-testid={`risk-cell-${likelihood}-${impact}`}
                    aria-label={`${count} with ${likelihood} likelihood and ${impact} impact`}
                    aria-pressed={isSelected}
                    className={`${classes.cell} ${
                      isSelected ? classes.cellSelected : ''
                    }`}
                    style={{
                      backgroundColor: riskColor(
                        palette,
                        likelihood,
                        impact,
                        count,
                      ),
                    }}
                    disabled={!props.onSelect || (count === 0 && !isSelected)}
                    onClick={() =>
                      props.onSelect?.(
                        isSelected ? undefined : { likelihood, impact },
                      )
                    }
                  >
                    {count}
                  </button>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface BarRowProps {
  label: ReactNode;
  /** The bar's accessible name, in words. */
  name: string;
  value: number;
  max: number;
  testId?: string;
}

/** A label with a bar proportional to `value / max` and the number. */
function BarRow(props: BarRowProps) {
  const classes = useStyles();
  return (
    <div className={classes.listRow} data-testid={props.testId}>
      <div className={classes.listLabel}>{props.label}</div>
      <LinearProgress
        className={classes.listBar}
        variant="determinate"
        aria-label={props.name}
        value={props.max > 0 ? (props.value / props.max) * 100 : 0}
      />
      <Typography variant="body2" style={{ minWidth: 32, textAlign: 'right' }}>
        {props.value}
      </Typography>
    </div>
  );
}

/** Rows of {@link BarRow} scaled to the largest value, or `emptyText` when there are none. */
function BarList(props: {
  rows: Array<Omit<BarRowProps, 'max'> & { key: string }>;
  emptyText: string;
  testId: string;
}) {
  if (props.rows.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        {props.emptyText}
      </Typography>
    );
  }
  const max = Math.max(...props.rows.map(r => r.value));
  return (
    <div data-testid={props.testId}>
      {props.rows.map(({ key, ...row }) => (
        <BarRow key={key} {...row} max={max} />
      ))}
    </div>
  );
}

/** The checks failing for the most entities, with their titles. */
export function TopFailingChecks(props: {
  checks: Array<{ checkId: string; entities: number }>;
}) {
  return (
    <BarList
      testId="top-failing-checks"
      emptyText="No failing checks"
      rows={props.checks.map(c => {
        const title = getCheckDefinition(c.checkId)?.title ?? c.checkId;
        return {
          key: c.checkId,
          testId: `failing-check-${c.checkId}`,
          name: `${title}: ${c.entities} failing`,
          label: (
            <Typography variant="body2" title={c.checkId}>
              {title}
            </Typography>
          ),
          value: c.entities,
        };
      })}
    />
  );
}

/** Entities per level. */
export function LevelsList(props: {
  levels: Array<{ name: string; entities: number }>;
}) {
  return (
    <BarList
      testId="levels"
      emptyText="No levels configured"
      rows={props.levels.map(l => ({
        key: l.name,
        testId: `level-${l.name}`,
        name: `${l.name}: ${l.entities}`,
        label: <Typography variant="body2">{l.name}</Typography>,
        value: l.entities,
      }))}
    />
  );
}

/** Share of entities meeting the goal over the days with snapshots, as a tiny line. */
export function CampaignHistory(props: {
  history: CampaignProgress['history'];
  width?: number;
  height?: number;
}) {
  const width = props.width ?? 120;
  const height = props.height ?? 28;
  if (props.history.length < 2) {
    return (
      <Typography variant="caption" color="textSecondary">
        No history yet
      </Typography>
    );
  }
  const shares = props.history.map(h =>
    h.total > 0 ? Math.round((h.met / h.total) * 100) : 0,
  );
  const first = props.history[0];
  const last = props.history[props.history.length - 1];
  const label = `Met the goal: ${first.met}/${first.total} on ${first.date}, ${last.met}/${last.total} on ${last.date}`;
  return (
    <Sparkline
      values={shares}
      width={width}
      height={height}
      label={label}
      testId="campaign-history"
    />
  );
}

function goalText(goal: CampaignProgress['goal']) {
  const parts: string[] = [];
  if (goal.level) parts.push(`level ${goal.level}`);
  if (goal.minScore !== undefined) parts.push(`score ≥ ${goal.minScore}`);
  return parts.length ? parts.join(' and ') : 'no goal set';
}

const SHORTFALL_SHOWN = 10;

/** One campaign: owner, deadline, goal, progress, who is still short, history. */
export function CampaignView(props: { campaign: CampaignProgress }) {
  const c = props.campaign;
  const palette = useSecurityPalette();
  const percent = c.total > 0 ? (c.met / c.total) * 100 : 0;
  const deadline = new Date(c.deadline);
  const overdue = deadline.getTime() < Date.now() && c.met < c.total;
  return (
    <Box mb={3} data-testid={`campaign-${c.id}`}>
      <Typography variant="subtitle1">
        <strong>{c.title}</strong>
      </Typography>
      <Typography variant="body2" color="textSecondary" component="div">
        Owner: <EntityRefLink entityRef={c.owner} defaultKind="group" /> ·
        Deadline:{' '}
        <span style={overdue ? { color: palette.bad } : undefined}>
          {Number.isNaN(deadline.getTime())
            ? c.deadline
            : deadline.toISOString().slice(0, 10)}
          {overdue ? ' (overdue)' : ''}
        </span>{' '}
        · Goal: {goalText(c.goal)}
      </Typography>
      <Box display="flex" alignItems="center" style={{ gap: 8 }} mt={1}>
        <Box flex="1 1 auto">
          <LinearProgress
            variant="determinate"
            value={percent}
            aria-label={`${c.met} of ${c.total} meet the goal`}
          />
        </Box>
        <Typography variant="body2" data-testid={`campaign-${c.id}-progress`}>
          {c.met}/{c.total}
        </Typography>
        <CampaignHistory history={c.history} />
      </Box>
      {c.shortfall.length > 0 ? (
        <Typography variant="body2" component="div">
          Still short:{' '}
          {c.shortfall.slice(0, SHORTFALL_SHOWN).map((ref, i) => (
            <span key={ref}>
              {i > 0 ? ', ' : ''}
              <EntityRefLink entityRef={ref} />
            </span>
          ))}
          {c.shortfall.length > SHORTFALL_SHOWN
            ? ` and ${c.shortfall.length - SHORTFALL_SHOWN} more`
            : ''}
        </Typography>
      ) : (
        <Typography variant="body2" color="textSecondary">
          Every entity meets the goal
        </Typography>
      )}
    </Box>
  );
}
