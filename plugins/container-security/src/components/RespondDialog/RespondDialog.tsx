import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  ResponderAction,
  ResponderFunction,
} from '@containersec/plugin-container-security-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { containerSecurityApiRef } from '../../api/ContainerSecurityApi';
import { describeError } from '../../api/describeError';
import { ActionStatus } from '../ResponseSection/ActionStatus';
import { ResultSummary, TextBlock } from '../ResponseSection/ActionsTable';
import { formatJson, formatTarget } from '../ResponseSection/format';

/** The functions that can be run on an entity (loaded while the dialog is open). */
function useResponderFunctions(entity: CompoundEntityRef, open: boolean) {
  const api = useApi(containerSecurityApiRef);
  const { kind, namespace, name } = entity;
  return useAsyncRetry(
    async () =>
      open ? api.getEntityResponders({ kind, namespace, name }) : undefined,
    [api, kind, namespace, name, open],
  );
}

function FunctionChoice(props: {
  functions: ResponderFunction[];
  value?: string;
  disabled: boolean;
  onChange: (name: string) => void;
}) {
  return (
    <FormControl component="fieldset" disabled={props.disabled}>
      <FormLabel component="legend">Function</FormLabel>
      <RadioGroup
        aria-label="Function"
        value={props.value ?? ''}
        onChange={e => props.onChange(e.target.value)}
      >
        {props.functions.map(f => (
          <FormControlLabel
            key={f.functionName}
            value={f.functionName}
            control={<Radio color="primary" />}
            label={
              <Box>
                <Typography variant="body2" style={{ fontFamily: 'monospace' }}>
                  {f.functionName}
                </Typography>
                {f.description && (
                  <Typography variant="caption" color="textSecondary">
                    {f.description}
                  </Typography>
                )}
              </Box>
            }
          />
        ))}
      </RadioGroup>
    </FormControl>
  );
}

function ActionOutcome(props: {
  title: string;
  action: ResponderAction;
  testId: string;
}) {
  const { action } = props;
  return (
    <Box mt={2} data-testid={props.testId}>
      <Typography variant="subtitle1">{props.title}</Typography>
      <ActionStatus action={action} />
      <Typography variant="body2">
        Target: {formatTarget(action.target)}
      </Typography>
      <ResultSummary action={action} />
      <TextBlock
        title="Payload"
        text={formatJson(action.payload)}
        testId={`${props.testId}-payload`}
      />
      <TextBlock
        title="Returned payload"
        text={formatJson(action.result?.payload)}
      />
      <TextBlock title="Log tail" text={action.result?.logTail} />
    </Box>
  );
}

/** Props of {@link RespondDialog}. */
export interface RespondDialogProps {
  open: boolean;
  onClose: () => void;
  entity: CompoundEntityRef;
  /** The alert responded to: its pod and workload become the target. */
  alertId?: string;
  /** What the alert is, for the title. */
  alertTitle?: string;
  /** Runs after a real (not dry) run was started. */
  onResponded?: (action: ResponderAction) => void;
}

/**
 * Respond to an alert: pick an allowed function, preview the payload with Lambda's
 * `DryRun` (nothing acts), then run it and see the outcome.
 */
export function RespondDialog(props: RespondDialogProps) {
  const api = useApi(containerSecurityApiRef);
  const responders = useResponderFunctions(props.entity, props.open);
  const [chosen, setChosen] = useState<string>();
  const [preview, setPreview] = useState<ResponderAction>();
  const [outcome, setOutcome] = useState<ResponderAction>();
  const [busy, setBusy] = useState<'preview' | 'run'>();
  const [error, setError] = useState<string>();

  const functions = responders.value?.functions ?? [];
  const functionName =
    chosen ?? (functions.length === 1 ? functions[0].functionName : undefined);
  const previewed =
    preview?.functionName === functionName ? preview : undefined;

  const invoke = async (dryRun: boolean) => {
    if (!functionName) return;
    setBusy(dryRun ? 'preview' : 'run');
    setError(undefined);
    try {
      const action = await api.invokeEntityResponder(props.entity, {
        functionName,
        alertId: props.alertId,
        dryRun,
      });
      if (dryRun) {
        setPreview(action);
      } else {
        setOutcome(action);
        props.onResponded?.(action);
      }
    } catch (e) {
      setError(`${dryRun ? 'Dry run' : 'Run'} failed: ${describeError(e)}`);
    } finally {
      setBusy(undefined);
    }
  };

  const close = () => {
    setChosen(undefined);
    setPreview(undefined);
    setOutcome(undefined);
    setError(undefined);
    props.onClose();
  };

  let body;
  if (responders.loading) {
    body = <Progress />;
  } else if (responders.error) {
    body = <ResponseErrorPanel error={responders.error} />;
  } else if (functions.length === 0) {
    body = (
      <EmptyState
        missing="field"
        title="No responder to run"
        description="No Lambda function is allow-listed for responders: add it under containerSecurity.responders.functions in app-config.yaml."
      />
    );
  } else {
    body = (
      <>
        {responders.value && !responders.value.enabled && (
          <Box mb={2}>
            <WarningPanel
              title="Responders are switched off"
              message="The kill switch is on or responders are not configured: runs are recorded as suppressed and nothing acts."
            />
          </Box>
        )}
        <FunctionChoice
          functions={functions}
          value={functionName}
          disabled={Boolean(busy) || Boolean(outcome)}
          onChange={name => {
            setChosen(name);
            setError(undefined);
          }}
        />
        <Typography variant="body2" color="textSecondary">
          Preview first: Lambda's DryRun checks that the function may be invoked
          and shows the payload it would get; nothing acts until you press Run.
        </Typography>
        {previewed && (
          <ActionOutcome
            title="Dry run"
            action={previewed}
            testId="respond-preview"
          />
        )}
        {outcome && (
          <ActionOutcome
            title="Outcome"
            action={outcome}
            testId="respond-outcome"
          />
        )}
        {busy && <Progress />}
      </>
    );
  }

  return (
    <Dialog open={props.open} onClose={close} maxWidth="md" fullWidth>
      <DialogTitle>
        Respond{props.alertTitle ? ` to “${props.alertTitle}”` : ''}
      </DialogTitle>
      <DialogContent dividers data-testid="respond-dialog">
        {body}
        {error && (
          <Box mt={2}>
            <Alert severity="error" data-testid="respond-error">
              {error}
            </Alert>
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={close}>{outcome ? 'Close' : 'Cancel'}</Button>
        <Button
          variant="outlined"
          disabled={!functionName || Boolean(busy) || Boolean(outcome)}
          onClick={() => invoke(true)}
        >
          Preview (dry run)
        </Button>
        <Button
          variant="contained"
          color="primary"
          disabled={!previewed || Boolean(busy) || Boolean(outcome)}
          onClick={() => invoke(false)}
        >
          Run
        </Button>
      </DialogActions>
    </Dialog>
  );
}
