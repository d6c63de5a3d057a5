import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import { useEntityWorkloads } from '../../hooks/useEntityWorkloads';
import { NoWorkloadsEmptyState } from '../EmptyStates';
import { SectionHeader } from '../SectionHeader';
import { SourceStatusAlert } from '../SourceStatusAlert';
import { WorkloadsTable } from '../WorkloadsTable';

/** The Workloads area of the Security tab: the workloads the entity's annotations match. */
export function WorkloadsArea() {
  const { value, loading, error } = useEntityWorkloads();
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  return (
    <>
      <SectionHeader
        title="Workloads"
        description="Workloads whose labels match this entity's Kubernetes annotations"
      />
      <SourceStatusAlert sources={value?.sources ?? []} />
      {/* A wide table scrolls inside itself rather than widening the page. */}
      <Box mt={3} style={{ overflowX: 'auto' }}>
        <WorkloadsTable
          title="Workloads"
          workloads={value?.workloads ?? []}
          emptyContent={<NoWorkloadsEmptyState />}
        />
      </Box>
    </>
  );
}
