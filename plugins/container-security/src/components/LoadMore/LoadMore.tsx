import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { describeError } from '../../api/describeError';

/** Props of {@link LoadMore}: the paging state of `useKeysetPages`. */
export interface LoadMoreProps {
  hasMore: boolean;
  loadMore: () => void;
  loadingMore: boolean;
  loadMoreError?: Error;
  /** What the list holds, plural: "alerts", "events". */
  noun: string;
  /** How the next page relates to this one: "older" (default) for lists newest first, "more" otherwise. */
  which?: 'older' | 'more';
}

/** The footer of a paged list: why the next page failed, and the button for it. */
export function LoadMore(props: LoadMoreProps) {
  return (
    <>
      {props.loadMoreError && (
        <Typography color="error" variant="body2">
          {props.which === 'more' ? 'More' : 'Older'} {props.noun} did not load:{' '}
          {describeError(props.loadMoreError)}
        </Typography>
      )}
      {props.hasMore && (
        <Box mt={1}>
          <Button
            onClick={props.loadMore}
            disabled={props.loadingMore}
            variant="outlined"
          >
            Load {props.which ?? 'older'} {props.noun}
          </Button>
        </Box>
      )}
    </>
  );
}
