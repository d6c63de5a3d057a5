import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  isContainerSecurityAvailable,
  KUBERNETES_ANNOTATIONS,
} from '@containersec/plugin-container-security-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useEntityWorkloads } from '../../hooks/useEntityWorkloads';
import { SourceStatusAlert } from '../SourceStatusAlert';

function Figure(props: { label: string; value: number }) {
  return (
    <Grid item xs={4} data-testid={`figure-${props.label}`}>
      <Typography variant="h4" component="p">
        {props.value}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {props.label}
      </Typography>
    </Grid>
  );
}

function CardBody() {
  const { value, loading, error } = useEntityWorkloads();
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value || value.workloads.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No workloads found"
        description="No workload in the connected clusters or manifests carries this entity's Kubernetes labels yet."
      />
    );
  }
  const containers = value.workloads.flatMap(w => w.containers);
  const images = new Set(containers.map(c => c.image));
  const namespaces = new Set(value.workloads.map(w => w.namespace));
  return (
    <>
      <SourceStatusAlert sources={value.sources} />
      <Grid container spacing={2}>
        <Figure label="Workloads" value={value.workloads.length} />
        <Figure label="Containers" value={containers.length} />
        <Figure label="Images" value={images.size} />
      </Grid>
      <Typography variant="body2" color="textSecondary">
        In {[...namespaces].sort().join(', ')}
      </Typography>
    </>
  );
}

/**
 * The Security card for an entity's Overview tab.
 *
 * @public
 */
export function SecurityOverviewCard() {
  const { entity } = useEntity();
  return (
    <InfoCard title="Container security">
      {isContainerSecurityAvailable(entity) ? (
        <CardBody />
      ) : (
        <MissingAnnotationEmptyState
          annotation={[KUBERNETES_ANNOTATIONS.id, KUBERNETES_ANNOTATIONS.labelSelector]}
        />
      )}
    </InfoCard>
  );
}
