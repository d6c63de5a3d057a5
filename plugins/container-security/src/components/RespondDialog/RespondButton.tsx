import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ResponderAction } from '@containersec/plugin-container-security-common';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import { useState } from 'react';
import { describeError } from '../../api/describeError';
import { useInvokePermission } from '../../hooks/useResponderPermissions';
import { RespondDialog } from './RespondDialog';

/**
 * The Respond button of an alert, which opens {@link RespondDialog}. Disabled, with the
 * reason in a tooltip, for those who may not run responders on the service.
 */
export function RespondButton(props: {
  entity: CompoundEntityRef;
  alertId: string;
  alertTitle?: string;
  onResponded?: (action: ResponderAction) => void;
}) {
  const [open, setOpen] = useState(false);
  const permission = useInvokePermission(stringifyEntityRef(props.entity));
  let reason: string | undefined;
  if (permission.loading) reason = 'Checking your permissions…';
  else if (permission.error) {
    reason = `Your permissions could not be checked: ${describeError(
      permission.error,
    )}`;
  } else if (!permission.allowed) {
    reason =
      'You may not run responders on this service (permission container-security.responder.invoke).';
  }
  const button = (
    <Button
      variant="contained"
      color="secondary"
      size="small"
      disabled={Boolean(reason)}
      onClick={() => setOpen(true)}
    >
      Respond
    </Button>
  );
  return (
    <>
      {reason ? (
        <Tooltip title={reason}>
          <span data-testid="respond-disabled-reason" aria-label={reason}>
            {button}
          </span>
        </Tooltip>
      ) : (
        button
      )}
      {open && (
        <RespondDialog
          open={open}
          onClose={() => setOpen(false)}
          entity={props.entity}
          alertId={props.alertId}
          alertTitle={props.alertTitle}
          onResponded={props.onResponded}
        />
      )}
    </>
  );
}
