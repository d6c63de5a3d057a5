import { SourceStatus } from '@containersec/plugin-container-security-common';
import Alert from '@material-ui/lab/Alert';

/**
 * Says which sources could not be read on their last sync, so a partial answer is never
 * mistaken for a complete one.
 */
export function SourceStatusAlert(props: { sources: SourceStatus[] }) {
  const failed = props.sources.filter(s => !s.ok);
  if (failed.length === 0) return null;
  return (
    <Alert severity="warning" data-testid="source-status-alert">
      Some sources could not be read on their last sync; what is shown for them
      may be out of date.
      <ul>
        {failed.map(s => (
          <li key={`${s.source}/${s.cluster}`}>
            {s.cluster} ({s.source}): {s.message ?? 'unknown error'}
          </li>
        ))}
      </ul>
    </Alert>
  );
}
