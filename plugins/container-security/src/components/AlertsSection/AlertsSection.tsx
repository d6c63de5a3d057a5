import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  AlertFilterState,
  useEntityAlerts,
  useEntityAlertsSignal,
} from '../../hooks/useEntityAlerts';
import { useEntityAlertsHistogram } from '../../hooks/useEntityAlertsHistogram';
import { useUrlFilters } from '../../hooks/useUrlFilters';
import { AlertDetailDrawer } from './AlertDetailDrawer';
import { AlertFilters, DEFAULT_ALERT_FILTERS } from './AlertFilters';
import { AlertsTable } from './AlertsTable';
import {
  alertFiltersFromParams,
  alertFiltersToParams,
} from './alertFilterParams';
import { PRIORITIES_BOTTOM_UP } from './priorities';
import { useSecurityPalette } from '../../theme';
import { StackedHistogram } from './StackedHistogram';
import { PagedList } from '../LoadMore';

function Histogram(props: { filters: AlertFilterState; generation: number }) {
  const palette = useSecurityPalette();
  const { value, loading, error } = useEntityAlertsHistogram(
    props.filters,
    props.generation,
  );
  if (loading && !value) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;
  return (
    <StackedHistogram
      title="Alerts by priority"
      buckets={value.buckets}
      bucketMs={value.bucketMs}
      series={PRIORITIES_BOTTOM_UP}
      colorOf={p => palette.priority[p as keyof typeof palette.priority]}
    />
  );
}

/**
 * The Alerts section of the Security tab: Falco alerts of the entity's pods with a
 * histogram by priority, filters, a table and a detail drawer (with Respond). New alerts
 * appear without a reload when the backend's signals reach the page. `onResponded` runs
 * after a responder was run from an alert.
 */
export function AlertsSection(props: { onResponded?: () => void }) {
  const [filters, setFilters] = useUrlFilters(
    alertFiltersFromParams,
    alertFiltersToParams,
    DEFAULT_ALERT_FILTERS,
  );
  const [searchParams, setSearchParams] = useSearchParams();
  const grouped = searchParams.get('group') !== 'off';
  const setGrouped = (on: boolean) =>
    setSearchParams(
      current => {
        const next = new URLSearchParams(current);
        if (on) next.delete('group');
        else next.set('group', 'off');
        return next;
      },
      { replace: true },
    );
  const [openId, setOpenId] = useState<string>();
  const { generation, isSignalsAvailable } = useEntityAlertsSignal();
  const [localGeneration, setLocalGeneration] = useState(0);
  const live = generation + localGeneration;
  const alerts = useEntityAlerts(filters, live);

  return (
    <InfoCard
      title="Runtime alerts"
      subheader={
        isSignalsAvailable
          ? 'Falco alerts of this service, updated live'
          : 'Falco alerts of this service'
      }
    >
      <Box data-testid="alerts-section">
        <AlertFilters value={filters} onChange={setFilters} />
        <Box mt={2}>
          <Histogram filters={filters} generation={live} />
        </Box>
        <Box mt={2}>
          <PagedList
            list={alerts}
            noun="alerts"
            empty={
              <EmptyState
                missing="data"
                title="No alerts"
                description="Falco reported nothing for this service's pods that matches these filters."
              />
            }
          >
            <FormControlLabel
              control={
                <Switch
                  checked={grouped}
                  onChange={e => setGrouped(e.target.checked)}
                  color="primary"
                />
              }
              label="Group repeated alerts"
            />
            <AlertsTable
              label="Alerts"
              alerts={alerts.items}
              grouped={grouped}
              onOpen={a => setOpenId(a.id)}
            />
          </PagedList>
        </Box>
      </Box>
      <AlertDetailDrawer
        entity={alerts.entityRef}
        alertId={openId}
        canAct={alerts.canAct}
        onClose={() => setOpenId(undefined)}
        onChanged={() => setLocalGeneration(g => g + 1)}
        onResponded={props.onResponded}
      />
    </InfoCard>
  );
}
