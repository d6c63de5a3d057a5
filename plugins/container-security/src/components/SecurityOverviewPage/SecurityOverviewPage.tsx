import {
  Content,
  EmptyState,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import { useSearchParams } from 'react-router-dom';
import { useWorkloadList } from '../../hooks/useWorkloadList';
import { AlertsOverview } from '../AlertsOverview';
import { CostOverview } from '../CostOverview';
import { ResponsesOverview } from '../ResponsesOverview';
import { RiskyEvents } from '../RiskyEvents';
import { ScorecardsContent } from '../Scorecards';
import { SourceStatusAlert } from '../SourceStatusAlert';
import { WorkloadsTable } from '../WorkloadsTable';

/** Every workload in the org, with the state of the sources. */
export function WorkloadsContent() {
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

const TABS = [
  { id: 'scorecard', label: 'Scorecard' },
  { id: 'workloads', label: 'Workloads' },
  { id: 'alerts', label: 'Alerts' },
  { id: 'cost', label: 'Cost' },
  { id: 'risky-events', label: 'Risky events' },
  { id: 'responses', label: 'Responses' },
] as const;

type TabId = (typeof TABS)[number]['id'];

/**
 * The org-wide content, without the page chrome: the Scorecard tab (the default) and
 * the Workloads tab, chosen through `?tab=`.
 */
export function SecurityOverviewContent() {
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = searchParams.get('tab');
  const tab: TabId = TABS.some(t => t.id === requested)
    ? (requested as TabId)
    : 'scorecard';
  const select = (next: TabId) => {
    const params = new URLSearchParams(searchParams);
    if (next === 'scorecard') params.delete('tab');
    else params.set('tab', next);
    setSearchParams(params, { replace: true });
  };
  return (
    <>
      <Box mb={3}>
        <Tabs
          value={tab}
          onChange={(_e, next) => select(next as TabId)}
          indicatorColor="primary"
          textColor="primary"
          aria-label="Security views"
        >
          {TABS.map(t => (
            <Tab
              key={t.id}
              value={t.id}
              label={t.label}
              id={`security-tab-${t.id}`}
              aria-controls={`security-tabpanel-${t.id}`}
              data-testid={`security-tab-${t.id}`}
            />
          ))}
        </Tabs>
      </Box>
      <div
        role="tabpanel"
        id={`security-tabpanel-${tab}`}
        aria-labelledby={`security-tab-${tab}`}
      >
        {tab === 'scorecard' && <ScorecardsContent />}
        {tab === 'workloads' && <WorkloadsContent />}
        {tab === 'alerts' && <AlertsOverview />}
        {tab === 'cost' && <CostOverview />}
        {tab === 'risky-events' && <RiskyEvents />}
        {tab === 'responses' && <ResponsesOverview />}
      </div>
    </>
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
