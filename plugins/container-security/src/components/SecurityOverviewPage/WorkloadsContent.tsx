import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import { useWorkloadList } from '../../hooks/useWorkloadList';
import { LoadMore } from '../LoadMore';
import { SourceStatusAlert } from '../SourceStatusAlert';
import { WorkloadsTable } from '../WorkloadsTable';

/** Every workload in the org, with the state of the sources. */
export function WorkloadsContent() {
  const list = useWorkloadList();
  const { value, loading, error } = list;
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  return (
    <>
      <SourceStatusAlert sources={value?.sources ?? []} />
      {/* A wide table scrolls inside itself rather than widening the page. */}
      <Box mt={3} style={{ overflowX: 'auto' }}>
        <WorkloadsTable
          title={`All workloads (${value?.totalCount ?? 0})`}
          workloads={value?.items ?? []}
          emptyContent={
            <EmptyState
              missing="data"
              title="No workloads yet"
              description="Configure containerSecurity.workloads or the kubernetes clusters, then wait for the first sync."
            />
          }
        />
        <LoadMore {...list} noun="workloads" which="more" />
      </Box>
    </>
  );
}
