import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  AlertStatus,
  FalcoAlertDetail,
} from '@containersec/plugin-container-security-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Drawer from '@material-ui/core/Drawer';
import IconButton from '@material-ui/core/IconButton';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import CloseIcon from '@material-ui/icons/Close';
import Alert from '@material-ui/lab/Alert';
import { FormEvent, ReactNode, useState } from 'react';
import { describeError } from '../../api/describeError';
import { useAlertDetail } from '../../hooks/useAlertDetail';
import { RespondButton } from '../RespondDialog';
import { useSecurityPalette } from '../../theme';

/** Any field value as plain text; objects and lists as JSON. */
export function fieldText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return JSON.stringify(value);
}

/** Field names and values; a name is never broken, its column as wide as the longest. */
/** The side drawer of one alert's details, with its close button. */
export function DetailDrawer(props: {
  open: boolean;
  onClose: () => void;
  testId: string;
  children: ReactNode;
}) {
  return (
    <Drawer anchor="right" open={props.open} onClose={props.onClose}>
      <Box
        width={640}
        maxWidth="100vw"
        p={3}
        role="dialog"
        aria-label="Alert details"
        data-testid={props.testId}
      >
        <Box display="flex" justifyContent="flex-end">
          <IconButton aria-label="Close" onClick={props.onClose} size="small">
            <CloseIcon />
          </IconButton>
        </Box>
        {props.children}
      </Box>
    </Drawer>
  );
}

/** An alert's output line, wrapped anywhere: Falco outputs run long without spaces. */
export function AlertOutput(props: { output: string }) {
  return (
    <Box mt={1}>
      <Typography variant="subtitle2">Output</Typography>
      <Typography
        component="pre"
        variant="body2"
        data-testid="alert-output"
        style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
      >
        {props.output}
      </Typography>
    </Box>
  );
}

export function FieldTable(props: {
  title: string;
  fields: Array<[string, unknown]>;
}) {
  if (props.fields.length === 0) return null;
  return (
    <Box mt={2}>
      <Typography variant="subtitle2">{props.title}</Typography>
      <Table size="small" aria-label={props.title}>
        <TableBody>
          {props.fields.map(([key, value]) => (
            <TableRow key={key}>
              <TableCell
                component="th"
                scope="row"
                data-testid="alert-field-name"
                style={{
                  fontFamily: 'monospace',
                  verticalAlign: 'top',
                  whiteSpace: 'nowrap',
                  // Shrinks to the longest name, leaving the rest to the values.
                  width: '1%',
                }}
              >
                {key}
              </TableCell>
              <TableCell
                style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}
              >
                {fieldText(value)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

const ACTIONS: Array<{ status: AlertStatus; label: string }> = [
  { status: 'acknowledged', label: 'Acknowledge' },
  { status: 'resolved', label: 'Resolve' },
  { status: 'open', label: 'Reopen' },
];

function StatusForm(props: {
  alert: FalcoAlertDetail;
  canAct: boolean;
  onSubmit: (status: AlertStatus, comment: string) => Promise<unknown>;
}) {
  const { alert, canAct } = props;
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (status: AlertStatus, e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await props.onSubmit(status, comment.trim());
      setComment('');
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box mt={2}>
      <Typography variant="subtitle2">Triage</Typography>
      {!canAct && (
        <Alert severity="info" data-testid="alert-act-not-permitted">
          You can read this service's alerts but not acknowledge or resolve them
          (permission container-security.entity.act).
        </Alert>
      )}
      <TextField
        label="Comment"
        multiline
        minRows={2}
        fullWidth
        variant="outlined"
        margin="dense"
        value={comment}
        disabled={!canAct || busy}
        onChange={e => setComment(e.target.value)}
        inputProps={{ maxLength: 2000, 'aria-label': 'Comment' }}
        helperText="Required; recorded with your name and the time."
      />
      <Box display="flex" style={{ gap: 8 }}>
        {ACTIONS.filter(a => a.status !== alert.status).map(a => (
          <Button
            key={a.status}
            variant="contained"
            color={a.status === 'resolved' ? 'primary' : 'default'}
            disabled={!canAct || busy || comment.trim() === ''}
            onClick={() => submit(a.status)}
          >
            {a.label}
          </Button>
        ))}
      </Box>
      {error && (
        <Box mt={1}>
          <Alert severity="error" data-testid="alert-status-error">
            {error}
          </Alert>
        </Box>
      )}
    </Box>
  );
}

function DetailBody(props: {
  entity: CompoundEntityRef;
  alert: FalcoAlertDetail;
  canAct: boolean;
  onStatus: (status: AlertStatus, comment: string) => Promise<unknown>;
  onResponded?: () => void;
}) {
  const { alert } = props;
  const palette = useSecurityPalette();
  const summary: Array<[string, unknown]> = [
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
    [
      'workload',
      alert.workload
        ? `${alert.workload.kind}/${alert.workload.namespace}/${alert.workload.name}`
        : undefined,
    ],
    ['tags', alert.tags.join(', ')],
    ['received', alert.receivedAt],
  ];
  return (
    <>
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <Chip
          size="small"
          label={alert.priority}
          style={palette.chip(palette.priority[alert.priority])}
        />
        <Typography variant="h6" component="h2" style={{ flexGrow: 1 }}>
          {alert.rule}
        </Typography>
        <RespondButton
          entity={props.entity}
          alertId={alert.id}
          alertTitle={alert.rule}
          onResponded={props.onResponded}
        />
      </Box>
      <AlertOutput output={alert.output} />
      <FieldTable
        title="Alert"
        fields={summary.filter(([, v]) => v !== undefined && v !== '')}
      />
      <FieldTable
        title="Output fields"
        fields={Object.entries(alert.outputFields).sort(([a], [b]) =>
          a.localeCompare(b),
        )}
      />
      <FieldTable
        title="Other fields"
        fields={Object.entries(alert.extraFields).sort(([a], [b]) =>
          a.localeCompare(b),
        )}
      />
      {alert.history.length > 0 && (
        <Box mt={2}>
          <Typography variant="subtitle2">History</Typography>
          {alert.history.map(h => (
            <Box key={`${h.at}-${h.status}`} mt={1} data-testid="alert-history">
              <Typography variant="body2">
                {h.status} by {h.by} at {new Date(h.at).toLocaleString()}
              </Typography>
              <Typography
                variant="body2"
                color="textSecondary"
                style={{ whiteSpace: 'pre-wrap' }}
              >
                {h.comment}
              </Typography>
            </Box>
          ))}
        </Box>
      )}
      <StatusForm
        alert={alert}
        canAct={props.canAct}
        onSubmit={props.onStatus}
      />
    </>
  );
}

/**
 * Every field of one alert, rendered as text, with acknowledge/resolve. `onChanged`
 * runs after a status change so the list can reload.
 */
export function AlertDetailDrawer(props: {
  entity: CompoundEntityRef;
  alertId?: string;
  canAct: boolean;
  onClose: () => void;
  onChanged: () => void;
  /** Runs after a responder was run on the alert from its Respond dialog. */
  onResponded?: () => void;
}) {
  const { value, loading, error, setStatus } = useAlertDetail(
    props.entity,
    props.alertId,
  );
  return (
    <DetailDrawer
      open={Boolean(props.alertId)}
      onClose={props.onClose}
      testId="alert-detail"
    >
      {loading && !value && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && (
        <DetailBody
          entity={props.entity}
          alert={value}
          onResponded={props.onResponded}
          canAct={props.canAct}
          onStatus={async (status, comment) => {
            await setStatus({ status, comment });
            props.onChanged();
          }}
        />
      )}
    </DetailDrawer>
  );
}
