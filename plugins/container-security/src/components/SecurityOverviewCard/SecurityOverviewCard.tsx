import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { isContainerSecurityAvailable } from '@containersec/plugin-container-security-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useEntityPosture } from '../../hooks/useEntityPosture';
import { useEntityVulnerabilities } from '../../hooks/useEntityVulnerabilities';
import { useEntityWorkloads } from '../../hooks/useEntityWorkloads';
import {
  MissingKubernetesAnnotation,
  NoWorkloadsEmptyState,
} from '../EmptyStates';
import { PostureHeadline } from '../PostureSection';
import { SourceStatusAlert } from '../SourceStatusAlert';
import { Figure } from '../Figure';
import { LoadingOrUnavailable } from '../LoadingOrUnavailable';

/** Grade, score, counts and trend; its own loading and error states. */
function PostureSummary() {
  const { value, loading, error } = useEntityPosture();
  if (loading || error) {
    return (
      <LoadingOrUnavailable loading={loading} error={error} what="Posture" />
    );
  }
  if (!value) return null;
  return (
    <Box mb={2}>
      <PostureHeadline
        score={value.score}
        grade={value.grade}
        counts={value.counts}
        trend={value.trend}
        gradeTestId="posture-grade"
      />
    </Box>
  );
}

/** Critical and high totals once at least one image has a report; otherwise nothing. */
function VulnerabilitiesLine() {
  const { value } = useEntityVulnerabilities();
  if (!value || !value.images.some(i => i.report)) return null;
  const { totals, fixable } = value;
  return (
    <Box mb={2}>
      <Typography variant="body2" data-testid="card-vulnerabilities">
        {`Vulnerabilities: ${totals.critical ?? 0} critical, ${
          totals.high ?? 0
        } high (${fixable} fixable)`}
      </Typography>
    </Box>
  );
}

function CardBody() {
  const { value, loading, error } = useEntityWorkloads();
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value || value.workloads.length === 0) {
    return <NoWorkloadsEmptyState />;
  }
  const containers = value.workloads.flatMap(w => w.containers);
  const images = new Set(containers.map(c => c.image));
  const namespaces = new Set(value.workloads.map(w => w.namespace));
  return (
    <>
      <SourceStatusAlert sources={value.sources} />
      <PostureSummary />
      <VulnerabilitiesLine />
      <Grid container spacing={2}>
        <Figure
          xs={4}
          testId="figure-Workloads"
          label="Workloads"
          value={value.workloads.length}
        />
        <Figure
          xs={4}
          testId="figure-Containers"
          label="Containers"
          value={containers.length}
        />
        <Figure
          xs={4}
          testId="figure-Images"
          label="Images"
          value={images.size}
        />
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
        <MissingKubernetesAnnotation />
      )}
    </InfoCard>
  );
}
