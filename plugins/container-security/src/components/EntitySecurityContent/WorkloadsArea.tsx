import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
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
    <Grid container spacing={3} direction="column">
      <Grid item>
        <SectionHeader
          title="Workloads"
          description="Workloads whose labels match this entity's Kubernetes annotations"
        />
        <SourceStatusAlert sources={value?.sources ?? []} />
      </Grid>
      <Grid item>
        <WorkloadsTable
          title="Workloads"
          workloads={value?.workloads ?? []}
          emptyContent={<NoWorkloadsEmptyState />}
        />
      </Grid>
    </Grid>
  );
}
