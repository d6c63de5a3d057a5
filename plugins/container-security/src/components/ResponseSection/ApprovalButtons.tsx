import { useApi } from '@backstage/core-plugin-api';
import { ResponderAction } from '@containersec/plugin-container-security-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { containerSecurityApiRef } from '../../api/ContainerSecurityApi';
import { describeError } from '../../api/describeError';
import { useApprovePermission } from '../../hooks/useResponderPermissions';
import { STATUS_LABELS } from './format';
import { useNotify } from '../../hooks/useNotify';

/** Why the Approve and Reject buttons are disabled, or undefined when they are not. */
function disabledReason(
  entityRef: string | undefined,
  permission: { loading: boolean; allowed: boolean; error?: Error },
): string | undefined {
  if (!entityRef) {
    return 'This action is not attributed to a service, so no one can approve it here.';
  }
  if (permission.loading) return 'Checking your permissions…';
  if (permission.error) {
    return `Your permissions could not be checked: ${describeError(
      permission.error,
    )}`;
  }
  if (!permission.allowed) {
    return 'You may not approve or reject responder actions on this service (permission container-security.responder.approve).';
  }
  return undefined;
}

/**
 * Approve and Reject of one pending action, enabled only for those allowed to decide
 * on the action's service. A refusal from the server is shown under the buttons.
 */
export function ApprovalButtons(props: {
  action: ResponderAction;
  /** The service, when the action itself does not name one. */
  entityRef?: string;
  onDecided: (action: ResponderAction) => void;
}) {
  const { action } = props;
  const api = useApi(containerSecurityApiRef);
  const notify = useNotify();
  const entityRef = action.entityRef ?? props.entityRef;
  const permission = useApprovePermission(entityRef);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const reason = disabledReason(entityRef, permission);

  const decide = async (decision: 'approve' | 'reject') => {
    setBusy(true);
    setError(undefined);
    try {
      const updated =
        decision === 'approve'
          ? await api.approveResponderAction(action.id)
          : await api.rejectResponderAction(action.id);
      notify({
        title: `${decision === 'approve' ? 'Approved' : 'Rejected'}: ${
          updated.functionName
        } is now ${STATUS_LABELS[updated.status] ?? updated.status}.`,
        status: updated.status === 'failed' ? 'warning' : 'success',
      });
      props.onDecided(updated);
    } catch (e) {
      setError(
        `${
          decision === 'approve' ? 'Approval' : 'Rejection'
        } failed: ${describeError(e)}`,
      );
    } finally {
      setBusy(false);
    }
  };

  const buttons = (
    <Box display="flex" style={{ gap: 8 }}>
      <Button
        size="small"
        variant="contained"
        color="primary"
        disabled={Boolean(reason) || busy}
        onClick={() => decide('approve')}
      >
        Approve
      </Button>
      <Button
        size="small"
        variant="outlined"
        disabled={Boolean(reason) || busy}
        onClick={() => decide('reject')}
      >
        Reject
      </Button>
    </Box>
  );
  return (
    <Box data-testid="approval-buttons">
      {reason ? (
        <Tooltip title={reason}>
          {/* A disabled button fires no events; the span carries the tooltip. */}
          <span data-testid="approval-disabled-reason" aria-label={reason}>
            {buttons}
          </span>
        </Tooltip>
      ) : (
        buttons
      )}
      {error && (
        <Box mt={1} maxWidth={360} style={{ whiteSpace: 'normal' }}>
          <Alert severity="error" data-testid="approval-error">
            {error}
          </Alert>
        </Box>
      )}
    </Box>
  );
}
