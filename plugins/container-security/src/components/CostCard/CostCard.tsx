import { EmptyState, InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  EntityCostResponse,
  isContainerSecurityAvailable,
} from '@containersec/plugin-container-security-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useEntityCost } from '../../hooks/useEntityCost';
import { MissingKubernetesAnnotation } from '../EmptyStates';
import { formatMoney } from './formatMoney';
import { Figure } from '../Figure';
import { LoadingOrUnavailable } from '../LoadingOrUnavailable';

/** The estimate and savings of an answer; used by the card and the Cost section. */
export function CostSummary(props: { cost: EntityCostResponse }) {
  const { cost } = props;
  const savingsHints = cost.hints.filter(h => h.monthlySavings > 0).length;
  const risks = cost.hints.filter(h => h.type === 'limit-risk').length;
  return (
    <Grid container spacing={2}>
      <Figure
        xs={6}
        testId="cost-monthly"
        label="Estimated monthly cost"
        value={formatMoney(cost.monthlyCost, cost.currency)}
      />
      <Figure
        xs={6}
        testId="cost-savings"
        label="Potential savings a month"
        value={formatMoney(cost.potentialSavings, cost.currency)}
      />
      <Grid item xs={12}>
        <Typography variant="body2" data-testid="cost-hint-count">
          {`${savingsHints} saving hint${
            savingsHints === 1 ? '' : 's'
          }, ${risks} limit risk${risks === 1 ? '' : 's'} across ${
            cost.workloads.length
          } workload${cost.workloads.length === 1 ? '' : 's'} with metrics`}
        </Typography>
      </Grid>
    </Grid>
  );
}

/** Nothing to estimate yet: no workload of the entity has metrics. */
export function NoCostDataEmptyState() {
  return (
    <EmptyState
      missing="data"
      title="No cost data yet"
      description="None of this service's workloads has metrics yet. Configure containerSecurity.cost (CloudWatch Container Insights, Prometheus or snapshot files) and wait for the next pull."
    />
  );
}

function CardBody() {
  const { value, loading, error } = useEntityCost();
  if (loading || error) {
    return <LoadingOrUnavailable loading={loading} error={error} what="Cost" />;
  }
  if (!value || value.workloads.length === 0) return <NoCostDataEmptyState />;
  return <CostSummary cost={value} />;
}

/**
 * The Cost card of an entity's Overview tab: the current monthly estimate and what the
 * cost hints would save.
 *
 * @public
 */
export function CostCard() {
  const { entity } = useEntity();
  return (
    <InfoCard title="Cost" subheader="Estimated from workload metrics">
      {isContainerSecurityAvailable(entity) ? (
        <CardBody />
      ) : (
        <MissingKubernetesAnnotation />
      )}
    </InfoCard>
  );
}
