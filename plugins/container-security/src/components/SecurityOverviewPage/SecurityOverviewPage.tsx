import {
  Content,
  EmptyState,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { useWorkloadList } from '../../hooks/useWorkloadList';
import { SourceStatusAlert } from '../SourceStatusAlert';
import { WorkloadsTable } from '../WorkloadsTable';

/** The org-wide content, without the page chrome (the new frontend system adds its own). */
export function SecurityOverviewContent() {
  const { value, loading, error } = useWorkloadList();
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  return (
    <Grid container spacing={3} direction="column">
      <Grid item>
        <SourceStatusAlert sources={value?.sources ?? []} />
      </Grid>
      <Grid item>
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
      </Grid>
    </Grid>
  );
}

/**
 * The org-wide Security page.
 *
 * @public
 */
export function SecurityOverviewPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Security"
        subtitle="Container security across every service"
      />
      <Content>
        <SecurityOverviewContent />
      </Content>
    </Page>
  );
}
