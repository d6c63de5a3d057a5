import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { AWS_ANNOTATION_PREFIX } from '@containersec/plugin-container-security-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useEntityAudit } from '../../hooks/useEntityAudit';
import { useUrlFilters } from '../../hooks/useUrlFilters';
import { AuditEventsTable } from './AuditEventsTable';
import { AuditFilters, DEFAULT_AUDIT_FILTERS } from './AuditFilters';
import { AuditSourcesAlert } from './AuditSourcesAlert';
import { LoadMore } from '../LoadMore';
import {
  auditFiltersFromParams,
  auditFiltersToParams,
} from './auditFilterParams';

/**
 * The Audit section of the Security tab: CloudTrail events that touched the service's
 * annotated AWS resources or were made by the roles it runs as, with risky ones
 * highlighted. Served from the portal's store; a page load never calls AWS.
 */
export function AuditSection() {
  const [filters, setFilters] = useUrlFilters(
    auditFiltersFromParams,
    auditFiltersToParams,
    DEFAULT_AUDIT_FILTERS,
  );
  const audit = useEntityAudit(filters);
  const value = audit.first;

  let body;
  if (audit.loading) {
    body = <Progress />;
  } else if (audit.error) {
    body = <ResponseErrorPanel error={audit.error} />;
  } else if (value && !value.hasAwsResources) {
    body = (
      <EmptyState
        missing="field"
        title="No AWS resources annotated"
        description={`Add ${AWS_ANNOTATION_PREFIX}iam-roles, ecr-repositories, eks-cluster or arns annotations to this entity to see who touched its cloud resources.`}
      />
    );
  } else if (audit.items.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title="No audit events"
        description="CloudTrail recorded nothing for this service's AWS resources that matches these filters."
      />
    );
  } else {
    body = (
      <>
        <AuditEventsTable label="Audit events" events={audit.items} />
        <LoadMore {...audit} noun="events" />
      </>
    );
  }

  return (
    <InfoCard
      title="Audit activity"
      subheader="CloudTrail events on this service's AWS resources: who, what, from where"
    >
      <Box data-testid="audit-section">
        {value && <AuditSourcesAlert sources={value.sources} />}
        {value && value.invalidAnnotations.length > 0 && (
          <Typography variant="body2" color="error">
            Ignored annotation values: {value.invalidAnnotations.join('; ')}
          </Typography>
        )}
        <AuditFilters value={filters} onChange={setFilters} />
        <Box mt={2}>{body}</Box>
      </Box>
    </InfoCard>
  );
}
