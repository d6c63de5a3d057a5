import { EmptyState, InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import { useState } from 'react';
import { AuditFilterState } from '../../hooks/useEntityAuditPages';
import { useRiskyEvents } from '../../hooks/useRiskyEvents';
import { AuditEventsTable } from '../AuditSection/AuditEventsTable';
import {
  AuditFilters,
  DEFAULT_AUDIT_FILTERS,
} from '../AuditSection/AuditFilters';
import { AuditSourcesAlert } from '../AuditSection/AuditSourcesAlert';
import { PagedList } from '../LoadMore';

/** The org-wide list of risky CloudTrail events with the services they touched. */
export function RiskyEvents() {
  const [filters, setFilters] = useState<AuditFilterState>(
    DEFAULT_AUDIT_FILTERS,
  );
  const risky = useRiskyEvents(filters);

  return (
    <InfoCard
      title="Risky events"
      subheader="CloudTrail events across all accounts that match a risky-event rule"
    >
      <Box data-testid="risky-events">
        {risky.first && <AuditSourcesAlert sources={risky.first.sources} />}
        <AuditFilters value={filters} onChange={setFilters} hideRiskyOnly />
        <Box mt={2}>
          <PagedList
            list={risky}
            noun="events"
            empty={
              <EmptyState
                missing="data"
                title="No risky events"
                description="No stored CloudTrail event matches a risky-event rule and these filters."
              />
            }
          >
            <AuditEventsTable
              label="Risky events"
              events={risky.items}
              showServices
            />
          </PagedList>
        </Box>
      </Box>
    </InfoCard>
  );
}
