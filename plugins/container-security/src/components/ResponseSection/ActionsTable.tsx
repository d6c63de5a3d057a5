import { ResponderAction } from '@containersec/plugin-container-security-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Collapse from '@material-ui/core/Collapse';
import IconButton from '@material-ui/core/IconButton';
import { makeStyles } from '@material-ui/core/styles';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import KeyboardArrowDownIcon from '@material-ui/icons/KeyboardArrowDown';
import KeyboardArrowUpIcon from '@material-ui/icons/KeyboardArrowUp';
import { Fragment, ReactNode, useState } from 'react';
import { ActionStatus } from './ActionStatus';
import {
  formatDuration,
  formatJson,
  formatRequester,
  formatTarget,
  formatTime,
  relativeTime,
  resultMessage,
} from './format';

const useStyles = makeStyles(theme => ({
  // A wide table scrolls inside its card; `contain` keeps its width out of the page's
  // layout, so the page itself never grows wider than the window.
  scroll: { overflowX: 'auto', width: '100%', contain: 'inline-size' },
  head: { whiteSpace: 'nowrap' },
  cell: { verticalAlign: 'top', overflowWrap: 'break-word' },
  nowrap: { verticalAlign: 'top', whiteSpace: 'nowrap' },
  wide: { verticalAlign: 'top', overflowWrap: 'break-word', minWidth: 140 },
  trigger: { verticalAlign: 'top', minWidth: 180, maxWidth: 320 },
  clamp: {
    display: '-webkit-box',
    WebkitLineClamp: 3,
    WebkitBoxOrient: 'vertical',
    overflow: 'hidden',
    overflowWrap: 'break-word',
  },
  mono: { fontFamily: 'monospace' },
  // A function name is one token: it scrolls with the table, never breaks inside.
  functionName: {
    verticalAlign: 'top',
    whiteSpace: 'nowrap',
    fontFamily: 'monospace',
  },
  pre: {
    margin: 0,
    padding: theme.spacing(1),
    maxHeight: 320,
    overflow: 'auto',
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    fontFamily: 'monospace',
    fontSize: theme.typography.caption.fontSize,
    backgroundColor: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
  },
}));

/** A titled block of preformatted text, or nothing when there is none. */
export function TextBlock(props: {
  title: string;
  text?: string;
  testId?: string;
}) {
  const classes = useStyles();
  if (!props.text) return null;
  return (
    <Box mt={1}>
      <Typography variant="subtitle2">{props.title}</Typography>
      <pre className={classes.pre} data-testid={props.testId}>
        {props.text}
      </pre>
    </Box>
  );
}

/** What came of an action, on a line or two. */
export function ResultSummary(props: { action: ResponderAction }) {
  const { action } = props;
  const { result } = action;
  if (action.status === 'pending-approval') {
    const expires = relativeTime(action.expiresAt);
    return (
      <Typography variant="body2" color="textSecondary">
        {expires
          ? `Awaiting approval; expires ${expires}`
          : 'Awaiting approval'}
      </Typography>
    );
  }
  if (!result) {
    return (
      <Typography variant="body2" color="textSecondary">
        —
      </Typography>
    );
  }
  const message = resultMessage(action);
  return (
    <Box data-testid="action-result">
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        style={{ gap: 4 }}
      >
        {result.statusCode !== undefined && (
          <Typography variant="body2" component="span">
            StatusCode {result.statusCode}
          </Typography>
        )}
        {result.functionError && (
          <Chip
            size="small"
            color="secondary"
            label={`FunctionError: ${result.functionError}`}
          />
        )}
      </Box>
      {message && (
        <Typography variant="body2" data-testid="action-result-message">
          {message}
        </Typography>
      )}
      {result.error && (
        <Typography variant="body2" color="error">
          {result.error}
        </Typography>
      )}
    </Box>
  );
}

/** Everything kept about an action: payloads, log tail, decision. */
export function ActionDetails(props: { action: ResponderAction }) {
  const { action } = props;
  return (
    <Box py={1} data-testid="action-details">
      <Typography variant="body2">
        {action.actionName} · {action.actionner} · {action.functionName}:
        {action.qualifier} · {action.invocationType}
      </Typography>
      {action.decidedBy && (
        <Typography variant="body2">
          {action.status === 'rejected' ? 'Rejected' : 'Approved'} by{' '}
          {action.decidedBy} at {formatTime(action.decidedAt)}
        </Typography>
      )}
      {action.expiresAt && action.status === 'pending-approval' && (
        <Typography variant="body2">
          Expires at {formatTime(action.expiresAt)}
        </Typography>
      )}
      <Typography variant="body2">
        Target: {formatTarget(action.target)}
      </Typography>
      {action.trigger && (
        <>
          <Typography variant="body2">
            Trigger: {action.trigger.kind} {action.trigger.id}
          </Typography>
          <TextBlock title="Trigger" text={action.trigger.summary} />
        </>
      )}
      <TextBlock title="Payload sent" text={formatJson(action.payload)} />
      <TextBlock
        title="Returned payload"
        text={formatJson(action.result?.payload)}
        testId="action-returned-payload"
      />
      <TextBlock
        title="Log tail"
        text={action.result?.logTail}
        testId="action-log-tail"
      />
      <TextBlock title="Error" text={action.result?.error} />
    </Box>
  );
}

/** Props of {@link ActionsTable}. */
export interface ActionsTableProps {
  actions: ResponderAction[];
  /** The table's accessible name. */
  label: string;
  /** Adds the service column (the org-wide view). */
  showService?: boolean;
  /** Buttons of a row, e.g. Approve and Reject. */
  renderDecision?: (action: ResponderAction) => ReactNode;
}

/** The workload and pod (or access key) on two lines; cluster and namespace in the tooltip. */
function TargetText(props: { action: ResponderAction }) {
  const { target } = props.action;
  const workload =
    target.kind && target.name ? `${target.kind}/${target.name}` : target.name;
  const second = target.pod
    ? `pod ${target.pod}`
    : target.accessKeyId &&
      `key ${target.accessKeyId}${
        target.userName ? ` (${target.userName})` : ''
      }`;
  if (!workload && !second) return <>—</>;
  return (
    <span title={formatTarget(target)}>
      {workload && (
        <Typography variant="body2" component="span" display="block">
          {workload}
        </Typography>
      )}
      {second && (
        <Typography variant="body2" component="span" display="block">
          {second}
        </Typography>
      )}
    </span>
  );
}

function ActionRow(
  props: Omit<ActionsTableProps, 'actions' | 'label'> & {
    action: ResponderAction;
    columns: number;
  },
) {
  const classes = useStyles();
  const { action } = props;
  const [open, setOpen] = useState(false);
  return (
    <Fragment>
      <TableRow data-testid="responder-action-row" data-action-id={action.id}>
        <TableCell padding="checkbox" className={classes.cell}>
          <IconButton
            size="small"
            aria-label={open ? 'Hide details' : 'Show details'}
            aria-expanded={open}
            onClick={() => setOpen(o => !o)}
          >
            {open ? <KeyboardArrowUpIcon /> : <KeyboardArrowDownIcon />}
          </IconButton>
        </TableCell>
        {props.renderDecision && (
          <TableCell className={classes.nowrap}>
            {props.renderDecision(action)}
          </TableCell>
        )}
        <TableCell className={classes.nowrap}>
          <ActionStatus action={action} />
          <Typography variant="caption" component="div" color="textSecondary">
            {formatTime(action.createdAt)}
          </Typography>
        </TableCell>
        <TableCell className={classes.cell}>
          {formatRequester(action)}
          <Typography variant="caption" component="div" color="textSecondary">
            {action.mode === 'manual' ? 'by hand' : `${action.mode} mode`}
          </Typography>
        </TableCell>
        {props.showService && (
          <TableCell className={classes.cell}>
            {action.entityRef ?? '—'}
          </TableCell>
        )}
        <TableCell
          className={classes.functionName}
          data-testid="responder-action-function"
        >
          {action.functionName}
        </TableCell>
        <TableCell className={classes.wide}>
          <TargetText action={action} />
        </TableCell>
        <TableCell className={classes.trigger}>
          {action.trigger ? (
            <>
              {action.trigger.severity && (
                <Typography variant="caption" component="div">
                  {action.trigger.severity}
                </Typography>
              )}
              <Typography
                variant="body2"
                className={classes.clamp}
                title={action.trigger.summary}
              >
                {action.trigger.summary}
              </Typography>
            </>
          ) : (
            '—'
          )}
        </TableCell>
        <TableCell className={classes.wide}>
          <ResultSummary action={action} />
        </TableCell>
        <TableCell className={classes.nowrap}>
          {formatDuration(action.result?.durationMs)}
        </TableCell>
      </TableRow>
      <TableRow>
        <TableCell
          colSpan={props.columns}
          style={open ? undefined : { paddingTop: 0, paddingBottom: 0 }}
        >
          <Collapse in={open} timeout="auto" unmountOnExit>
            <ActionDetails action={action} />
          </Collapse>
        </TableCell>
      </TableRow>
    </Fragment>
  );
}

/**
 * Responder actions as rows, newest first: status and when, who or which rule and the
 * mode, the function, target and trigger, the result and how long it took. Each row
 * expands to the payload sent, the returned payload and the log tail.
 */
export function ActionsTable(props: ActionsTableProps) {
  const classes = useStyles();
  const headers = [
    '',
    // First, so the buttons stay in view when the table scrolls sideways.
    ...(props.renderDecision ? ['Decision'] : []),
    'Status',
    'Requested by',
    ...(props.showService ? ['Service'] : []),
    'Function',
    'Target',
    'Trigger',
    'Result',
    'Duration',
  ];
  return (
    <div className={classes.scroll}>
      <Table size="small" aria-label={props.label}>
        <TableHead>
          <TableRow>
            {headers.map((h, i) => (
              <TableCell key={h || i} className={classes.head}>
                {h}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {props.actions.map(action => (
            <ActionRow
              key={action.id}
              action={action}
              columns={headers.length}
              showService={props.showService}
              renderDecision={props.renderDecision}
            />
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
