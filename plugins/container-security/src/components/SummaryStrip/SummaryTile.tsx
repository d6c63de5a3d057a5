import Box from '@material-ui/core/Box';
import CircularProgress from '@material-ui/core/CircularProgress';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { describeError } from '../../api/describeError';

const useStyles = makeStyles(theme => ({
  tile: {
    height: '100%',
    display: 'block',
    padding: theme.spacing(1.5, 2),
    color: 'inherit',
    textDecoration: 'none',
    '&:hover, &:focus-visible': {
      backgroundColor: theme.palette.action.hover,
    },
    '&:focus-visible': {
      outline: `2px solid ${theme.palette.primary.main}`,
      outlineOffset: 2,
    },
  },
  value: {
    fontSize: theme.typography.h5.fontSize,
    fontWeight: theme.typography.fontWeightMedium as number,
    lineHeight: 1.3,
    overflowWrap: 'anywhere',
  },
  detail: { overflowWrap: 'anywhere' },
}));

/** What one summary figure currently knows. */
export type SummaryTileState =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  /** Nothing to say, with the reason (no AWS resources, nothing scanned …). */
  | { status: 'empty'; text: string }
  | { status: 'ready'; value: ReactNode; detail?: ReactNode };

/** Props of {@link SummaryTile}. */
export interface SummaryTileProps {
  /** What the figure is, such as "Open alerts". */
  label: string;
  /** Where the figure leads: the area that explains it. */
  to: string;
  testId: string;
  state: SummaryTileState;
}

/**
 * One figure of a summary strip: a link to the area behind it that shows the figure,
 * or its own loading, error or empty state (one figure failing leaves the others alone).
 */
export function SummaryTile(props: SummaryTileProps) {
  const classes = useStyles();
  const { state } = props;
  let value: ReactNode;
  let detail: ReactNode;
  if (state.status === 'loading') {
    value = (
      <CircularProgress size={20} aria-label={`Loading ${props.label}`} />
    );
  } else if (state.status === 'error') {
    value = '—';
    detail = `Could not load: ${describeError(state.error)}`;
  } else if (state.status === 'empty') {
    value = '—';
    detail = state.text;
  } else {
    value = state.value;
    detail = state.detail;
  }
  return (
    <Paper variant="outlined" component="li" style={{ height: '100%' }}>
      <RouterLink
        to={props.to}
        className={classes.tile}
        data-testid={props.testId}
        aria-busy={state.status === 'loading' || undefined}
      >
        <Typography variant="body2" color="textSecondary" component="span">
          {props.label}
        </Typography>
        <Box className={classes.value}>{value}</Box>
        {detail && (
          <Typography
            variant="caption"
            color="textSecondary"
            component="span"
            className={classes.detail}
            data-testid={`${props.testId}-detail`}
          >
            {detail}
          </Typography>
        )}
      </RouterLink>
    </Paper>
  );
}

/** The list the tiles sit in: as many columns as fit, at least 170 px each. */
export function SummaryTiles(props: { label: string; children: ReactNode }) {
  return (
    <Box
      component="ul"
      aria-label={props.label}
      display="grid"
      gridGap={12}
      p={0}
      m={0}
      style={{
        listStyle: 'none',
        gridTemplateColumns: 'repeat(auto-fill, minmax(170px, 1fr))',
      }}
    >
      {props.children}
    </Box>
  );
}

/** What an async hook (react-use's `useAsync` family) holds. */
export interface AsyncLike<T> {
  loading: boolean;
  error?: unknown;
  value?: T;
}

/** The tile state of one async figure; `render` decides between a value and "empty". */
export function tileStateOf<T>(
  async: AsyncLike<T>,
  render: (value: T) => SummaryTileState,
): SummaryTileState {
  if (async.error) return { status: 'error', error: async.error };
  if (async.loading || async.value === undefined) return { status: 'loading' };
  return render(async.value);
}
