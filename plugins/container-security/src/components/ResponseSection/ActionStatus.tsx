import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import { ResponderAction } from '@containersec/plugin-container-security-common';
import { STATUS_LABELS } from './format';

const SUPPRESSIONS: Record<
  NonNullable<ResponderAction['suppressedBy']>,
  string
> = {
  'kill-switch': 'kill switch',
  'rule-cooldown': 'rule cooldown',
  'service-cooldown': 'service cooldown',
  'hourly-limit': 'hourly limit',
  'not-opted-in': 'service not opted in',
  'not-allow-listed': 'function not allow-listed',
  'untrusted-source': 'untrusted alert source',
};

/** An action's status with the theme's status colour; a suppression names its limit. */
export function ActionStatus(props: { action: ResponderAction }) {
  const { status, suppressedBy } = props.action;
  const label =
    status === 'suppressed' && suppressedBy
      ? `${STATUS_LABELS[status]} (${
          SUPPRESSIONS[suppressedBy] ?? suppressedBy
        })`
      : STATUS_LABELS[status] ?? status;
  const content = <span data-testid="action-status">{label}</span>;
  switch (status) {
    case 'succeeded':
      return <StatusOK>{content}</StatusOK>;
    case 'failed':
      return <StatusError>{content}</StatusError>;
    case 'pending-approval':
      return <StatusPending>{content}</StatusPending>;
    case 'running':
      return <StatusRunning>{content}</StatusRunning>;
    case 'suppressed':
      return <StatusWarning>{content}</StatusWarning>;
    default:
      return <StatusAborted>{content}</StatusAborted>;
  }
}
