import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { describeError } from '../../api/describeError';

/**
 * What a card shows before its answer is there: progress while it loads, else the
 * error titled "<what> unavailable: <reason>", so the card says which part failed.
 */
export function LoadingOrUnavailable(props: {
  loading: boolean;
  error?: Error;
  /** What failed, capitalised: "Cost", "Posture". */
  what: string;
}) {
  const { error } = props;
  if (props.loading || !error) return <Progress />;
  return (
    <ResponseErrorPanel
      error={error}
      title={`${props.what} unavailable: ${describeError(error)}`}
    />
  );
}
