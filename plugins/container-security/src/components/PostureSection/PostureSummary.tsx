import { Sparkline } from '../Sparkline';
import {
  Grade,
  PostureSnapshot,
  SEVERITIES,
  Severity,
  SeverityCounts,
} from '@containersec/plugin-container-security-common';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useSecurityPalette } from '../../theme';

const useStyles = makeStyles(theme => ({
  badge: {
    display: 'inline-flex',
    alignItems: 'center',
    justifyContent: 'center',
    borderRadius: theme.shape.borderRadius,
    fontWeight: theme.typography.fontWeightBold as number,
    lineHeight: 1,
  },
  badgeLarge: { width: 48, height: 48, fontSize: 28 },
  badgeSmall: { width: 24, height: 24, fontSize: 14 },
  chips: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
  },
  trend: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
}));

/** A coloured square holding only the grade letter. */
export function GradeBadge(props: {
  grade: Grade;
  size?: 'small' | 'large';
  'data-testid'?: string;
}) {
  const classes = useStyles();
  const palette = useSecurityPalette();
  const size = props.size ?? 'large';
  return (
    <span
      className={`${classes.badge} ${
        size === 'large' ? classes.badgeLarge : classes.badgeSmall
      }`}
      style={palette.chip(palette.grade[props.grade])}
      title={`Grade ${props.grade}`}
      data-testid={props['data-testid']}
    >
      {props.grade}
    </span>
  );
}

/** A small chip naming a severity in its colour. */
export function SeverityChip(props: { severity: Severity }) {
  const palette = useSecurityPalette();
  return (
    <Chip
      size="small"
      label={props.severity}
      style={palette.chip(palette.severity[props.severity])}
    />
  );
}

/** Finding counts by severity, one chip each, most severe first. */
export function SeverityCountChips(props: { counts: SeverityCounts }) {
  const classes = useStyles();
  const palette = useSecurityPalette();
  return (
    <div className={classes.chips}>
      {SEVERITIES.map(severity => {
        const count = props.counts[severity] ?? 0;
        return (
          <Chip
            key={severity}
            size="small"
            data-testid={`count-${severity}`}
            variant={count > 0 ? 'default' : 'outlined'}
            label={`${count} ${severity}`}
            style={
              count > 0 ? palette.chip(palette.severity[severity]) : undefined
            }
          />
        );
      })}
    </div>
  );
}

/**
 * The index of the last snapshot whose scoring model differs from the one before it
 * (snapshots without a model count as model 1), or undefined when the model never changed.
 */
export function scoreModelChange(trend: PostureSnapshot[]): number | undefined {
  let change: number | undefined;
  for (let i = 1; i < trend.length; i++) {
    if ((trend[i].scoreModel ?? 1) !== (trend[i - 1].scoreModel ?? 1)) {
      change = i;
    }
  }
  return change;
}

/** The score over the stored snapshots as a tiny line; no chart library. */
export function ScoreTrend(props: {
  trend: PostureSnapshot[];
  width?: number;
  height?: number;
}) {
  const classes = useStyles();
  const width = props.width ?? 120;
  const height = props.height ?? 32;
  if (props.trend.length < 2) {
    return (
      <Typography variant="body2" color="textSecondary">
        No history yet
      </Typography>
    );
  }
  const scores = props.trend.map(s => s.score);
  const first = scores[0];
  const last = scores[scores.length - 1];
  const modelChange = scoreModelChange(props.trend);
  const changeNote =
    modelChange !== undefined
      ? `Scoring changed on ${props.trend[modelChange].takenAt.slice(
          0,
          10,
        )}: earlier points use the old model and are not comparable`
      : undefined;
  const label = `Score trend over ${
    scores.length
  } snapshots: ${first} to ${last}${changeNote ? `. ${changeNote}` : ''}`;
  return (
    <span className={classes.trend}>
      <Sparkline
        values={scores}
        width={width}
        height={height}
        label={label}
        testId="score-trend"
        markLast
        breakBefore={modelChange}
      />
      <Typography variant="caption" color="textSecondary">
        {first} → {last}
      </Typography>
      {changeNote && (
        <Typography
          variant="caption"
          color="textSecondary"
          data-testid="score-model-change"
        >
          {changeNote}
        </Typography>
      )}
    </span>
  );
}

/** Grade badge, score, counts by severity and the trend, side by side. */
export function PostureHeadline(props: {
  score?: number;
  grade?: Grade;
  counts: SeverityCounts;
  trend: PostureSnapshot[];
  gradeTestId?: string;
}) {
  const classes = useStyles();
  return (
    <div
      className={classes.chips}
      style={{ alignItems: 'center', gap: 16 }}
      data-testid="posture-headline"
    >
      {props.grade ? (
        <GradeBadge grade={props.grade} data-testid={props.gradeTestId} />
      ) : null}
      <div>
        <Typography variant="h5" component="p" data-testid="posture-score">
          {props.score !== undefined ? `${props.score}/100` : 'No score'}
        </Typography>
        <Typography variant="caption" color="textSecondary">
          Posture score
        </Typography>
      </div>
      <SeverityCountChips counts={props.counts} />
      <ScoreTrend trend={props.trend} />
    </div>
  );
}
