import { AuditSourceStatus } from '@containersec/plugin-container-security-common';
import Alert from '@material-ui/lab/Alert';

/** Names the audit sources whose last run failed, so a partial timeline is not taken as complete. */
export function AuditSourcesAlert(props: { sources: AuditSourceStatus[] }) {
  const failed = props.sources.filter(
    s => s.status === 'error' || s.status === 'access-denied',
  );
  if (!failed.length) return null;
  return (
    <Alert severity="warning" data-testid="audit-source-alert">
      Some audit sources could not be read on their last run; recent events may
      be missing.
      <ul>
        {failed.map(s => (
          <li key={`${s.source}/${s.accountId}/${s.region}`}>
            {s.source} {s.accountId}/{s.region}: {s.message ?? s.status}
          </li>
        ))}
      </ul>
    </Alert>
  );
}
